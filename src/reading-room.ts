import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LANGUAGES, type Language } from './languages.js';
import {
  applyLexicon,
  attributionOf,
  parseCitationId,
  parseLibrary,
  readDocumentFiles,
  type DocumentFiles,
  type Attribution,
  type LibraryDocument,
  type Passage,
} from './library/library.js';
import type { SourceProblem } from './library/yaml.js';
import { parseLexicon, type ContentWarning } from './library/content-warnings.js';
import { ANALYSIS_VERSION, createAnalyzers, nameTerm, stemTerm, type Analyzers } from './search/analyzer.js';
import { ConceptMatcher, documentScope, parseGlossary, type Glossary } from './search/glossary.js';
import { buildIndex, type PassageInput, type SearchIndex } from './search/index-builder.js';
import { deserializeIndex, readIndexMeta, serializeIndex } from './search/index-format.js';
import { AZERBAIJANI_LETTERS, scriptOf } from './search/normalize.js';
import { parseQuery, type SearchFilters } from './search/query.js';
import { Searcher } from './search/searcher.js';
import { tokenize } from './search/tokenize.js';

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

/** One search result: a verbatim passage with its citation and attribution. */
export interface Hit {
  /** Citation id, e.g. `khojaly-1992:17`. */
  readonly id: string;
  readonly documentId: string;
  readonly n: number;
  /** The passage verbatim. */
  readonly text: string;
  readonly score: number;
  /** Matched words, for highlighting. */
  readonly spans: readonly Span[];
  /**
   * Citation id of the neighbouring passage this one is shown as context of,
   * when it contains none of the query's words itself; null otherwise.
   */
  readonly contextOf: string | null;
  readonly attribution: Attribution;
  /** The passage's content warning, or null. */
  readonly warning: ContentWarning | null;
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

/** Options of {@link ReadingRoom.search}. */
export interface RoomSearchOptions {
  /** The language the query is written in, if known (a hint; may be wrong). */
  readonly hint?: Language | null;
  readonly limit?: number;
  readonly filters?: SearchFilters;
}

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

interface Located {
  readonly document: LibraryDocument;
  readonly passage: Passage;
}

/**
 * The reading room's core: the library, its index and search. It knows
 * nothing of Discord; the bot and the CLI both call it.
 */
export class ReadingRoom {
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
  static open(
    paths: LibraryPaths,
    options: {
      analyzers?: Analyzers;
      forceRebuild?: boolean;
      onProgress?: (done: number, total: number) => void;
    } = {},
  ): { room: ReadingRoom; report: OpenReport } {
    const analyzers = options.analyzers ?? createAnalyzers();
    // Hashing the raw files is enough to know whether the stored index is
    // current; only when it is not are the documents and glossary parsed.
    const files = readDocumentFiles(paths.documentsDir);
    const glossaryBytes = readFileSync(paths.glossaryFile);
    const lexiconBytes = existsSync(paths.contentWarningsFile)
      ? readFileSync(paths.contentWarningsFile)
      : null;
    const hash = contentHash(files, glossaryBytes, lexiconBytes ?? new Uint8Array());

    const stored = options.forceRebuild ? null : loadStored(paths.indexFile, hash);
    if (stored) {
      const matcher = new ConceptMatcher(stored.library.glossary, analyzers);
      return {
        room: new ReadingRoom(stored.library.documents, stored.index, analyzers, matcher),
        report: { problems: stored.library.problems, rebuilt: false, hash },
      };
    }
    const parsedLibrary = parseLibrary(files);
    const parsed = parseGlossary(paths.glossaryFile, glossaryBytes);
    if (!parsed.glossary) throw new GlossaryError(parsed.problems);
    // A broken lexicon costs only the automatic warnings of unreviewed
    // documents; it is reported like a broken document, and search still works.
    const lexicon: ReturnType<typeof parseLexicon> = lexiconBytes
      ? parseLexicon(paths.contentWarningsFile, lexiconBytes)
      : {
          lexicon: null,
          problems: [
            {
              file: paths.contentWarningsFile,
              line: 1,
              field: null,
              code: 'unreadable',
              message: 'no content-warning lexicon: unreviewed documents get no automatic warnings',
            },
          ],
        };
    const library = {
      documents: lexicon.lexicon
        ? applyLexicon(parsedLibrary.documents, lexicon.lexicon)
        : parsedLibrary.documents,
      problems: [...parsedLibrary.problems, ...lexicon.problems],
    };
    const matcher = new ConceptMatcher(parsed.glossary, analyzers);
    const index = buildIndex(passageInputs(library.documents), analyzers, matcher, options.onProgress);
    const snapshot: StoredLibrary = {
      documents: library.documents,
      problems: library.problems,
      glossary: parsed.glossary,
    };
    writeAtomically(
      paths.indexFile,
      serializeIndex(index, { hash, builtAt: new Date().toISOString(), library: snapshot }),
    );
    return {
      room: new ReadingRoom(library.documents, index, analyzers, matcher),
      report: { problems: library.problems, rebuilt: true, hash },
    };
  }

