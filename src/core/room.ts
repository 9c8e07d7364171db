import type { Language } from '../languages.js';
import { attributionOf, parseCitationId, type LibraryDocument, type Passage } from '../library/library.js';
import { createAnalyzers, type Analyzers } from '../search/analyzer.js';
import type { ConceptMatcher } from '../search/glossary.js';
import type { SearchIndex } from '../search/index-builder.js';
import { parseQuery, type SearchFilters } from '../search/query.js';
import { Searcher, type MatchedTerms } from '../search/searcher.js';
import { detectLanguage } from './detect-language.js';
import { allowMask, filterPredicate, mergeFilters } from './filters.js';
import { passageTerms, passageTermsBytes, spansOf, type PassageTerms } from './highlight.js';
import { LruCache } from '../search/lru.js';
import { openIndex, type OpenOptions } from './index-store.js';
import { RecentMatches } from './recent-matches.js';
import type {
  CitationError,
  Hit,
  LibraryPaths,
  Located,
  OpenReport,
  Quote,
  RoomSearchOptions,
  SearchResult,
  Span,
  StoredHit,
  StoredHitsOptions,
} from './types.js';

/**
 * The reading room's core: the library, its index and search. It knows
 * nothing of Discord; the bot and the CLI both call it.
 */
/** The bytes of passage analyses a room keeps for highlighting: a few thousand passages. */
const ANALYSED_BYTES = 8 * 1024 * 1024;

export class ReadingRoom {
  /** Every passage, by its number in the index (see passageInputs). */
  private readonly byOrdinal: readonly Located[];
  private readonly byDocument: ReadonlyMap<string, LibraryDocument>;
  private readonly searcher: Searcher;
  private readonly recent = new RecentMatches();
  /**
   * Each shown passage's analysis for highlighting, which no query changes:
   * a result page highlights three passages, and analysing them again for
   * every answer was a quarter of a search's CPU. Bounded in bytes, so a
   * large library does not keep every passage it ever showed.
   */
  private readonly analysed = new LruCache<Passage, PassageTerms>(ANALYSED_BYTES, (_, a) =>
    passageTermsBytes(a),
  );

  private constructor(
    readonly documents: readonly LibraryDocument[],
    index: SearchIndex,
    private readonly analyzers: Analyzers,
    private readonly matcher: ConceptMatcher,
  ) {
    this.byOrdinal = documents.flatMap((document) =>
      document.passages.map((passage) => ({ document, passage })),
    );
    this.byDocument = new Map(documents.map((d) => [d.id, d]));
    this.searcher = new Searcher(index, analyzers, matcher);
  }

  /**
   * Loads the library and the glossary, then loads the stored index, or
   * rebuilds and stores it when the documents, the glossary or the analysis
   * changed (content hash). Broken documents are reported and left out.
   * Throws only when the glossary itself is unusable.
   */
  static open(paths: LibraryPaths, options: OpenOptions = {}): { room: ReadingRoom; report: OpenReport } {
    const analyzers = options.analyzers ?? createAnalyzers();
    const opened = openIndex(paths, analyzers, options);
    return {
      room: new ReadingRoom(opened.documents, opened.index, analyzers, opened.matcher),
      report: opened.report,
    };
  }

  /** Number of passages in the index. */
  get passageCount(): number {
    return this.byOrdinal.length;
  }

  /**
   * Ranked passages for a query in any of the four languages. A hit's spans
   * are computed when first read: a caller that shows three hits of thirty
   * highlights three.
   */
  search(query: string, options: RoomSearchOptions = {}): SearchResult {
    const parsed = parseQuery(query);
    const queryLanguage = options.hint ?? detectLanguage(query);
    const filters = mergeFilters(options.filters ?? {}, parsed.filters);
    const allow = allowMask(this.byOrdinal, filters);
    const result = this.searcher.search(parsed, {
      hint: queryLanguage,
      limit: options.limit ?? 10,
      allow,
    });
    const matched: MatchedTerms = { terms: result.terms, phrases: result.phrases };
    this.recent.set(query, queryLanguage, filters, matched);
    const hits = result.hits.flatMap(({ passage, score, contextOf }): Hit[] => {
      const located = this.byOrdinal[passage];
      if (!located) return [];
      const context = contextOf === null ? null : (this.byOrdinal[contextOf]?.passage.id ?? null);
      return [this.hit(located, score, context, matched)];
    });
    return {
      hits,
      total: result.total,
      direct: result.direct,
      queryLanguage,
      unmatched: result.unmatched,
      invalidFilters: parsed.invalid,
    };
  }

