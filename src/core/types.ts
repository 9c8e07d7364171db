import type { Language } from '../languages.js';
import type { Attribution, LibraryDocument, Passage } from '../library/library.js';
import type { SourceProblem } from '../library/yaml.js';
import type { SearchFilters } from '../search/query.js';

/** Where the library, the glossary and the stored index live. */
export interface LibraryPaths {
  readonly documentsDir: string;
  readonly glossaryFile: string;
  /** The lexicon that marks passages of documents nobody has reviewed. */
  readonly contentWarningsFile: string;
  /** The serialised index; rebuilt when the content hash changes. */
  readonly indexFile: string;
}

/** A matched span of a passage, as UTF-16 offsets into `text`, end exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * One search result: a resolved citation (the passage verbatim, its document
 * and attribution) with what the search found in it.
 */
export interface Hit extends Quote {
  readonly score: number;
  /**
   * Matched words, for highlighting. Computed when first read, so that only
   * the hits a caller shows are highlighted.
   */
  readonly spans: readonly Span[];
  /**
   * Citation id of the neighbouring passage this one is shown as context of,
   * when it contains none of the query's words itself; null otherwise.
   */
  readonly contextOf: string | null;
}

/** A hit as a caller keeps it between interactions: enough to show it again. */
export interface StoredHit {
  /** Citation id, e.g. `khojaly-1992:17`. */
  readonly id: string;
  /** As in {@link Hit.contextOf}. */
  readonly contextOf: string | null;
}

/** The outcome of a search, with what a caller needs to explain it. */
export interface SearchResult {
  readonly hits: readonly Hit[];
  /** How many passages matched before the limit, including those shown only as context. */
  readonly total: number;
  /** How many of them contain the query themselves. */
  readonly direct: number;
  /** The language the query was analysed as first (hint or detected). */
  readonly queryLanguage: Language | null;
  /** Query words that matched nothing in the library. */
  readonly unmatched: readonly string[];
  /** Filters in the query text that could not be understood. */
  readonly invalidFilters: readonly string[];
}

/** Options of a room's search. */
export interface RoomSearchOptions {
  /** The language the query is written in, if known (a hint; may be wrong). */
  readonly hint?: Language | null;
  readonly limit?: number;
  readonly filters?: SearchFilters;
}

/** Options of {@link ReadingRoom.storedHits}: those of the search that found the hits. */
export type StoredHitsOptions = Pick<RoomSearchOptions, 'hint' | 'filters'>;

/** Why a citation could not be resolved. */
export type CitationError = 'malformed-citation' | 'unknown-document' | 'unknown-passage';

/** A resolved citation. */
export interface Quote {
  readonly passage: Passage;
  readonly document: LibraryDocument;
  readonly attribution: Attribution;
}

/** How an index was obtained when the room opened. */
export interface OpenReport {
  readonly problems: readonly SourceProblem[];
  /** True when the index was (re)built rather than loaded from disk. */
  readonly rebuilt: boolean;
  readonly hash: string;
}

/** A passage with the document it belongs to. */
export interface Located {
  readonly document: LibraryDocument;
  readonly passage: Passage;
}
