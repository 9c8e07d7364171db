import type { Language } from '../languages.js';
import { isOverlong, languagesForToken, type Analyzers } from './analyzer.js';
import { boundedDistance, charMask, popcount } from './edit-distance.js';
import { compare, type SearchIndex } from './index-builder.js';
import { NAME_NAMESPACE, stemNamespace, termBody } from './terms.js';

/** At most this many typo corrections per word. */
const MAX_FUZZY_TERMS = 16;

/** A term near a misspelt word, `d` edits away. */
export interface Correction {
  readonly id: number;
  readonly d: number;
}

/**
 * The index's terms, looked up by name, by prefix and by edit distance. Term
 * ids are positions in the index's sorted term list.
 */
export class TermDictionary {
  private readonly ids: Map<string, number>;
  /** charMask of each term's body, for the fuzzy prefilter. */
  private readonly masks: Uint32Array;

  constructor(
    private readonly index: SearchIndex,
    private readonly analyzers: Analyzers,
  ) {
    const { terms } = index;
    this.ids = new Map(terms.map((t, i) => [t, i]));
    this.masks = new Uint32Array(terms.length);
    terms.forEach((t, i) => (this.masks[i] = charMask(termBody(t))));
  }

  /** The id of a term, if the index has it. */
  id(term: string): number | undefined {
    return this.ids.get(term);
  }

  has(term: string): boolean {
    return this.ids.has(term);
  }

  /** The term of an id. */
  term(id: number): string {
    return this.index.terms[id] ?? '';
  }

  /** How many passages contain the term. */
  df(id: number): number {
    return (this.index.postStart[id + 1] ?? 0) - (this.index.postStart[id] ?? 0);
  }

  /** Whether any of the terms occurs in some passage. */
  anyPosted(ids: Iterable<number>): boolean {
    for (const id of ids) if (this.df(id) > 0) return true;
    return false;
  }

  /**
   * Index terms starting with what the user typed, under each language the
   * word's script allows: for each of its stem and name namespaces, the `cap`
   * most frequent. In order of discovery, without repeats.
   */
  completions(norm: string, hint: Language | null, cap: number): Set<number> {
    const found = new Set<number>();
    for (const language of languagesForToken(norm, hint)) {
      const a = this.analyzers[language];
      for (const prefix of [
        `${stemNamespace(language)}${a.fold(norm)}`,
        `${NAME_NAMESPACE}${a.nameKey(norm)}`,
      ]) {
        const [lo, hi] = this.range(prefix);
        const ids: number[] = [];
        for (let t = lo; t < hi; t++) ids.push(t);
        ids.sort((x, y) => this.df(y) - this.df(x));
        for (const id of ids.slice(0, cap)) found.add(id);
      }
    }
    return found;
  }

  /**
   * Terms within a small edit distance of the word's stem or name key: one
   * edit from 5 letters, two from 9. A character-set bitmask rules out most
   * of the vocabulary before any distance is computed. Nearest first, then
   * most frequent.
   */
  corrections(norm: string, hint: Language | null): Correction[] {
    const candidates: Correction[] = [];
    if (!correctable(norm)) return candidates;
    for (const language of languagesForToken(norm, hint)) {
      const a = this.analyzers[language];
      for (const [namespace, body] of [
        [stemNamespace(language), a.stem(norm)],
        [NAME_NAMESPACE, a.nameKey(norm)],
      ] as const) {
        const max = [...body].length >= 9 ? 2 : 1;
        const mask = charMask(body);
        const [lo, hi] = this.range(namespace);
        for (let t = lo; t < hi; t++) {
          if (popcount((this.masks[t] ?? 0) ^ mask) > 2 * max) continue;
          const term = this.index.terms[t] ?? '';
          const d = boundedDistance(body, term.slice(namespace.length), max);
          if (d <= max) candidates.push({ id: t, d });
        }
      }
    }
    candidates.sort((x, y) => x.d - y.d || this.df(y.id) - this.df(x.id));
    const seen = new Set<number>();
    return candidates.filter(({ id }) => !seen.has(id) && seen.add(id)).slice(0, MAX_FUZZY_TERMS);
  }

  /** [lo, hi) of the sorted terms that start with `prefix`. */
  private range(prefix: string): [number, number] {
    const terms = this.index.terms;
    const lower = (key: string): number => {
      let lo = 0;
      let hi = terms.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compare(terms[mid] ?? '', key) < 0) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    return [lower(prefix), lower(`${prefix}\uffff`)];
  }
}

/**
 * Whether a word without exact matches is corrected for typos: from five
 * letters (shorter words are one edit from too many others), and up to
 * MAX_WORD_LENGTH (analyzer.ts), beyond which no word is real and the scan of the
 * vocabulary would be work done for an attacker.
 */
export function correctable(norm: string): boolean {
  return !isOverlong(norm) && [...norm].length >= 5;
}
