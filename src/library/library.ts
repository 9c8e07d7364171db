import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { warningsFor, type Lexicon } from './content-warnings.js';
import { parseDocumentFile, type LibraryDocument } from './document.js';
import type { SourceProblem } from './yaml.js';

export { attributionOf, parseCitationId, type Attribution } from './citation.js';
export { parseDocumentFile, type LibraryDocument, type Passage } from './document.js';

/** The documents that loaded, and the problems of those that did not. */
export interface Library {
  readonly documents: readonly LibraryDocument[];
  readonly problems: readonly SourceProblem[];
}

/**
 * Gives passages of documents nobody has reviewed the lexicon's warnings;
 * reviewed documents keep their list.
 */
export function applyLexicon(documents: readonly LibraryDocument[], lexicon: Lexicon): LibraryDocument[] {
  return documents.map((d) => {
    if (d.contentWarnings !== null) return d;
    const warnings = warningsFor(null, d.passages, d.language, lexicon);
    return { ...d, passages: d.passages.map((p, i) => ({ ...p, warning: warnings[i] ?? null })) };
  });
}

/**
 * Loads every `*.md` document in a folder, in file-name order. A broken file
 * is reported and skipped; the others still load. A later file that repeats
 * an earlier id is the one rejected.
 */
export function loadLibrary(dir: string): Library {
  return parseLibrary(readDocumentFiles(dir));
}

/** The raw document files of a folder, in file-name order, with read problems. */
export interface DocumentFiles {
  readonly files: readonly { readonly file: string; readonly bytes: Uint8Array }[];
  readonly problems: readonly SourceProblem[];
}

/** Reads every `*.md` file of a folder without parsing it (enough to hash it). */
export function readDocumentFiles(dir: string): DocumentFiles {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.md'))
      .sort();
  } catch (error) {
    return {
      files: [],
      problems: [{ file: dir, line: 1, field: null, code: 'unreadable', message: String(error) }],
    };
  }
  const files: { file: string; bytes: Uint8Array }[] = [];
  const problems: SourceProblem[] = [];
  for (const name of names) {
    const file = join(dir, name);
    try {
      files.push({ file, bytes: readFileSync(file) });
    } catch (error) {
      problems.push({ file, line: 1, field: null, code: 'unreadable', message: String(error) });
    }
  }
  return { files, problems };
}

/** Parses and validates read document files; see {@link loadLibrary}. */
export function parseLibrary(input: DocumentFiles): Library {
  const documents: LibraryDocument[] = [];
  const problems: SourceProblem[] = [...input.problems];
  const seen = new Map<string, string>();
  for (const { file, bytes } of input.files) {
    const result = parseDocumentFile(file, bytes);
    if (!result.document) {
      problems.push(...result.problems);
      continue;
    }
    const earlier = seen.get(result.document.id);
    if (earlier !== undefined) {
      problems.push({
        file,
        line: bytesLineOf(bytes, /^id:/m),
        field: 'id',
        code: 'duplicate-id',
        message: `id "${result.document.id}" is already used by ${earlier}`,
      });
      continue;
    }
    seen.set(result.document.id, file);
    documents.push(result.document);
  }
  return { documents, problems };
}

function bytesLineOf(bytes: Uint8Array, pattern: RegExp): number {
  const text = new TextDecoder().decode(bytes);
  const m = pattern.exec(text);
  return m ? text.slice(0, m.index).split('\n').length : 1;
}
