/**
 * Text normalisation shared by every analysis path: Unicode NFKC plus a case
 * fold that is safe for all four languages of the library.
 *
 * Why not plain `toLowerCase()`: it lowercases Azerbaijani `İ` to `i` + U+0307
 * (combining dot above), so `insan` would never match `İnsan`. It also leaves
 * Russian `ё` distinct from `е`, although Russian text uses them
 * interchangeably, and keeps Armenian in-word emphasis and question marks
 * (`՛ ՜ ՞`) that users never type.
 */

const COMBINING_DOT_ABOVE = /\u0307/g;
const ARMENIAN_WORD_MARKS = /[\u055B-\u055E]/g;
const DIGIT_GROUP_COMMA = /(?<=\d)[,\u00A0\u202F](?=\d{3}(?!\d))/g;

/** Unicode NFKC, then a language-neutral case fold. Idempotent. */
export function normalize(text: string): string {
  return (
    text
      .normalize('NFKC')
      // Fold the dotted capital before lowercasing so no U+0307 is produced.
      .replace(/İ/g, 'i')
      .toLowerCase()
      .replace(COMBINING_DOT_ABOVE, '')
      .replace(/ё/g, 'е')
      .replace(ARMENIAN_WORD_MARKS, '')
      // NFKC turns the typographic apostrophe into itself; make both one.
      .replace(/[’ʼ`]/g, "'")
  );
}

/**
 * Folds a normalised Latin token to plain ASCII letters, so that Azerbaijani
 * typed without its letters still matches: "xocali" ~ "xocalı", "susa" ~ "şuşa".
 */
export function foldLatin(token: string): string {
  let out = '';
  for (const ch of token) out += LATIN_FOLD[ch] ?? ch;
  // Any remaining Latin letter with a diacritic: strip the mark.
  return /[\u0080-\uffff]/.test(out) ? out.normalize('NFD').replace(/\p{M}/gu, '') : out;
}

const LATIN_FOLD: Readonly<Record<string, string>> = {
  ə: 'e',
  ı: 'i',
  ş: 's',
  ç: 'c',
  ğ: 'g',
  ö: 'o',
  ü: 'u',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
};

/** Writing system of a token, which decides the analysers that may apply to it. */
export type Script = 'latin' | 'cyrillic' | 'armenian' | 'digit' | 'other';

/** The script of the first letter of a token (digits only: `digit`). */
export function scriptOf(token: string): Script {
  for (const ch of token) {
    const c = ch.codePointAt(0) ?? 0;
    if (c >= 0x30 && c <= 0x39) continue;
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0xc0 && c <= 0x24f) || c === 0x259)
      return 'latin';
    if (c >= 0x400 && c <= 0x4ff) return 'cyrillic';
    if ((c >= 0x531 && c <= 0x58f) || (c >= 0xfb13 && c <= 0xfb17)) return 'armenian';
    return 'other';
  }
  return 'digit';
}

/** Letters that only Azerbaijani (of our four languages) writes in Latin script. */
export const AZERBAIJANI_LETTERS = /[əğışçöüƏĞŞÇÖÜİ]/u;

/** Removes the thousands separators of a number token ("7,000" → "7000"). */
export function normalizeNumber(token: string): string {
  return token.replace(DIGIT_GROUP_COMMA, '');
}
