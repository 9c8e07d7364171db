import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n as I18nInstance } from 'i18next';
import type { CommandRef, OptionRef } from '../command-names.js';
import { LANGUAGES, type Language } from '../languages.js';
import { ROOT } from '../paths.js';
import type { Messages } from './messages.generated.js';
import { resolveLocales, unflatten, type ResolvedLocale } from './resolve.js';

export { DISCORD_LOCALES, languageOfDiscordLocale, seesLocalizedNames } from './discord-locales.js';

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
  /**
   * A command as a reader of `language` sees it in their Discord client:
   * `command('ru', 'search')` → `/поиск`, `command('hy', 'pins remove')` →
   * `/pins remove`, `command('ru', 'findSources')` → `Найти источники`.
   * Locale strings name commands the same way, as `$t(cmd.search)`.
   */
  readonly command: (language: Language, ref: CommandRef) => string;
  /** An option's name as that reader's client shows it: `option('ru', 'search.public')` → `публично`. */
  readonly option: (language: Language, ref: OptionRef) => string;
  /** The underlying i18next instance (for tests and tooling). */
  readonly i18next: I18nInstance;
}

/** Reads `locales/<language>/translation.json` for every language, as written. */
export function readLocales(dir = join(ROOT, 'locales')): Record<Language, unknown> {
  const out = {} as Record<Language, unknown>;
  for (const language of LANGUAGES) {
    out[language] = JSON.parse(readFileSync(join(dir, language, 'translation.json'), 'utf8')) as unknown;
  }
  return out;
}

/** The locale files with every `$t(…)` reference expanded (see resolve.ts). */
export function resolvedLocales(dir?: string): Record<Language, ResolvedLocale> {
  return resolveLocales(readLocales(dir));
}

/**
 * Creates an i18next instance over the real locale files, synchronously
 * (command data is built when the commands load). English is the fallback,
 * so a key missing in one language still reads (tests forbid it). Values are
 * not HTML-escaped: replies are Discord markdown, escaped where they are
 * rendered. References are expanded at load and nesting is off at run time,
 * so a `$t(…)` a user types stays text.
 */
export function createTranslationsSync(dir?: string): Translations {
  const locales = resolvedLocales(dir);
  const instance = i18next.createInstance();
  void instance.init({
    resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: unflatten(locales[l].messages) }])),
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false, skipOnVariables: true },
    returnNull: false,
    showSupportNotice: false,
    initAsync: false,
  } as Parameters<typeof instance.init>[0]);
  // One function per language, made once. It calls the instance with `lng`
  // rather than a getFixedT function, which copies all of i18next's options
  // on every call (a page of results makes dozens of calls); a text without
  // arguments never changes, so it is looked up once.
  const fixed = new Map(
    LANGUAGES.map((language) => {
      const plain = new Map<string, string>();
      const t = (key: string, args?: Record<string, unknown>): string => {
        if (args === undefined) {
          let text = plain.get(key);
          if (text === undefined) {
            text = instance.t(key, { lng: language, nest: false });
            plain.set(key, text);
          }
          return text;
        }
        return instance.t(key, { ...args, lng: language, nest: false });
      };
      return [language, t as T];
    }),
  );
  const reference = (language: Language, key: string): string => {
    const text = locales[language].references.get(key);
    if (text === undefined) throw new Error(`no command reference ${key}`);
    return text;
  };
  return {
    i18next: instance,
    t: (language) => fixed.get(language) ?? (fixed.get('en') as T),
    command: (language, ref) => reference(language, `cmd.${ref}`),
    option: (language, ref) => reference(language, `opt.${ref}`),
  };
}

/** {@link createTranslationsSync}, for callers that await their set-up. */
export function createTranslations(dir?: string): Promise<Translations> {
  return Promise.resolve(createTranslationsSync(dir));
}
