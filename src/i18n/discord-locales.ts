import type { Language } from '../languages.js';

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

/**
 * Whether a reader of `language` sees the bot's commands under localized
 * names. Only where Discord has the locale: Russian. English is the base, and
 * Armenian and Azerbaijani readers see the base names (Discord has neither).
 */
export function seesLocalizedNames(language: Language): boolean {
  return language !== 'en' && (Object.values(DISCORD_LOCALES) as readonly Language[]).includes(language);
}
