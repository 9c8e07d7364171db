import { z } from 'zod';
import { LANGUAGES } from '../languages.js';
import { reviewedWarningsSchema } from './content-warnings.js';

/** A calendar date written as YYYY-MM-DD that exists (no 2023-02-30). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date YYYY-MM-DD')
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    {
      message: 'not a real calendar date',
    },
  );

const nonEmpty = z.string().trim().min(1, 'must not be empty');

/** A source reprinted inside a document, e.g. a newspaper report quoted in full. */
export const nestedSourceSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and hyphens'),
  title: nonEmpty.nullable(),
  author: nonEmpty.nullable(),
  outlet: nonEmpty,
  published: isoDate.nullable(),
  genre: nonEmpty,
  note: nonEmpty.nullable().default(null),
});

/**
 * The front matter of a document in `data/documents/`. Every field the bot
 * shows in an attribution is here, and only what the text itself states:
 * unknown facts are `null`, never guessed.
 */
/** The longest document id: citation ids must fit in Discord's 100-character custom ids. */
export const MAX_DOCUMENT_ID = 60;

export const frontMatterSchema = z
  .strictObject({
    id: z
      .string()
      .max(MAX_DOCUMENT_ID, `at most ${MAX_DOCUMENT_ID} characters`)
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and hyphens, e.g. sumgait-1988'),
    title: nonEmpty,
    author: z.strictObject({ name: nonEmpty, affiliation: nonEmpty.nullable() }),
    outlet: nonEmpty.nullable(),
    published: isoDate.nullable(),
    /** How the date is known when the text states none: a note about the source, so in all four languages. */
    dateNote: z
      .strictObject({ en: nonEmpty, hy: nonEmpty, az: nonEmpty, ru: nonEmpty })
      .nullable()
      .default(null),
    /** Year or year-month used only for date filters when `published` is unknown. */
    approximateDate: z
      .string()
      .regex(/^\d{4}(-\d{2})?$/, 'expected YYYY or YYYY-MM')
      .nullable()
      .default(null),
    language: z.enum(LANGUAGES, { message: `unknown language; expected one of ${LANGUAGES.join(', ')}` }),
    genre: nonEmpty,
    url: z.url().nullable(),
    /** Where the verbatim original lives, relative to the repository. */
    source: nonEmpty.nullable().default(null),
    context: z.strictObject({ en: nonEmpty, hy: nonEmpty, az: nonEmpty, ru: nonEmpty }),
    nestedSources: z.array(nestedSourceSchema).default([]),
    /**
     * Paragraphs a person reviewed as describing violence, with categories.
     * Absent: nobody has reviewed the document, and the lexicon decides.
     * An empty list: reviewed, nothing to warn about.
     */
    contentWarnings: reviewedWarningsSchema.nullable().default(null),
  })
  .superRefine((fm, ctx) => {
    if (fm.published === null && fm.dateNote === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['dateNote'],
        message: 'required when published is null: say how the date is known',
      });
    }
  });

/** Parsed and validated front matter. */
export type FrontMatter = z.infer<typeof frontMatterSchema>;
/** A source reprinted inside a document. */
export type NestedSource = z.infer<typeof nestedSourceSchema>;
