import { z } from 'zod';
import { LANGUAGES, type Language } from '../languages.js';
import { decodeUtf8, parseYamlWithLines, zodProblems, type SourceProblem } from './yaml.js';

/**
 * What a content warning can name. Kept to what the passages describe, in
 * neutral words: the warning says what a text contains, not who did it.
 */
export const WARNING_CATEGORIES = ['killing', 'mutilation', 'sexualViolence', 'torture'] as const;

/** One of {@link WARNING_CATEGORIES}. */
export type WarningCategory = (typeof WARNING_CATEGORIES)[number];

/** A passage's content warning and where it comes from. */
export interface ContentWarning {
  readonly categories: readonly WarningCategory[];
  /** `reviewed`: a person's list in the front matter; `detected`: the lexicon. */
  readonly source: 'reviewed' | 'detected';
}

/** The reviewed list in a document's front matter: paragraph numbers with categories. */
export const reviewedWarningsSchema = z.array(
  z.strictObject({
    paragraphs: z.array(z.int().positive()).min(1),
    categories: z.array(z.enum(WARNING_CATEGORIES)).min(1),
  }),
);

const WORD = /^[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]*)*$/u;
const term = z
  .string()
  .trim()
  .refine((s) => s === s.toLowerCase(), 'terms are lower case')
  // A term that is not a word (a space, "==x") could never match.
  .refine(
    (s) => WORD.test(s.replace(/^=/, '')) && s.replace(/^=/, '').length >= 2,
    'a word of two letters or more',
  );
const lexiconSchema = z.strictObject(
  Object.fromEntries(
    WARNING_CATEGORIES.map((c) => [
      c,
      z.strictObject(
        Object.fromEntries(LANGUAGES.map((l) => [l, z.array(term)])) as Record<
          Language,
          z.ZodArray<typeof term>
        >,
      ),
    ]),
  ) as Record<WarningCategory, z.ZodObject<Record<Language, z.ZodArray<typeof term>>>>,
);

interface Term {
  readonly category: WarningCategory;
  /** Without the `=` marker. */
  readonly text: string;
  /** `=word` in the file: the whole word only, not a prefix ("rape", not "rapid"). */
  readonly whole: boolean;
}

/** Word prefixes (or whole words) per language that indicate each category. */
export type Lexicon = Readonly<Record<Language, readonly Term[]>>;

/** Parses `data/content-warnings.yaml`; problems name the line. */
export function parseLexicon(
  file: string,
  bytes: Uint8Array,
): { lexicon: Lexicon; problems: [] } | { lexicon: null; problems: SourceProblem[] } {
  const decoded = decodeUtf8(bytes);
  if ('badLine' in decoded) {
    return {
      lexicon: null,
      problems: [
        { file, line: decoded.badLine, field: null, code: 'encoding', message: 'bytes that are not UTF-8' },
      ],
    };
  }
  const parsed = parseYamlWithLines(file, decoded.text, 0);
  if (parsed.problems.length > 0) return { lexicon: null, problems: parsed.problems };
  const result = lexiconSchema.safeParse(parsed.value ?? {});
  if (!result.success) return { lexicon: null, problems: zodProblems(file, parsed, result.error) };
  const lexicon = Object.fromEntries(
    LANGUAGES.map((language) => [
      language,
      WARNING_CATEGORIES.flatMap((category) =>
        result.data[category][language].map((t) => ({
          category,
          text: fold(t.replace(/^=/, ''), language),
          whole: t.startsWith('='),
        })),
      ),
    ]),
  ) as unknown as Lexicon;
  return { lexicon, problems: [] };
}

function fold(text: string, language: Language): string {
  return text.normalize('NFKC').toLocaleLowerCase(language === 'az' ? 'az' : language);
}

/**
 * The categories a text in `language` shows by the lexicon: a word matches a
 * term when it starts with it (or equals it, for whole-word terms). A
 * first pass for documents nobody has reviewed yet; it errs on the side of
 * precision, and a reviewed list always overrides it.
 */
export function detectWarnings(text: string, language: Language, lexicon: Lexicon): WarningCategory[] {
  const whole =
    fold(text.replace(/\u00ad/g, ''), language).match(/[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*/gu) ?? [];
  // A compound is matched whole and by its parts: "mass-murder", "полу-убитые".
  const words = whole.flatMap((w) => (/[-’']/.test(w) ? [w, ...w.split(/['’-]/)] : [w]));
  const found = new Set<WarningCategory>();
  for (const t of lexicon[language]) {
    if (found.has(t.category)) continue;
    if (words.some((w) => (t.whole ? w === t.text : w.startsWith(t.text)))) found.add(t.category);
  }
  return WARNING_CATEGORIES.filter((c) => found.has(c));
}

/**
 * Each passage's warning. A document with a reviewed list (even an empty
 * one) uses only that list: where a person and the lexicon disagree, the
 * person wins. A document without one gets the lexicon's judgement.
 */
export function warningsFor(
  reviewed: z.infer<typeof reviewedWarningsSchema> | null,
  passages: readonly { readonly n: number; readonly text: string }[],
  language: Language,
  lexicon: Lexicon | null,
): (ContentWarning | null)[] {
  if (reviewed !== null) {
    const byParagraph = new Map<number, Set<WarningCategory>>();
    for (const entry of reviewed) {
      for (const n of entry.paragraphs) {
        const set = byParagraph.get(n) ?? new Set<WarningCategory>();
        for (const c of entry.categories) set.add(c);
        byParagraph.set(n, set);
      }
    }
    return passages.map((p) => {
      const set = byParagraph.get(p.n);
      return set ? { categories: WARNING_CATEGORIES.filter((c) => set.has(c)), source: 'reviewed' } : null;
    });
  }
  if (lexicon === null) return passages.map(() => null);
  return passages.map((p) => {
    const categories = detectWarnings(p.text, language, lexicon);
    return categories.length > 0 ? { categories, source: 'detected' } : null;
  });
}
