import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';

/** A problem in a data file, located precisely enough for an operator to fix it. */
export interface SourceProblem {
  /** Path of the file, as given to the loader. */
  readonly file: string;
  /** 1-based line in the file. */
  readonly line: number;
  /** Dotted field path, e.g. `author.name`, or null for the file as a whole. */
  readonly field: string | null;
  /** Machine-readable kind of problem. */
  readonly code: ProblemCode;
  /** English detail for logs and the CLI; the bot localises by `code`. */
  readonly message: string;
}

/** Every kind of problem a document or the glossary can have. */
export type ProblemCode =
  | 'encoding'
  | 'front-matter-missing'
  | 'yaml-syntax'
  | 'invalid-field'
  | 'unknown-language'
  | 'duplicate-id'
  | 'empty-body'
  | 'bad-marker'
  | 'unreadable';

interface ParsedYaml {
  readonly value: unknown;
  /** Finds the 1-based file line of a field path (or of its nearest existing parent). */
  lineOf(path: readonly PropertyKey[]): number;
  readonly problems: SourceProblem[];
}

/**
 * Parses YAML keeping positions, so that validation errors can name the line.
 * `lineOffset` is the number of file lines before the YAML text.
 */
export function parseYamlWithLines(file: string, text: string, lineOffset: number): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems: SourceProblem[] = doc.errors.map((e) => ({
    file,
    line: lineOffset + (e.linePos?.[0].line ?? 1),
    field: null,
    code: 'yaml-syntax',
    message: e.message.split('\n')[0] ?? e.message,
  }));
  const lineOf = (path: readonly PropertyKey[]): number => {
    for (let n = path.length; n >= 0; n--) {
      const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return lineOffset + lineCounter.linePos(node.range[0]).line;
    }
    return lineOffset + 1;
  };
  return { value: problems.length > 0 ? undefined : doc.toJS(), lineOf, problems };
}

/** Turns zod issues into located problems, one per issue. */
export function zodProblems(file: string, parsed: ParsedYaml, error: z.ZodError): SourceProblem[] {
  return error.issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    const isLanguage = issue.path.at(-1) === 'language' && issue.code === 'invalid_value';
    return {
      file,
      line: parsed.lineOf(issue.path),
      field: field === '' ? null : field,
      code: isLanguage ? 'unknown-language' : 'invalid-field',
      message: issue.message,
    };
  });
}

/**
 * Decodes UTF-8 strictly. On failure, returns the 1-based line of the first
 * invalid byte, so the operator can find it.
 */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { badLine: number } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text: text.startsWith('\uFEFF') ? text.slice(1) : text };
  } catch {
    return { badLine: lineOfFirstInvalidByte(bytes) };
  }
}

function lineOfFirstInvalidByte(bytes: Uint8Array): number {
  let line = 1;
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i] ?? 0;
    const need =
      b < 0x80
        ? 0
        : b >= 0xc2 && b <= 0xdf
          ? 1
          : b >= 0xe0 && b <= 0xef
            ? 2
            : b >= 0xf0 && b <= 0xf4
              ? 3
              : -1;
    if (need < 0) return line;
    for (let k = 1; k <= need; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return line;
    if (b === 0x0a) line++;
    i += need + 1;
  }
  return line;
}
