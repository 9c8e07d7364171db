import type { LocalizationMap } from 'discord.js';
import { DISCORD_LOCALES, resolvedLocales } from '../i18n/index.js';
import type { Messages } from '../i18n/messages.generated.js';
import type { Language } from '../languages.js';

/** Keys of messages that take no arguments: command descriptions, labels. */
export type PlainKey = { [K in keyof Messages]: Messages[K] extends null ? K : never }[keyof Messages];

/** Dotted key → message, per language, read once from the locale files, references expanded. */
export type LocaleTable = Readonly<Record<Language, ReadonlyMap<string, string>>>;

/** Reads the locale files into lookup tables (synchronously: command data is static). */
export function localeTable(dir?: string): LocaleTable {
  const locales = resolvedLocales(dir);
  return {
    en: locales.en.messages,
    hy: locales.hy.messages,
    az: locales.az.messages,
    ru: locales.ru.messages,
  };
}

/** A message with its Discord localizations, for command names and descriptions. */
export interface Localized {
  /** The English text: Discord's base value. */
  readonly base: string;
  /**
   * Only the locales Discord has (en-US, en-GB, ru). Armenian and Azerbaijani
   * speakers reach their language through /language instead.
   */
  readonly localizations: LocalizationMap;
}

/**
 * Looks a key up in every Discord locale we serve; `base` replaces the
 * English text where the code gives it (a registered name). Throws on a
 * missing key: a build error, not a runtime one.
 */
export function localized(table: LocaleTable, key: string, base?: string): Localized {
  const english = base ?? table.en.get(key);
  if (english === undefined) throw new Error(`missing English message ${key}`);
  const entries = Object.entries(DISCORD_LOCALES).flatMap(([locale, language]) => {
    const text = language === 'en' ? english : table[language].get(key);
    if (text === undefined || text === '') throw new Error(`missing ${language} message ${key}`);
    return [[locale, text] as const];
  });
  return { base: english, localizations: Object.fromEntries(entries) };
}
