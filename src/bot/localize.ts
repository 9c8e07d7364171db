import type { LocalizationMap } from 'discord.js';
import { DISCORD_LOCALES } from '../i18n/index.js';
import { readLocales } from '../i18n/index.js';
import { flatten } from '../i18n/message-types.js';
import type { Messages } from '../i18n/messages.generated.js';
import type { Language } from '../languages.js';

/** Keys of messages that take no arguments: command names, descriptions, labels. */
export type PlainKey = { [K in keyof Messages]: Messages[K] extends null ? K : never }[keyof Messages];

/** Dotted key → message, per language, read once from the locale files. */
export type LocaleTable = Readonly<Record<Language, ReadonlyMap<string, string>>>;

/** Reads the locale files into lookup tables (synchronously: command data is static). */
export function localeTable(dir?: string): LocaleTable {
  const locales = readLocales(dir);
  return {
    en: new Map(flatten(locales.en)),
    hy: new Map(flatten(locales.hy)),
    az: new Map(flatten(locales.az)),
    ru: new Map(flatten(locales.ru)),
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

/** Looks a key up in every Discord locale we serve. Throws on a missing key: a build error, not a runtime one. */
export function localized(table: LocaleTable, key: PlainKey): Localized {
  const base = table.en.get(key);
  if (base === undefined) throw new Error(`missing English message ${key}`);
  const entries = Object.entries(DISCORD_LOCALES).flatMap(([locale, language]) => {
    const text = table[language].get(key);
    return text !== undefined && text !== '' ? [[locale, text] as const] : [];
  });
  return { base, localizations: Object.fromEntries(entries) };
}
