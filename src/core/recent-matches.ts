import type { Language } from '../languages.js';
import { ENTRY_OVERHEAD_BYTES, LruCache } from '../search/lru.js';
import type { SearchFilters } from '../search/query.js';
import type { MatchedTerms } from '../search/searcher.js';

/**
 * Enough for the recent searches whose pages members still click through
 * (a few hundred queries of many terms); a click on an older one plans the
 * query again, which is correct, only slower.
 */
const MAX_BYTES = 1 << 20;
/** A Set's slot for one term: the strings themselves are the index's own. */
const TERM_BYTES = 40;
/** A Set object with its table. */
const SET_BYTES = 64;

/**
 * The terms recent searches highlighted with, by query, hint and filters, so
 * that a page click highlights its stored hits without planning the query
 * again: planning corrects typos against the whole vocabulary, which is most
 * of what a click costs at 100,000 passages. Bounded in bytes, as every
 * cache of what members type must be.
 */
export class RecentMatches {
  private readonly cache = new LruCache<string, MatchedTerms>(MAX_BYTES, entryBytes);

  /** The terms of an earlier search with these arguments, if still held. */
  get(query: string, hint: Language | null, filters: SearchFilters): MatchedTerms | undefined {
    return this.cache.get(keyOf(query, hint, filters));
  }

  /** Remembers the terms a search used. */
  set(query: string, hint: Language | null, filters: SearchFilters, matched: MatchedTerms): void {
    this.cache.set(keyOf(query, hint, filters), matched);
  }
}

function keyOf(query: string, hint: Language | null, filters: SearchFilters): string {
  // The filters decide whether a phrase fell back to its words; objects
  // equal but written in another key order only cost a miss.
  return `${hint ?? ''}\u0000${JSON.stringify(filters)}\u0000${query}`;
}

function entryBytes(key: string, { terms, phrases }: MatchedTerms): number {
  let bytes = ENTRY_OVERHEAD_BYTES + 2 * key.length + SET_BYTES + TERM_BYTES * terms.size;
  for (const phrase of phrases) for (const slot of phrase) bytes += SET_BYTES + TERM_BYTES * slot.size;
  return bytes;
}
