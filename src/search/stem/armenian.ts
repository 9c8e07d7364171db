/**
 * Light, rule-based stemmer for Eastern Armenian, used instead of Snowball's
 * Armenian stemmer, which conflates poorly: it stems ցեղասպանություն to
 * ցեղասպանությ but ցեղասպանության to ցեղասպ, so a search for one form misses
 * the other. Measured against the lemmas of the UD Armenian treebanks in
 * docs/analysers.md (scripts/measure-analysers.ts).
 *
 * The stemmer strips endings from the right, longest first, over and over
 * until none applies. Stripping to a fixed point is what makes every form of a
 * word land on the same stem even when the bare word happens to end like a
 * suffix (Հայաստան loses its -ն just as Հայաստանի loses -ի and then -ն), and it
 * makes the stemmer idempotent. Stems are index keys, not words to show.
 */

// A stem never gets shorter than this (UTF-16 units, i.e. letters, with ու
// counting two). Allowing two would join օր and օրը, but on hy_bsut-ud-train
// it merged more unrelated short words than it joined forms of one word.
const MIN_STEM = 3;

// Endings, grouped for the reader; one list in the matcher, one group a line
// (hence prettier-ignore). Which ones are in was decided on hy_bsut-ud-train by
// F1 against the treebank lemmas: -ա, -ին, -ան and the infinitive -ալ are left
// out because there they cost more precision than they gained recall (too many
// stems end in those letters: տղա, կին, Հայաստան, անցյալ).
// prettier-ignore
const SUFFIXES: readonly string[] = [
  // Definite article and possessives; -դ only after another ending, because
  // many roots end in -րդ (մարդ, ժողովուրդ, բերդ).
  'ը', 'ն', 'ս', 'իդ', 'երդ', 'ովդ', 'ումդ', 'իցդ', 'ինդ',
  // Case: genitive/dative, ablative, instrumental, locative; -յ- after vowels;
  // -վա is the genitive of time words (օրվա, տարվա); -ոջ of կին, ընկեր.
  'ի', 'ու', 'ից', 'ուց', 'ով', 'ում', 'ամբ', 'ոջ', 'յի', 'յից', 'յով', 'յում', 'վա',
  // Plural.
  'եր', 'ներ',
  // Verb: infinitive and participles, aorist, subjunctive and past persons.
  'ել', 'ած', 'ող', 'ելիք', 'եց', 'եցինք', 'ավ', 'աք', 'նալ',
  'եմ', 'ենք', 'եք', 'են', 'եի', 'եիր', 'եին',
  // Passive -վ- before the verb ending, so ստեղծվել meets ստեղծել. Against UD
  // lemmas, which keep many passives apart, this trades precision for recall
  // (docs/analysers.md); a search for one voice should find the other.
  'վել', 'վում', 'վող', 'վեց', 'վեցին', 'վելու', 'ված',
];

// Suffixes by last letter, longest first, so each step tests only a handful.
const BY_LAST = new Map<string, string[]>();
for (const suffix of [...SUFFIXES].sort((a, b) => b.length - a.length)) {
  const last = suffix.slice(-1);
  const list = BY_LAST.get(last);
  if (list === undefined) BY_LAST.set(last, [suffix]);
  else list.push(suffix);
}

// -ություն nouns decline on a stem that drops -ուն (-ության, -ությամբ); all of
// them end on -ությ, and nothing more is stripped from that.
const UTYUN = /ությ(?:ուն|ան|ամբ)?$/;
// -ում action nouns decline in -ման/-մամբ (որոշում, որոշման): rewrite to -ում
// so the next step strips it like the nominative.
const UM_OBLIQUE = /^(.{3,})մ(?:ան|ամբ)$/;
// Negation չ- prefixes verbs; only stripped from unambiguously verbal forms,
// since many nouns start with չ (չափ, Չինաստան).
const VERB_ENDING =
  /(?:ել|ալ|ած|ված|ող|վող|եց|եցի|եցին|եցինք|եցիր|եցիք|ացավ|ացան|ացի|ացին|ելու|ալու|ելով|ալով|ելիս|ալիս|եի|եին|եինք|եիր|եիք|ենք|եմ|եք)$/;
// Final-syllable ի/ու drops in inflection (գիրք → գրքի, երկիր → երկրում,
// ժողովուրդ → ժողովրդի); dropping it from every stem makes both sides meet.
const SYNCOPE = /^(.+[բգդզթժլխծկհձղճմյնշչպջռսվտրցւփքֆ])(?:ի|ու)([բգդզթժլխծկհձղճմյնշչպջռսվտրցւփքֆ]+)$/;

function stripOnce(word: string): string {
  const last = word.slice(-1);
  for (const suffix of BY_LAST.get(last) ?? []) {
    if (word.length - suffix.length >= MIN_STEM && word.endsWith(suffix)) {
      return word.slice(0, -suffix.length);
    }
  }
  return word;
}

/**
 * Stems an Eastern Armenian word for indexing and querying.
 *
 * Pure, deterministic and idempotent on the treebank vocabulary
 * (`stemArmenian(stemArmenian(w)) === stemArmenian(w)`). Words in other scripts
 * come back unchanged unless they end in Armenian letters.
 *
 * @param word - one token, already passed through `normalize` (lowercase, NFKC).
 * @returns the stem, an index key that need not be a real word.
 */
export function stemArmenian(word: string): string {
  // NFKC spells the ligature և as եւ, but people also type it եվ (Երեվան):
  // same sound, so one spelling for both.
  const spelled = word.includes('եվ') ? word.replaceAll('եվ', 'եւ') : word;
  let w =
    spelled.length >= 6 && spelled.startsWith('չ') && VERB_ENDING.test(spelled) ? spelled.slice(1) : spelled;
  for (;;) {
    const utyun = UTYUN.exec(w);
    if (utyun !== null) return w.slice(0, utyun.index + 4);
    const um = UM_OBLIQUE.exec(w);
    const next = um?.[1] !== undefined ? `${um[1]}ում` : stripOnce(w);
    if (next === w) break;
    w = next;
  }
  for (let m = SYNCOPE.exec(w); m !== null; m = SYNCOPE.exec(w)) {
    const shorter = `${m[1] ?? ''}${m[2] ?? ''}`;
    // Stop where the shorter stem would look inflected again (հայրենիք →
    // հայրենք, which ends like -ենք): stemming a stem must not change it.
    if (stripOnce(shorter) !== shorter) break;
    w = shorter;
  }
  return w;
}
