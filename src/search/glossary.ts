import { LANGUAGES, type Language } from '../languages.js';
import { isOverlong, type Analyzers } from './analyzer.js';
import { derivationBases, derivedFrom } from './glossary-derivations.js';
import type { Concept, Glossary } from './glossary-schema.js';
import { CACHED_SCOPES, type MatchScope } from './glossary-scopes.js';
import { arrayEntryBytes, CacheBudget, LruCache, statsOf, type CacheStats } from './lru.js';
import { stemTerm } from './terms.js';
import { tokenize, type Token } from './tokenize.js';

export { CONCEPT_KINDS, conceptSchema, glossarySchema, parseGlossary } from './glossary-schema.js';
export type { Concept, Glossary } from './glossary-schema.js';
export { documentScope, queryScope, type MatchScope } from './glossary-scopes.js';

/**
 * Byte budget shared by a matcher's candidate caches (one per scope: five
 * for queries, four for indexing). Most words name no concept, so an entry
 * is small, about 110 bytes. Index building of the 100,000 passages of
 * `npm run bench` needs 6.3 MiB, and the cache keeps at least the most
 * recent half of its budget: such a build computes 61,700 candidate lists
 * in 2.2 million look-ups, against 58,900 with an unbounded cache. With
 * ANALYZER_CACHE_BYTES (analyzer.ts), 32 MiB for all the caches of a room.
 */
export const GLOSSARY_CACHE_BYTES = 12 * 1024 * 1024;

/** A concept found in a token sequence. */
export interface ConceptMatch {
  readonly concept: string;
  /** Index of the first token of the match in the token array. */
  readonly first: number;
  /** Index just past the last token of the match. */
  readonly last: number;
}

interface Slot {
  /** Stem term, compared for every kind. */
  readonly stem: string;
  /** Folded name form, for names only: inflected forms may follow it. */
  readonly name: string | null;
  /** Folded form as written, for every kind: a word spelled so is this variant exactly. */
  readonly surface: string;
}

interface Variant {
  readonly concept: string;
  readonly language: Language;
  readonly slots: readonly Slot[];
  /** For a one-word place name: the folded stems its adjectives and demonyms are built on. */
  readonly bases: readonly string[];
}

/**
 * Finds glossary concepts in token sequences. Variants are analysed once with
 * their own language's analyser; a token is compared with them under each
 * language its script allows, so both sides' names for a place, in any of the
 * four languages, find the same concept.
 */
export class ConceptMatcher {
  private readonly variants: Variant[] = [];
  private readonly byFirstStem = new Map<string, number[]>();
  private readonly byFirstName = new Map<string, number[]>();
  private readonly byBase = new Map<string, number[]>();
  // Per scope, then per token: a corpus repeats its words, and scopes are few
  // (nine: one per hint for queries, one per language for documents).
  private readonly firstCache = new Map<MatchScope, LruCache<string, readonly number[]>>();
  private readonly budget: CacheBudget;
  private readonly kinds = new Map<string, Concept['kind']>();

  constructor(
    glossary: Glossary,
    private readonly analyzers: Analyzers,
    options: { readonly cacheBytes?: number } = {},
  ) {
    this.budget = new CacheBudget(options.cacheBytes ?? GLOSSARY_CACHE_BYTES);
    for (const concept of glossary.concepts) {
      this.kinds.set(concept.id, concept.kind);
      for (const language of LANGUAGES) {
        const analyzer = analyzers[language];
        for (const text of concept[language]) {
          const tokens = tokenize(text);
          if (tokens.length === 0) continue;
          const slots = tokens.map((t) => {
            const surface = `${language}|${analyzer.fold(t.norm)}`;
            return {
              stem: stemTerm(analyzers, language, t.norm),
              name: concept.kind === 'term' ? null : surface,
              surface,
            };
          });
          const one = tokens.length === 1 ? tokens[0] : undefined;
          // Abbreviations (США, ԼՂՀ, DQR) have no adjective of their own.
          const bases =
            concept.kind === 'place' && one && text !== text.toUpperCase()
              ? derivationBases(language, analyzer.fold(one.norm))
              : [];
          const index = this.variants.push({ concept: concept.id, language, slots, bases }) - 1;
          const first = slots[0];
          if (!first) continue;
          // Terms match by stem; names by their folded form plus an ending,
          // because light stems of short names collide (Ağdam, Ağdərə → agd).
          if (first.name === null) push(this.byFirstStem, first.stem, index);
          else push(this.byFirstName, first.name, index);
          for (const base of bases) push(this.byBase, `${language}|${base}`, index);
        }
      }
    }
  }

  /** The kind of a concept: names (places, people…) or terms. */
  kindOf(concept: string): Concept['kind'] | undefined {
    return this.kinds.get(concept);
  }

  /** What the candidate caches hold now, over all scopes (for the memory benchmark and tests). */
  cacheStats(): CacheStats {
    return { ...statsOf(this.firstCache.values()), maxBytes: this.budget.maxBytes };
  }

