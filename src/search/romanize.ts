/**
 * Romanisation of names into the spelling English texts use, so that a name
 * typed in Armenian, Cyrillic or Azerbaijani Latin meets the same name in an
 * English text: Սումգայիթ → sumgayit, Ходжалы → khojaly, Xocalı → khojali.
 *
 * Why our own tables: library transliterators aim at reversibility, not at the
 * English spelling of names. They render Armenian ու as "ow" and mark aspirates
 * with apostrophes (t'), which no English text writes. The tables below follow
 * the BGN/PCGN conventions that English-language press uses, simplified to
 * plain ASCII. Input must already be normalised (lowercase, NFKC).
 */

const ARMENIAN: Readonly<Record<string, string>> = {
  ա: 'a',
  բ: 'b',
  գ: 'g',
  դ: 'd',
  ե: 'e',
  զ: 'z',
  է: 'e',
  ը: 'y',
  թ: 't',
  ժ: 'zh',
  ի: 'i',
  լ: 'l',
  խ: 'kh',
  ծ: 'ts',
  կ: 'k',
  հ: 'h',
  ձ: 'dz',
  ղ: 'gh',
  ճ: 'ch',
  մ: 'm',
  յ: 'y',
  ն: 'n',
  շ: 'sh',
  ո: 'o',
  չ: 'ch',
  պ: 'p',
  ջ: 'j',
  ռ: 'r',
  ս: 's',
  վ: 'v',
  տ: 't',
  ր: 'r',
  ց: 'ts',
  փ: 'p',
  ք: 'k',
  և: 'ev',
  ւ: 'v',
  օ: 'o',
  ֆ: 'f',
};

const RUSSIAN: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  і: 'i',
  ә: 'a',
  ғ: 'gh',
  қ: 'q',
  ң: 'n',
  ө: 'o',
  ү: 'u',
  һ: 'h',
  ҹ: 'j',
  ҝ: 'g',
  ј: 'y',
};

const AZERBAIJANI: Readonly<Record<string, string>> = {
  ə: 'a',
  ı: 'i',
  ş: 'sh',
  ç: 'ch',
  ğ: 'gh',
  ö: 'o',
  ü: 'u',
  x: 'kh',
  c: 'j',
  q: 'g',
};

/** Armenian → English-style Latin. ու is one letter, "u"; initial ե/ո are "ye"/"vo". */
export function romanizeArmenian(word: string): string {
  let out = '';
  const chars = [...word];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    const next = chars[i + 1];
    if (ch === 'ո' && next === 'ւ') {
      out += 'u';
      i++;
    } else if (i === 0 && ch === 'ե') out += 'ye';
    else if (i === 0 && ch === 'ո') out += 'vo';
    else out += ARMENIAN[ch] ?? ch;
  }
  return out;
}

/** Russian (and other Cyrillic) → English-style Latin; дж is "j" as in Ходжалы → Khojaly. */
export function romanizeCyrillic(word: string): string {
  let out = '';
  const chars = [...word];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    if (ch === 'д' && chars[i + 1] === 'ж') {
      out += 'j';
      i++;
    } else out += RUSSIAN[ch] ?? ch;
  }
  return out;
}

/** Azerbaijani Latin → English-style Latin: Xocalı → khojali, Qarabağ → garabagh. */
export function romanizeAzerbaijani(word: string): string {
  let out = '';
  for (const ch of word) out += AZERBAIJANI[ch] ?? ch;
  return out;
}
