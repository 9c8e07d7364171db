import { warningsFor, type ContentWarning } from './content-warnings.js';
import { frontMatterSchema, type FrontMatter } from './schema.js';
import { decodeUtf8, parseYamlWithLines, zodProblems, type SourceProblem } from './yaml.js';

/** One paragraph of a document: the unit that is searched, cited and quoted. */
export interface Passage {
  /** Citation id `<documentId>:<n>`; stable whatever other documents exist. */
  readonly id: string;
  readonly documentId: string;
  /** 1-based paragraph number within the document body. */
  readonly n: number;
  /** The paragraph verbatim, exactly as in the source file. */
  readonly text: string;
  /** 1-based line of the paragraph in the document file. */
  readonly line: number;
  /** Id of the reprinted source this paragraph belongs to, if any. */
  readonly nestedSourceId: string | null;
  /** What the passage describes that readers may want warning of, or null. */
  readonly warning: ContentWarning | null;
}

/** A validated document with its passages. */
export interface LibraryDocument extends FrontMatter {
  /** Path of the file it was read from. */
  readonly file: string;
  readonly passages: readonly Passage[];
}

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;
const MARKER = /^<!--\s*(\/?)source(?::\s*([a-z0-9-]+))?\s*-->$/;

/**
 * Parses one document file. Returns the document, or every problem found, each
 * naming the file, line and field. Never throws on bad content.
 */
export function parseDocumentFile(
  file: string,
  bytes: Uint8Array,
): { document: LibraryDocument; problems: [] } | { document: null; problems: SourceProblem[] } {
  const decoded = decodeUtf8(bytes);
  if ('badLine' in decoded) {
    return fail({
      file,
      line: decoded.badLine,
      field: null,
      code: 'encoding',
      message: 'bytes that are not UTF-8',
    });
  }
  const text = decoded.text;
  const fm = FRONT_MATTER.exec(text);
  if (!fm) {
    return fail({
      file,
      line: 1,
      field: null,
      code: 'front-matter-missing',
      message: 'the file must start with YAML front matter between two "---" lines',
    });
  }
  const parsed = parseYamlWithLines(file, fm[1] ?? '', 1);
  if (parsed.problems.length > 0) return { document: null, problems: parsed.problems };
  const result = frontMatterSchema.safeParse(parsed.value ?? {});
  if (!result.success) return { document: null, problems: zodProblems(file, parsed, result.error) };
  const meta = result.data;

  const bodyStartLine = fm[0].split('\n').length - (fm[0].endsWith('\n') ? 1 : 0) + 1;
  const body = splitBody(file, meta, text.slice(fm[0].length), bodyStartLine);
  if ('problems' in body) return { document: null, problems: body.problems };
  if (body.passages.length === 0) {
    return fail({
      file,
      line: bodyStartLine,
      field: null,
      code: 'empty-body',
      message: 'the document has no text after its front matter',
    });
  }
  const beyond = (meta.contentWarnings ?? [])
    .flatMap((w) => w.paragraphs)
    .filter((n) => n > body.passages.length);
  if (beyond.length > 0) {
    return fail({
      file,
      line: parsed.lineOf(['contentWarnings']),
      field: 'contentWarnings',
      code: 'invalid-field',
      message: `paragraphs ${beyond.join(', ')} do not exist; the document has ${body.passages.length}`,
    });
  }
  const warnings = warningsFor(meta.contentWarnings, body.passages, meta.language, null);
  const passages = body.passages.map((p, i) => ({ ...p, warning: warnings[i] ?? null }));
  return { document: { ...meta, file, passages }, problems: [] };
}

function fail(problem: SourceProblem): { document: null; problems: SourceProblem[] } {
  return { document: null, problems: [problem] };
}

// Paragraphs are separated by blank lines. A paragraph keeps its inner line
// breaks, so it stays a verbatim substring of the file.
function splitBody(
  file: string,
  meta: FrontMatter,
  body: string,
  firstLine: number,
): { passages: Passage[] } | { problems: SourceProblem[] } {
  const passages: Passage[] = [];
  const problems: SourceProblem[] = [];
  const known = new Set(meta.nestedSources.map((s) => s.id));
  let nested: string | null = null;
  // After a bad opening marker its closing one is expected, not a second error.
  let badOpen = false;
  let current: string[] = [];
  let currentLine = 0;
  const flush = (): void => {
    if (current.length === 0) return;
    const n = passages.length + 1;
    passages.push({
      id: `${meta.id}:${n}`,
      documentId: meta.id,
      n,
      text: current.join('\n'),
      line: currentLine,
      nestedSourceId: nested,
      warning: null,
    });
    current = [];
  };
  const lines = body.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    const lineNo = firstLine + i;
    const marker = MARKER.exec(line);
    if (line === '' || marker) flush();
    if (marker) {
      const closing = marker[1] === '/';
      const id = marker[2] ?? null;
      if (closing && nested === null && badOpen) {
        badOpen = false;
      } else if (closing && nested === null) {
        problems.push({
          file,
          line: lineNo,
          field: null,
          code: 'bad-marker',
          message: 'closing marker without an opening one',
        });
      } else if (!closing && (id === null || !known.has(id))) {
        problems.push({
          file,
          line: lineNo,
          field: 'nestedSources',
          code: 'bad-marker',
          message: `marker names a source "${id ?? ''}" that nestedSources does not declare`,
        });
        badOpen = true;
      } else nested = closing ? null : id;
      continue;
    }
    if (line === '') continue;
    if (current.length === 0) currentLine = lineNo;
    current.push(line);
  }
  flush();
  if (nested !== null) {
    problems.push({
      file,
      line: firstLine,
      field: null,
      code: 'bad-marker',
      message: `source marker "${nested}" is never closed`,
    });
  }
  return problems.length > 0 ? { problems } : { passages };
}
