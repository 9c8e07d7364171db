import { z } from 'zod';
import { decodeUtf8, parseYamlWithLines, zodProblems, type SourceProblem } from '../library/yaml.js';

// YAML reads bare `true`, `no` or `366` as non-strings; a variant is always a
// word, so scalars are taken as the text the operator wrote.
const variant = z
  .union([z.string(), z.number(), z.boolean()])
  .transform((v) => String(v).trim())
  .pipe(z.string().min(1, 'a variant must not be empty'));
const variants = z.array(variant).min(1, 'at least one variant');

/** Kinds of concept. Names match inflected forms; terms match by stem. */
export const CONCEPT_KINDS = ['place', 'person', 'organisation', 'event', 'work', 'term'] as const;

/** One concept of the glossary with its variants in every language. */
export const conceptSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and hyphens'),
  kind: z.enum(CONCEPT_KINDS),
  note: z.string().optional(),
  en: variants,
  hy: variants,
  az: variants,
  ru: variants,
});

/** The glossary file: `data/glossary.yaml`. */
export const glossarySchema = z.strictObject({ concepts: z.array(conceptSchema) });

/** A validated glossary. */
export type Glossary = z.infer<typeof glossarySchema>;
/** One concept of the glossary. */
export type Concept = z.infer<typeof conceptSchema>;

/** Parses and validates glossary YAML; problems name the line and field. */
export function parseGlossary(
  file: string,
  bytes: Uint8Array,
): { glossary: Glossary; problems: [] } | { glossary: null; problems: SourceProblem[] } {
  const decoded = decodeUtf8(bytes);
  if ('badLine' in decoded) {
    return {
      glossary: null,
      problems: [
        { file, line: decoded.badLine, field: null, code: 'encoding', message: 'bytes that are not UTF-8' },
      ],
    };
  }
  const parsed = parseYamlWithLines(file, decoded.text, 0);
  if (parsed.problems.length > 0) return { glossary: null, problems: parsed.problems };
  const result = glossarySchema.safeParse(parsed.value);
  // Duplicates are checked on the raw entries too, so that one pass reports
  // every problem of the file, not the schema's first and then the rest.
  const problems = [
    ...(result.success ? [] : zodProblems(file, parsed, result.error)),
    ...duplicateIds(file, parsed),
  ];
  if (!result.success || problems.length > 0) return { glossary: null, problems };
  return { glossary: result.data, problems: [] };
}

function duplicateIds(file: string, parsed: ReturnType<typeof parseYamlWithLines>): SourceProblem[] {
  const concepts = (parsed.value as { concepts?: unknown } | null | undefined)?.concepts;
  if (!Array.isArray(concepts)) return [];
  const seen = new Set<unknown>();
  const problems: SourceProblem[] = [];
  concepts.forEach((c: unknown, i) => {
    const id = (c as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') return;
    if (seen.has(id)) {
      problems.push({
        file,
        line: parsed.lineOf(['concepts', i, 'id']),
        field: `concepts.${i}.id`,
        code: 'duplicate-id',
        message: `duplicate id "${id}"`,
      });
    }
    seen.add(id);
  });
  return problems;
}
