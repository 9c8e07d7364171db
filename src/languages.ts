/**
 * The one list of languages. It feeds the library schema, the analysers, the
 * interface translations (i18next) and the tests.
 */
export const LANGUAGES = ['en', 'hy', 'az', 'ru'] as const;

/** A language of the library and of the interface. */
export type Language = (typeof LANGUAGES)[number];

/** Type guard for untrusted input (CLI flags, stored records, front matter). */
export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}
