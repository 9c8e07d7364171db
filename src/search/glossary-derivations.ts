import type { Language } from '../languages.js';

/**
 * How a language derives adjectives and demonyms from a place name, where the
 * derived word does not simply begin with the name: the name loses its final
 * vowel or a suffix before the new one (Ходжалы → ходжалинский, ходжалинцы;
 * Баку → бакинец; Ульяновск → ульяновцы; Շուշի → շուշեցի; Բաքու →
 * բաքվեցի), or the derived word carries more endings than an inflection
 * (Xocalı → xocalılıların, Սումգայիթ → սումգայիթցիների). A base is only
 * followed by a derivational ending, never by a bare case ending, so the
 * shortened stem of a name cannot match an unrelated word on its own.
 * English forms (Bakuvian) are listed in the glossary where they are needed.
 */
interface Derivation {
  /** The folded bases of one folded one-word place name, the name itself included. */
  readonly bases: (folded: string) => readonly string[];
  /** Whether `rest`, what follows a base, is a derivational ending with its inflection. */
  readonly ending: RegExp;
  /** The longest such ending, in code units. */
  readonly longest: number;
}

/** A base shorter than this derives nothing: Баку → бак- is the shortest. */
const MIN_BASE = 3;

const DERIVATIONS: Partial<Readonly<Record<Language, Derivation>>> = {
  // -ский adjectives, -ец/-цы and -инка demonyms, with a linking -ин-, -ан-,
  // -ов-, -ев-, -ей- or -ий- (бакинский, американцы, шаумяновский,
  // европейцы, российский). A listed adjective or demonym (московский,
  // петербуржец) gives its own base, so one form brings all of them.
  ru: {
    bases: (f) => {
      const out = [f];
      if (/[аеёиоуыэюяйь]$/.test(f)) out.push(f.slice(0, -1));
      if (/(?:ия|ья|ье|ие)$/.test(f)) out.push(f.slice(0, -2));
      if (/(?:ский|ская|ское)$/.test(f)) out.push(f.slice(0, -4));
      if (/(?:ец|ск)$/.test(f)) out.push(f.slice(0, -2));
      return out;
    },
    ending:
      /^(?:(?:ин|ан|ов|ев|ей|ий)?(?:ск(?:ий|ая|ое|ие|ого|ой|ому|ую|им|их|ими|ом)|ец|ц(?:ы|а|у|ем|е|ев|ам|ами|ах))|инк(?:а|и|е|у|ой|ам|ами|ах))$/,
    longest: 8,
  },
  // -ցի demonyms (Սումգայիթցի, Գանձակեցի; a final -ի becomes -ե-: Շուշի →
  // շուշեցի), -յան and -ական adjectives, with article, case and plural. A
  // final -ու turns to -վ- as in the oblique cases (Բաքու → բաքվեցի, բաքվյան).
  hy: {
    bases: (f) => {
      const out = [f];
      if (f.endsWith('ի')) out.push(`${f.slice(0, -1)}ե`);
      if (f.endsWith('ու')) out.push(`${f.slice(0, -2)}վ`);
      return out;
    },
    ending: /^(?:ե?ցի(?:ներ)?|ե?ցու|յան|ական)(?:ը|ն|ի|ին|ից|ով|ում)?$/,
    longest: 10,
  },
  // -lı/-li/-lu/-lü (folded li/lu) after the name as it is (Bakılı, Xocalılı,
  // Zəngəzurlu), with plural and case: xocalılıların, bakılılardan.
  az: {
    bases: (f) => [f],
    ending: /^l[iu](?:l[ae]r)?(?:n?[iu]n|[iu]|[ny][iu]|y?[ae]|n[ae]|n?d[ae]n?)?$/,
    longest: 10,
  },
};

/**
 * The folded bases a one-word place name derives adjectives and demonyms
 * from, the name itself included; none in a language without derivations.
 */
export function derivationBases(language: Language, folded: string): string[] {
  const derivation = DERIVATIONS[language];
  if (!derivation) return [];
  return [...new Set(derivation.bases(folded))].filter((b) => b.length >= MIN_BASE);
}

/**
 * The bases a folded word may be derived from: each prefix of it that a
 * derivational ending follows, longest first.
 */
export function derivedFrom(language: Language, folded: string): string[] {
  const derivation = DERIVATIONS[language];
  if (!derivation) return [];
  const out: string[] = [];
  const least = Math.max(MIN_BASE, folded.length - derivation.longest);
  for (let cut = folded.length - 1; cut >= least; cut--) {
    if (derivation.ending.test(folded.slice(cut))) out.push(folded.slice(0, cut));
  }
  return out;
}