  /** Number of passages in the index. */
  get passageCount(): number {
    return this.byOrdinal.length;
  }

  /** Ranked passages for a query in any of the four languages. */
  search(query: string, options: RoomSearchOptions = {}): SearchResult {
    const parsed = parseQuery(query);
    const queryLanguage = options.hint ?? detectLanguage(query);
    const filters = mergeFilters(options.filters ?? {}, parsed.filters);
    const allow = this.allowMask(filters);
    const result = this.searcher.search(parsed, {
      hint: queryLanguage,
      limit: options.limit ?? 10,
      allow,
    });
    const hits = result.hits.flatMap(({ passage: ordinal, score, contextOf }) => {
      const located = this.byOrdinal[ordinal];
      if (!located) return [];
      const { document, passage } = located;
      return [
        {
          id: passage.id,
          documentId: document.id,
          n: passage.n,
          text: passage.text,
          score,
          contextOf: contextOf === null ? null : (this.byOrdinal[contextOf]?.passage.id ?? null),
          spans: this.highlight(passage.text, document.language, result.terms, result.phrases),
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

  private allowMask(filters: SearchFilters): Uint8Array | null {
    const { documents, languages, from, to } = filters;
    if (!documents?.length && !languages?.length && from === undefined && to === undefined) return null;
    const lo = from === undefined ? '0000-00-00' : padDate(from, 'start');
    const hi = to === undefined ? '9999-99-99' : padDate(to, 'end');
    const mask = new Uint8Array(this.byOrdinal.length);
    this.byOrdinal.forEach(({ document, passage }, i) => {
      if (documents?.length && !documents.includes(document.id)) return;
      if (languages?.length && !languages.includes(document.language)) return;
      const [start, end] = passageDateRange(document, passage);
      if (start === null || end === null) {
        if (from !== undefined || to !== undefined) return;
      } else if (end < lo || start > hi) return;
      mask[i] = 1;
    });
    return mask;
  }

  /**
   * Spans of the words that matched: any token one of whose index terms the
   * query used, and for phrases only the runs where all the words stand in order.
   */
  private highlight(
    text: string,
    language: Language,
    terms: ReadonlySet<string>,
    phrases: readonly (readonly ReadonlySet<string>[])[],
  ): Span[] {
    const tokens = tokenize(text);
    const termsAt: Set<string>[] = tokens.map((t) => {
      const own = new Set([stemTerm(this.analyzers, language, t.norm)]);
      if (t.capital) own.add(nameTerm(this.analyzers, language, t.norm));
      return own;
    });
    const spans: Span[] = [];
    const conceptEnd = new Map<number, number>();
    for (const m of this.matcher.match(tokens, documentScope(language))) {
      termsAt[m.first]?.add(`#${m.concept}`);
      if (terms.has(`#${m.concept}`)) conceptEnd.set(m.first, Math.max(conceptEnd.get(m.first) ?? 0, m.last));
    }
    tokens.forEach((t, i) => {
      const end = conceptEnd.get(i);
      if (end !== undefined) spans.push({ start: t.start, end: tokens[end - 1]?.end ?? t.end });
      else if ([...(termsAt[i] ?? [])].some((term) => terms.has(term)))
        spans.push({ start: t.start, end: t.end });
    });
    for (const phrase of phrases) {
      for (let i = 0; i + phrase.length <= tokens.length; i++) {
        const ok = phrase.every((slot, j) => [...(termsAt[i + j] ?? [])].some((term) => slot.has(term)));
        const first = tokens[i];
        const last = tokens[i + phrase.length - 1];
        if (ok && first && last) spans.push({ start: first.start, end: last.end });
      }
    }
    return mergeSpans(spans);
  }
}

/** The glossary could not be loaded: search cannot bridge languages without it. */
export class GlossaryError extends Error {
  constructor(readonly problems: readonly SourceProblem[]) {
    super(
      `glossary is invalid:\n${problems.map((p) => `  ${p.file}:${p.line}${p.field ? ` (${p.field})` : ''}: ${p.message}`).join('\n')}`,
    );
    this.name = 'GlossaryError';
  }
}

/**
 * Guesses the language a query is written in from its letters: Armenian
 * script → hy, Cyrillic → ru, Latin with Azerbaijani letters → az, other Latin
 * → en. Null when there are no letters. Only a hint: search tries every
 * language the script allows.
 */
export function detectLanguage(query: string): Language | null {
  const counts = { latin: 0, cyrillic: 0, armenian: 0 };
  for (const t of tokenize(query)) {
    const s = scriptOf(t.norm);
    if (s === 'latin' || s === 'cyrillic' || s === 'armenian') counts[s]++;
  }
  const top = (Object.entries(counts) as [keyof typeof counts, number][]).sort((a, b) => b[1] - a[1])[0];
  if (!top || top[1] === 0) return null;
  if (top[0] === 'armenian') return 'hy';
  if (top[0] === 'cyrillic') return 'ru';
  return AZERBAIJANI_LETTERS.test(query) ? 'az' : 'en';
}

/** The hash that decides whether a stored index is still valid. */
export function contentHash(
  files: DocumentFiles,
  glossaryBytes: Uint8Array,
  lexiconBytes: Uint8Array = new Uint8Array(),
): string {
  const h = createHash('sha256');
  h.update(`analysis:${ANALYSIS_VERSION}\nlanguages:${LANGUAGES.join(',')}\ncode:${analysisCodeHash()}\n`);
  h.update(createHash('sha256').update(glossaryBytes).digest('hex'));
  h.update(`\nwarnings:${createHash('sha256').update(lexiconBytes).digest('hex')}`);
  for (const { file, bytes } of files.files) {
    h.update(`\n${basename(file)}:${createHash('sha256').update(bytes).digest('hex')}`);
  }
  for (const p of files.problems) h.update(`\nunreadable:${p.file}`);
  return h.digest('hex');
}

/**
 * The parsed library stored beside the index, so that a start-up with an
 * unchanged library parses no YAML at all. The content hash guards it.
 */
interface StoredLibrary {
  readonly documents: readonly LibraryDocument[];
  readonly problems: readonly SourceProblem[];
  readonly glossary: Glossary;
}

function loadStored(file: string, hash: string): { index: SearchIndex; library: StoredLibrary } | null {
  if (!existsSync(file)) return null;
  const bytes = readFileSync(file);
  const meta = readIndexMeta(bytes);
  if (meta?.['hash'] !== hash) return null;
  const library = meta['library'] as StoredLibrary | undefined;
  const index = deserializeIndex(bytes);
  if (!index || !library || !Array.isArray(library.documents) || !Array.isArray(library.glossary.concepts))
    return null;
  return { index, library };
}

/**
 * Hash of the analysis and indexing code itself, so that an index built by an
 * older version of the code is never loaded by a newer one, even when someone
 * forgets to bump ANALYSIS_VERSION.
 */
function analysisCodeHash(): string {
  const h = createHash('sha256');
  // The stored index holds passages split by library/ and inputs built here.
  for (const sub of ['./search/', './library/']) {
    const dir = fileURLToPath(new URL(sub, import.meta.url));
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .sort();
    for (const f of files) h.update(`${sub}${f}`).update(readFileSync(join(dir, f)));
  }
  h.update(readFileSync(fileURLToPath(import.meta.url)));
  return h.digest('hex');
}

/**
 * What the index is built from: each passage's text, and for a reprinted
 * passage the name and year of the original source, so that "NYT 1992" finds
 * the reprinted report although its paragraphs never name the newspaper.
 */
export function passageInputs(documents: readonly LibraryDocument[]): PassageInput[] {
  return documents.flatMap((d, document) =>
    d.passages.map((p) => {
      const nested = d.nestedSources.find((s) => s.id === p.nestedSourceId);
      const extra = nested ? `${nested.outlet} ${nested.published?.slice(0, 4) ?? ''}` : undefined;
      return { text: p.text, language: d.language, document, ...(extra !== undefined ? { extra } : {}) };
    }),
  );
}

function writeAtomically(file: string, bytes: Buffer): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, file);
}

function mergeFilters(a: SearchFilters, b: SearchFilters): SearchFilters {
  const documents = [...(a.documents ?? []), ...(b.documents ?? [])];
  const languages = [...(a.languages ?? []), ...(b.languages ?? [])];
  const from = b.from ?? a.from;
  const to = b.to ?? a.to;
  return {
    ...(documents.length ? { documents } : {}),
    ...(languages.length ? { languages } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
  };
}

function padDate(date: string, side: 'start' | 'end'): string {
  const [y, m, d] = date.split('-');
  return `${y ?? '0000'}-${m ?? (side === 'start' ? '01' : '12')}-${d ?? (side === 'start' ? '01' : '31')}`;
}

/** The dates a passage may be from: its reprinted source's, else its document's. */
function passageDateRange(document: LibraryDocument, passage: Passage): [string | null, string | null] {
  const nested = document.nestedSources.find((s) => s.id === passage.nestedSourceId);
  const date = nested?.published ?? document.published ?? document.approximateDate;
  return date === null ? [null, null] : [padDate(date, 'start'), padDate(date, 'end')];
}

function mergeSpans(spans: Span[]): Span[] {
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  for (const s of spans) {
    const last = out.at(-1);
    if (last && s.start <= last.end)
      out[out.length - 1] = { start: last.start, end: Math.max(last.end, s.end) };
    else out.push(s);
  }
  return out;
}
