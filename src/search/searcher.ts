import type { Language } from '../languages.js';
import type { Analyzers } from './analyzer.js';
import type { ConceptMatcher } from './glossary.js';
import type { SearchIndex } from './index-builder.js';
import { phraseOccurs } from './phrase-probe.js';
import { parseQuery, type ParsedQuery } from './query.js';
import { QueryPlanner } from './query-plan.js';
import { Scorer } from './scoring.js';
import { TermDictionary } from './term-dictionary.js';
import { Ranker, type EngineHit } from './top-k.js';

export type { EngineHit } from './top-k.js';

/** Options of one search. */
export interface SearchOptions {
  /** Language the query is written in, if known. Only a hint. */
  readonly hint?: Language | null;
  /** How many hits to return at most. */
  readonly limit?: number;
  /** Passages allowed by filters (1 = allowed); null or absent: all. */
  readonly allow?: Uint8Array | null;
}

/** Options of {@link Searcher.matchedTerms}: those of the search, filters as a predicate. */
export interface MatchOptions {
  readonly hint?: Language | null;
  /**
   * Whether filters allow a passage; null or absent: all. A predicate, not a
   * mask, because only the passages where a phrase may stand are asked.
   */
  readonly allows?: ((passage: number) => boolean) | null;
}

/** The index terms a search used: what its hits are highlighted by. */
export interface MatchedTerms {
  /** The index terms of the query's words, fallbacks included. */
  readonly terms: ReadonlySet<string>;
  /** For each phrase, the index terms of each of its words, in order. */
  readonly phrases: readonly (readonly ReadonlySet<string>[])[];
}

/** The outcome of one search. */
export interface EngineResult extends MatchedTerms {
  readonly hits: readonly EngineHit[];
  /** How many passages matched at all (before the limit), context included. */
  readonly total: number;
  /** How many of those contain the query themselves (not only as context). */
  readonly direct: number;
  /** Query words and phrases that matched nothing, as typed. */
  readonly unmatched: readonly string[];
}

/**
 * Ranked BM25 search over a {@link SearchIndex}. A query word becomes a group
 * of alternative terms ({@link QueryPlanner}). A passage scores, per group,
 * its best alternative, summed over groups ({@link Scorer}), and is scaled by
 * the share of groups it matched ({@link Ranker}).
 *
 * Scratch buffers are reused between searches, so one Searcher must not be
 * used by two searches at once (JavaScript is single-threaded: it is not).
 */
export class Searcher {
  private readonly planner: QueryPlanner;
  private readonly scorer: Scorer;
  private readonly ranker: Ranker;

  constructor(
    readonly index: SearchIndex,
    analyzers: Analyzers,
    matcher: ConceptMatcher,
  ) {
    this.planner = new QueryPlanner(new TermDictionary(index, analyzers), analyzers, matcher);
    this.scorer = new Scorer(index);
    this.ranker = new Ranker(index);
  }

  /** Runs a query (raw text or already parsed). */
  search(query: string | ParsedQuery, options: SearchOptions = {}): EngineResult {
    const parsed = typeof query === 'string' ? parseQuery(query) : query;
    const hint = options.hint ?? null;
    const limit = Math.max(1, options.limit ?? 10);
    const allow = options.allow ?? null;
    const { groups, unmatched, terms, phrases } = this.planner.plan(parsed, hint);
    const { scorer } = this;
    const touched: number[] = [];
    let groupCount = 0;
    for (const group of groups) {
      const matchedAny = group.phrase
        ? scorer.scorePhrase(group, allow, touched)
        : scorer.scoreWord(group, allow, touched);
      if (matchedAny > 0 || group.fallback.length === 0) {
        groupCount++;
        continue;
      }
      for (const word of group.fallback) {
        scorer.scoreWord(word, allow, touched);
        this.planner.addWordTerms(word, terms);
        groupCount++;
      }
    }
    // A phrase asks for those exact words: no passage is shown for its neighbours.
    const withContext = groups.some((g) => !g.phrase);
    const { hits, total } = this.ranker.top(
      { touched, total: scorer.total, matched: scorer.matched, groups: groupCount },
      limit,
      allow,
      withContext,
    );
    const direct = touched.length;
    scorer.clear(touched);
    return { hits, total, direct, terms, phrases, unmatched };
  }

  /**
   * The terms {@link search} would report for the query, without scoring:
   * the plan's, plus the words of each phrase that stands in no allowed
   * passage, which the search falls back to. For highlighting hits found
   * earlier.
   */
  matchedTerms(query: string | ParsedQuery, options: MatchOptions = {}): MatchedTerms {
    const parsed = typeof query === 'string' ? parseQuery(query) : query;
    const allows = options.allows ?? null;
    const { groups, terms, phrases } = this.planner.plan(parsed, options.hint ?? null);
    for (const group of groups) {
      if (!group.phrase || group.fallback.length === 0) continue;
      if (phraseOccurs(this.index, group, allows)) continue;
      for (const word of group.fallback) this.planner.addWordTerms(word, terms);
    }
    return { terms, phrases };
  }
}
