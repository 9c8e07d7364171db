import { commandReferences } from '../command-names.js';
import { LANGUAGES, type Language } from '../languages.js';
import { seesLocalizedNames } from './discord-locales.js';
import { flatten } from './message-types.js';

/** One language's messages with every `$t(…)` reference expanded. */
export interface ResolvedLocale {
  /** Dotted key → message, as the locale file has it, references expanded. */
  readonly messages: ReadonlyMap<string, string>;
  /**
   * `cmd.<ref>` and `opt.<command>.<option>` → how this reader's client shows
   * that command or option: `/поиск`, `/pins remove`, `Find sources`.
   */
  readonly references: ReadonlyMap<string, string>;
}

/** `$t(key)`: i18next's nesting syntax, expanded here once, at load. */
export const REFERENCE = /\$t\(([^()]*)\)/g;

/**
 * Resolves the locale files. A message names a command as `$t(cmd.search)`,
 * `$t(cmd.pins remove)` or `$t(cmd.findSources)`, an option as
 * `$t(opt.settings.contentWarnings)`, and may reuse another plain message,
 * as in `$t(permission.PinMessages)` or `$t(notebook.button)`. Each is
 * replaced by that language's text: Russian names for Russian, the
 * registered base names for English, Armenian and Azerbaijani, since Discord
 * shows those readers the base names.
 *
 * Expanding at load rather than through i18next's nesting at run time means
 * nothing a user types (a query, a note) is ever read as a reference, and
 * the command data, which is built from the same tables, reads the same.
 * An unknown reference, or one to a message with variables or plural forms,
 * throws: a broken locale file fails at start-up and in the tests, never in
 * front of a reader.
 */
export function resolveLocales(raw: Readonly<Record<Language, unknown>>): Record<Language, ResolvedLocale> {
  const out = {} as Record<Language, ResolvedLocale>;
  for (const language of LANGUAGES) {
    const flat = new Map(flatten(raw[language]));
    const references = commandReferences((key, base) =>
      seesLocalizedNames(language) ? (flat.get(key) ?? base) : base,
    );
    const expand = (key: string, text: string, depth: number): string =>
      text.replace(REFERENCE, (_, inner: string) => {
        const ref = inner.trim();
        const value = references.get(ref) ?? flat.get(ref);
        if (value === undefined)
          throw new Error(`locales/${language}: ${key}: $t(${ref}) names no command, option or message`);
        if (value.includes('{{'))
          throw new Error(`locales/${language}: ${key}: $t(${ref}) has variables; only plain messages nest`);
        if (depth >= 4) throw new Error(`locales/${language}: ${key}: $t(${ref}) nests too deep (a cycle?)`);
        return expand(ref, value, depth + 1);
      });
    const messages = new Map([...flat].map(([key, text]) => [key, expand(key, text, 0)] as const));
    out[language] = { messages, references };
  }
  return out;
}

/** Dotted keys back to the nested object i18next reads. */
export function unflatten(messages: ReadonlyMap<string, string>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, text] of messages) {
    const parts = key.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      if (typeof next === 'object' && next !== null) node = next as Record<string, unknown>;
      else node = node[part] = {};
    }
    node[parts.at(-1) ?? key] = text;
  }
  return root;
}