  /**
   * The hits of an earlier search, shown again (a page click) without
   * searching: each citation that still resolves, in the order given, with
   * score 0, its stored `contextOf`, and spans highlighting exactly what
   * {@link search} highlights in it for the same query, hint and filters.
   * Ids that no longer resolve are left out.
   *
   * The terms are those the search used when it was recent; otherwise the
   * query is planned again, and a phrase probed for whether it occurs, which
   * is what decides its fallback. Nothing is scored.
   */
  storedHits(query: string, stored: readonly StoredHit[], options: StoredHitsOptions = {}): Hit[] {
    const hint = options.hint ?? detectLanguage(query);
    const matched = this.matchedTerms(query, hint, options.filters ?? {});
    return stored.flatMap(({ id, contextOf }): Hit[] => {
      const found = this.resolve(id);
      return typeof found === 'string' ? [] : [this.hit(found, 0, contextOf, matched)];
    });
  }

  /** Resolves a citation id to its passage, or says why it cannot. */
  quote(citationId: string): { quote: Quote } | { error: CitationError } {
    const found = this.resolve(citationId);
    if (typeof found === 'string') return { error: found };
    const { document, passage } = found;
    return { quote: { passage, document, attribution: attributionOf(document, passage) } };
  }

  /** A document by id. */
  document(id: string): LibraryDocument | undefined {
    return this.byDocument.get(id);
  }

  /** The terms a search with these arguments highlights: remembered, or planned. */
  private matchedTerms(query: string, hint: Language | null, callerFilters: SearchFilters): MatchedTerms {
    const parsed = parseQuery(query);
    const filters = mergeFilters(callerFilters, parsed.filters);
    const recent = this.recent.get(query, hint, filters);
    if (recent) return recent;
    // Only the passages a phrase may stand in are asked about: a mask would
    // visit all 100,000 on every click.
    const allowsPassage = filterPredicate(filters);
    const allows =
      allowsPassage &&
      ((ordinal: number): boolean => {
        const located = this.byOrdinal[ordinal];
        return located !== undefined && allowsPassage(located);
      });
    const matched = this.searcher.matchedTerms(parsed, { hint, allows });
    this.recent.set(query, hint, filters, matched);
    return matched;
  }

  private resolve(citationId: string): Located | CitationError {
    const parsed = parseCitationId(citationId);
    if (!parsed) return 'malformed-citation';
    const document = this.byDocument.get(parsed.documentId);
    if (!document) return 'unknown-document';
    const passage = document.passages[parsed.n - 1];
    if (!passage) return 'unknown-passage';
    return { document, passage };
  }

  /** A hit whose spans are computed when first read. */
  private hit(located: Located, score: number, contextOf: string | null, matched: MatchedTerms): Hit {
    const { document, passage } = located;
    const { analyzers, matcher } = this;
    const cache = this.analysed;
    const analysed = (): PassageTerms => {
      let terms = cache.get(passage);
      if (terms === undefined) {
        terms = passageTerms(passage.text, document.language, analyzers, matcher);
        cache.set(passage, terms);
      }
      return terms;
    };
    let spans: readonly Span[] | undefined;
    return {
      passage,
      document,
      attribution: attributionOf(document, passage),
      score,
      contextOf,
      get spans(): readonly Span[] {
        return (spans ??= spansOf(analysed(), matched));
      },
    };
  }
}
