import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LANGUAGES } from '../languages.js';
import type { DocumentFiles } from '../library/library.js';
import { ANALYSIS_VERSION } from '../search/analyzer.js';

/** The src/ folder. */
const SRC = fileURLToPath(new URL('../', import.meta.url));

/**
 * The code whose change can alter the stored index, relative to src/; a
 * folder stands for every .ts file under it. The analysis, the index builder
 * and its format live in search/ (the searcher with them, at the cost of a
 * rebuild when only it changes), the document parser in library/; the core
 * modules listed decide what is indexed and what is stored beside the index.
 * tests/index-hash.test.ts checks that every module the index opening imports
 * is listed, and that a change to any listed file changes the hash.
 */
export const INDEX_CODE = [
  'search/',
  'library/',
  'languages.ts',
  'core/content-hash.ts',
  'core/index-store.ts',
  'core/passage-inputs.ts',
] as const;

/** The files of {@link INDEX_CODE}, relative to `srcDir`, in hashing order. */
export function indexCodeFiles(srcDir = SRC): string[] {
  return INDEX_CODE.flatMap((entry) =>
    entry.endsWith('/')
      ? readdirSync(join(srcDir, entry), { recursive: true, encoding: 'utf8' })
          .filter((f) => f.endsWith('.ts'))
          .sort()
          .map((f) => `${entry}${f}`)
      : [entry],
  );
}

/**
 * Hash of the analysis and indexing code itself, so that an index built by an
 * older version of the code is never loaded by a newer one, even when someone
 * forgets to bump ANALYSIS_VERSION.
 */
export function analysisCodeHash(srcDir = SRC): string {
  const h = createHash('sha256');
  for (const file of indexCodeFiles(srcDir)) {
    h.update(`${file}\0`)
      .update(readFileSync(join(srcDir, file)))
      .update('\0');
  }
  return h.digest('hex');
}

/**
 * The hash that decides whether a stored index is still valid: of the
 * documents, the glossary, the lexicon and the code under `srcDir`.
 */
export function contentHash(
  files: DocumentFiles,
  glossaryBytes: Uint8Array,
  lexiconBytes: Uint8Array = new Uint8Array(),
  srcDir = SRC,
): string {
  const h = createHash('sha256');
  h.update(
    `analysis:${ANALYSIS_VERSION}\nlanguages:${LANGUAGES.join(',')}\ncode:${analysisCodeHash(srcDir)}\n`,
  );
  h.update(createHash('sha256').update(glossaryBytes).digest('hex'));
  h.update(`\nwarnings:${createHash('sha256').update(lexiconBytes).digest('hex')}`);
  for (const { file, bytes } of files.files) {
    h.update(`\n${basename(file)}:${createHash('sha256').update(bytes).digest('hex')}`);
  }
  for (const p of files.problems) h.update(`\nunreadable:${p.file}`);
  return h.digest('hex');
}
