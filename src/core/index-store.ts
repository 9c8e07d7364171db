import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseLexicon } from '../library/content-warnings.js';
import { applyLexicon, parseLibrary, readDocumentFiles, type LibraryDocument } from '../library/library.js';
import type { SourceProblem } from '../library/yaml.js';
import type { Analyzers } from '../search/analyzer.js';
import { ConceptMatcher, parseGlossary, type Glossary } from '../search/glossary.js';
import { buildIndex, type SearchIndex } from '../search/index-builder.js';
import { deserializeIndex, readIndexMeta, serializeIndex } from '../search/index-format.js';
import { contentHash } from './content-hash.js';
import { passageInputs } from './passage-inputs.js';
import type { LibraryPaths, OpenReport } from './types.js';

/** Options of opening the index. */
export interface OpenOptions {
  readonly analyzers?: Analyzers;
  /** Rebuild even when the stored index is current. */
  readonly forceRebuild?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
}

/** A library with its index, ready to search. */
export interface OpenedIndex {
  readonly documents: readonly LibraryDocument[];
  readonly index: SearchIndex;
  readonly matcher: ConceptMatcher;
  readonly report: OpenReport;
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

/**
 * Loads the stored index, or rebuilds and stores it when the documents, the
 * glossary, the lexicon or the analysis changed (content hash). Broken
 * documents are reported and left out. Throws only when the glossary itself
 * is unusable.
 */
export function openIndex(paths: LibraryPaths, analyzers: Analyzers, options: OpenOptions = {}): OpenedIndex {
  // Hashing the raw files is enough to know whether the stored index is
  // current; only when it is not are the documents and glossary parsed.
  const files = readDocumentFiles(paths.documentsDir);
  const glossaryBytes = readFileSync(paths.glossaryFile);
  const lexiconBytes = existsSync(paths.contentWarningsFile) ? readFileSync(paths.contentWarningsFile) : null;
  const hash = contentHash(files, glossaryBytes, lexiconBytes ?? new Uint8Array());

  const stored = options.forceRebuild ? null : loadStored(paths.indexFile, hash);
  if (stored) {
    return {
      documents: stored.library.documents,
      index: stored.index,
      matcher: new ConceptMatcher(stored.library.glossary, analyzers),
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
    documents: library.documents,
    index,
    matcher,
    report: { problems: library.problems, rebuilt: true, hash },
  };
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

function writeAtomically(file: string, bytes: Buffer): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, file);
}