  /**
   * Concepts in a token sequence, longest variant first at each position.
   *
   * A word that a name accounts for is that name: a term that shares only a
   * shorter stem with it, through a stripper cutting deep, does not claim it
   * too. The Azerbaijani stemmer reads both Şoyqu (Shoigu) and soyqırım
   * (genocide) as "soyq", and Rusiyanın (of Russia) as "rus" (Russian); the
   * name wins. A term keeps a word it lists, or whose stem is at least as
   * long as the name in it (азербайджанского is the country and the people).
   */
  match(tokens: readonly Token[], scope: MatchScope): ConceptMatch[] {
    const out: ConceptMatch[] = [];
    const seen = new Set<string>();
    // Per word: how many of its letters a name accounts for; per term match
    // of one word: how many its stem does (Infinity for a listed form).
    const nameReach = new Map<number, number>();
    const termReach = new Map<string, number>();
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      if (!token) continue;
      for (const v of this.firstCandidates(token.norm, scope)) {
        const variant = this.variants[v];
        if (!variant) continue;
        let ok = true;
        for (let j = 1; j < variant.slots.length && ok; j++) {
          const next = tokens[i + j];
          const slot = variant.slots[j];
          ok =
            next !== undefined && slot !== undefined && this.slotMatches(next.norm, slot, variant.language);
        }
        if (!ok) continue;
        const key = `${variant.concept}@${i}`;
        if (variant.slots[0]?.name === null) {
          const reach = variant.slots.length > 1 ? Infinity : this.stemReach(token.norm, variant);
          termReach.set(key, Math.max(termReach.get(key) ?? 0, reach));
        } else {
          variant.slots.forEach((slot, j) => {
            const norm = tokens[i + j]?.norm ?? '';
            const reach = this.nameReach(norm, slot, variant, j);
            nameReach.set(i + j, Math.max(nameReach.get(i + j) ?? 0, reach));
          });
        }
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ concept: variant.concept, first: i, last: i + variant.slots.length });
      }
    }
    if (termReach.size === 0 || nameReach.size === 0) return out;
    return out.filter((m) => {
      const reach = termReach.get(`${m.concept}@${m.first}`);
      return reach === undefined || reach >= (nameReach.get(m.first) ?? 0);
    });
  }

  /** Letters of a word a one-word term accounts for: all when listed, else its stem. */
  private stemReach(norm: string, variant: Variant): number {
    const analyzer = this.analyzers[variant.language];
    if (variant.slots[0]?.surface === `${variant.language}|${analyzer.fold(norm)}`) return Infinity;
    const stem = stemTerm(this.analyzers, variant.language, norm);
    return stem.length - variant.language.length - 1;
  }

  /** Letters of a word a name accounts for: the name before its ending, or the base before a suffix. */
  private nameReach(norm: string, slot: Slot, variant: Variant, j: number): number {
    const folded = this.analyzers[variant.language].fold(norm);
    const name = (slot.name ?? '').slice(variant.language.length + 1);
    if (folded.startsWith(name)) return name.length;
    if (j > 0) return 0;
    return Math.max(0, ...variant.bases.filter((b) => folded.startsWith(b)).map((b) => b.length));
  }

  private firstCandidates(norm: string, scope: MatchScope): readonly number[] {
    const cache = isOverlong(norm) ? undefined : this.cacheOf(scope);
    const hit = cache?.get(norm);
    if (hit) return hit;
    const found = new Set<number>();
    for (const language of scope.termLanguages(norm)) {
      for (const v of this.byFirstStem.get(stemTerm(this.analyzers, language, norm)) ?? []) found.add(v);
    }
    const inflected = scope.inflectedLanguages(norm);
    for (const language of scope.nameLanguages(norm)) {
      const analyzer = this.analyzers[language];
      const folded = analyzer.fold(norm);
      const shortest = inflected.includes(language) ? Math.max(2, folded.length - 6) : folded.length;
      for (let cut = folded.length; cut >= shortest; cut--) {
        if (cut < folded.length && !analyzer.isNameEnding(folded.slice(cut))) continue;
        for (const v of this.byFirstName.get(`${language}|${folded.slice(0, cut)}`) ?? []) found.add(v);
      }
      // Adjectives and demonyms of places, where the language's morphology applies.
      if (!inflected.includes(language)) continue;
      for (const base of derivedFrom(language, folded)) {
        for (const v of this.byBase.get(`${language}|${base}`) ?? []) found.add(v);
      }
    }
    // Longest variants first, so multi-word names win over their parts. Most
    // words name nothing: they share one empty list.
    const result =
      found.size === 0
        ? NONE
        : [...found].sort(
            (a, b) => (this.variants[b]?.slots.length ?? 0) - (this.variants[a]?.slots.length ?? 0),
          );
    cache?.set(norm, result);
    return result;
  }

  /** The cache of one of the module's own scopes; none for a scope made elsewhere, which may be one of many. */
  private cacheOf(scope: MatchScope): LruCache<string, readonly number[]> | undefined {
    let cache = this.firstCache.get(scope);
    if (!cache && CACHED_SCOPES.has(scope)) {
      cache = new LruCache<string, readonly number[]>(this.budget, arrayEntryBytes);
      this.firstCache.set(scope, cache);
    }
    return cache;
  }

  private slotMatches(norm: string, slot: Slot, language: Language): boolean {
    if (slot.name === null) return stemTerm(this.analyzers, language, norm) === slot.stem;
    const analyzer = this.analyzers[language];
    const folded = `${language}|${analyzer.fold(norm)}`;
    const rest = folded.slice(slot.name.length);
    return folded.startsWith(slot.name) && (rest === '' || analyzer.isNameEnding(rest));
  }
}

const NONE: readonly number[] = Object.freeze([]);

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
