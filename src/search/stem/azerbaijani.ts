/**
 * Light, rule-based stemmer for Azerbaijani (Latin script). Snowball has no
 * Azerbaijani algorithm, and its Turkish one both misses Azerbaijani endings
 * (-maq, -acaq) and gives different stems with and without ə ı ş ç ğ ö ü.
 * Measured in docs/analysers.md (scripts/measure-analysers.ts).
 *
 * The stemmer works on the folded form (foldLatin: ə→e, ı→i, ş→s, ğ→g, ...),
 * because users often type Azerbaijani without its letters; folding first
 * means "Xocalının", "Xocalinin" and "Xocalı" all reach the same stem. It
 * strips endings from the right, longest first, until none applies. Stripping
 * to a fixed point keeps every form of a word on one stem however many
 * suffixes it stacks (kitab-lar-ımız-dan), and makes the stemmer idempotent.
 * Stems are index keys, not words to show.
 */
import { foldLatin } from '../normalize.js';

// A stem never gets shorter than this. Three letters is the common Turkic
// root (yat, gəl, bax); two-letter roots (ev, ol) therefore keep a letter of
// their ending (evdə → evd) and do not meet their bare form, a known loss.
const MIN_STEM = 3;

// Folded endings. Folding merges the harmony variants a little (-ın/-in → in,
// -un/-ün → un) but -lar/-lər stay two, so each ending is listed with its pair.
// Grouped for the reader; one list in the matcher. One group a line reads
// better than Prettier's one ending a line.
// prettier-ignore
const SUFFIXES: readonly string[] = [
  // Plural.
  'lar', 'ler',
  // Case: genitive, accusative, dative, locative, ablative, instrumental;
  // n-forms follow the 3rd-person possessive, y-forms follow vowels.
  'in', 'un', 'nin', 'nun',
  'i', 'u', 'ni', 'nu', 'yi', 'yu',
  'a', 'e', 'ya', 'ye', 'na', 'ne',
  'da', 'de', 'nda', 'nde', 'dan', 'den', 'ndan', 'nden',
  'la', 'le', 'yla', 'yle',
  // Colloquial comitative/ablative (-nan/-nən), common in chat text.
  'nan', 'nen',
  // Possessive; -m is 1st singular after a vowel (baba-m). After a consonant
  // it is what is left of the negation -ma- (yatmıya → yatm → yat).
  'm', 'im', 'um', 'imiz', 'umuz', 'miz', 'muz', 'iniz', 'unuz', 'niz', 'nuz',
  'si', 'su', 'lari', 'leri',
  // Predicative (-dır) and relative -ki (evdəki).
  'dir', 'dur', 'ki',
  // Verb: infinitive, verbal noun, past, evidential, converb, participles,
  // future, aorist, present, negative present and aorist. The conditional
  // -sa/-sə is left out: too many nouns end so (hadisə, mədrəsə, Fransa).
  'maq', 'mek', 'mak', 'ma', 'me',
  'di', 'du', 'mis', 'mus', 'ib', 'ub', 'yib', 'yub',
  'an', 'en', 'yan', 'yen', 'diq', 'duq', 'dig', 'dug',
  'acaq', 'ecek', 'yacaq', 'yecek', 'ar', 'er', 'maz', 'mez',
  'ir', 'ur', 'yir', 'yur', 'mir', 'mur',
  // Person: 1sg, 2sg, 1pl, 2pl.
  'am', 'em', 'san', 'sen', 'iq', 'ik', 'uq', 'uk', 'siniz', 'sunuz',
];

// Derivation: -lı/-li/-lu/-lü, -lıq/-lik/-luq/-lük. It changes the meaning more
// than inflection does, so it is only stripped from a longer stem: Xocalı keeps
// its -lı (xocal), else it would meet xoca "master" on the stem xoc.
const DERIVATIONAL: readonly string[] = ['li', 'lu', 'liq', 'luq', 'lik', 'luk'];
const MIN_DERIVED_STEM = 5;

interface Ending {
  readonly suffix: string;
  readonly minStem: number;
}

// Endings by last letter, longest first, so each step tests only a handful.
const BY_LAST = new Map<string, Ending[]>();
const endings: Ending[] = [
  ...SUFFIXES.map((suffix) => ({ suffix, minStem: MIN_STEM })),
  ...DERIVATIONAL.map((suffix) => ({ suffix, minStem: MIN_DERIVED_STEM })),
];
for (const ending of endings.sort((a, b) => b.suffix.length - a.suffix.length)) {
  const last = ending.suffix.slice(-1);
  const list = BY_LAST.get(last);
  if (list === undefined) BY_LAST.set(last, [ending]);
  else list.push(ending);
}

function stripOnce(word: string): string {
  for (const { suffix, minStem } of BY_LAST.get(word.slice(-1)) ?? []) {
    if (word.length - suffix.length >= minStem && word.endsWith(suffix)) {
      return word.slice(0, -suffix.length);
    }
  }
  return word;
}

/**
 * Stems an Azerbaijani word for indexing and querying.
 *
 * Folds the word with `foldLatin` first, so input with or without Azerbaijani
 * letters gives the same stem. Pure, deterministic and idempotent
 * (`stemAzerbaijani(stemAzerbaijani(w)) === stemAzerbaijani(w)`).
 *
 * @param word - one token, already passed through `normalize` (lowercase, NFKC).
 * @returns the folded stem, an index key that need not be a real word.
 */
export function stemAzerbaijani(word: string): string {
  let w = foldLatin(word);
  for (;;) {
    let next = stripOnce(w);
    // ğ (folded to g) stands for q before a vowel: uşaq, uşağı → usag → usaq.
    if (next.endsWith('g')) next = `${next.slice(0, -1)}q`;
    if (next === w) return w;
    w = next;
  }
}
