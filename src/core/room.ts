import { attributionOf, parseCitationId, type LibraryDocument } from '../library/library.js';
import { createAnalyzers, type Analyzers } from '../search/analyzer.js';
import type { ConceptMatcher } from '../search/glossary.js';
import type { SearchIndex } from '../search/index-builder.js';
import { parseQuery } from '../search/query.js';
import { Searcher } from '../search/searcher.js';
import { detectLanguage } from './detect-language.js';
import { allowMask, mergeFilters } from './filters.js';
import { highlight, type MatchedTerms } from './highlight.js';
import { openIndex, type OpenOptions } from './index-store.js';
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
} from './types.js';

/**
 * The reading room's core: the library, its index and search. It knows
 * nothing of Discord; the bot and the CLI both call it.
 */
export class ReadingRoom {
  /** Every passage, by its number in the index (see passageInputs). */
  private readonly byOrdinal: readonly Located[];
  private readonly byDocument: ReadonlyMap<string, LibraryDocument>;
  private readonly searcher: Searcher;

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
    const hits = result.hits.flatMap(({ passage: ordinal, score, contextOf }): Hit[] => {
      const located = this.byOrdinal[ordinal];
      if (!located) return [];
      const { document, passage } = located;
      const { analyzers, matcher } = this;
      let spans: readonly Span[] | undefined;
      return [
        {
          id: passage.id,
          documentId: document.id,
          n: passage.n,
          text: passage.text,
          score,
          contextOf: contextOf === null ? null : (this.byOrdinal[contextOf]?.passage.id ?? null),
          get spans(): readonly Span[] {
            return (spans ??= highlight(passage.text, document.language, matched, analyzers, matcher));
          },
          attribution: attributionOf(document, passage),
          warning: passage.warning,
        },
      ];
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

  /** Resolves a citation id to its passage, or says why it cannot. */
  quote(citationId: string): { quote: Quote } | { error: CitationError } {
    const parsed = parseCitationId(citationId);
    if (!parsed) return { error: 'malformed-citation' };
    const document = this.byDocument.get(parsed.documentId);
    if (!document) return { error: 'unknown-document' };
    const passage = document.passages[parsed.n - 1];
    if (!passage) return { error: 'unknown-passage' };
    return { quote: { passage, document, attribution: attributionOf(document, passage) } };
  }

  /** A document by id. */
  document(id: string): LibraryDocument | undefined {
    return this.byDocument.get(id);
  }
}
