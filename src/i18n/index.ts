import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n as I18nInstance } from 'i18next';
import { LANGUAGES, type Language } from '../languages.js';
import { ROOT } from '../paths.js';
import type { Messages } from './messages.generated.js';

/**
 * A translation function bound to one language. Keys and their arguments are
 * checked by `tsc` against the English locale (see messages.generated.ts).
 */
export type T = <K extends keyof Messages>(
  key: K,
  ...args: Messages[K] extends null ? [] : [Messages[K]]
) => string;

/** The interface translations, loaded once at start-up and passed down. */
export interface Translations {
  /** A translator for one language. */
  readonly t: (language: Language) => T;
  /** The underlying i18next instance (for tests and tooling). */
  readonly i18next: I18nInstance;
}

/** Reads `locales/<language>/translation.json` for every language. */
export function readLocales(dir = join(ROOT, 'locales')): Record<Language, unknown> {
  const out = {} as Record<Language, unknown>;
  for (const language of LANGUAGES) {
    out[language] = JSON.parse(readFileSync(join(dir, language, 'translation.json'), 'utf8')) as unknown;
  }
  return out;
}

/**
 * Creates an i18next instance over the real locale files. English is the
 * fallback, so a key missing in one language still reads (tests forbid it).
 * Values are not HTML-escaped: replies are Discord markdown, escaped where
 * they are rendered.
 */
export async function createTranslations(dir?: string): Promise<Translations> {
  const locales = readLocales(dir);
  const instance = i18next.createInstance();
  await instance.init({
    resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: locales[l] }])),
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  } as Parameters<typeof instance.init>[0]);
  const fixed = new Map(LANGUAGES.map((l) => [l, instance.getFixedT(l)]));
  return {
    i18next: instance,
    t: (language) => {
      const t = fixed.get(language) ?? instance.getFixedT('en');
      return ((key: string, args: Record<string, unknown> = {}) => t(key, args)) as T;
    },
  };
}

/** Discord's locales that we serve, and the language each one maps to. */
export const DISCORD_LOCALES = { 'en-US': 'en', 'en-GB': 'en', ru: 'ru' } as const satisfies Record<
  string,
  Language
>;

/** Our language for a Discord locale, or null when we have none (Discord has no hy or az). */
export function languageOfDiscordLocale(locale: string | null | undefined): Language | null {
  if (!locale) return null;
  if (locale in DISCORD_LOCALES) return DISCORD_LOCALES[locale as keyof typeof DISCORD_LOCALES];
  return null;
}
