import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nameKeys } from '../src/command-names.js';
import {
  createTranslations,
  languageOfDiscordLocale,
  readLocales,
  resolvedLocales,
} from '../src/i18n/index.js';
import { flatten, messageTypesSource, variablesOf } from '../src/i18n/message-types.js';
import { LANGUAGES, type Language } from '../src/languages.js';
import { ROOT } from './helpers.js';

const locales = readLocales();
const PLURAL = /_(zero|one|two|few|many|other)$/;
/** The localized names of commands, subcommands and options: every locale but English gives them. */
const NAME_KEYS = new Set(nameKeys());
/** CLDR plural categories each language must provide. */
const CATEGORIES = {
  en: ['one', 'other'],
  hy: ['one', 'other'],
  az: ['one', 'other'],
  ru: ['one', 'few', 'many', 'other'],
};
const en = new Map(flatten(locales.en));
const bases = new Set([...en.keys()].map((k) => k.replace(PLURAL, '')));
const pluralBases = new Set([...en.keys()].filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));

describe.each(LANGUAGES)('the %s locale', (language) => {
  const all = new Map(flatten(locales[language]));
  // Names are checked on their own below; everything else is a message like English's.
  const messages = new Map([...all].filter(([key]) => !NAME_KEYS.has(key)));

  it('GIVEN the command names WHEN looked up THEN English has none (they are code) and every other locale localizes each one, and nothing else', () => {
    const names = [...all.keys()].filter((k) => /^commands\..*\.name$/.test(k)).sort();
    expect(names).toEqual(language === 'en' ? [] : [...NAME_KEYS].sort());
    for (const key of names) expect((all.get(key) ?? '').trim(), key).not.toBe('');
  });

  it('GIVEN every English key WHEN looked up THEN it exists and is not empty', () => {
    const missing = [...bases].filter((b) => !pluralBases.has(b) && !(messages.get(b) ?? '').trim());
    expect(missing).toEqual([]);
  });

  it('GIVEN every plural message WHEN looked up THEN all its CLDR categories are there', () => {
    for (const base of pluralBases) {
      for (const category of CATEGORIES[language])
        expect(messages.get(`${base}_${category}`), `${base}_${category}`).toBeTruthy();
    }
  });

  it('GIVEN every message WHEN compared with English THEN it uses exactly the same interpolation variables', () => {
    for (const [key, text] of messages) {
      const base = key.replace(PLURAL, '');
      const english = en.get(key) ?? en.get(`${base}_other`) ?? en.get(base);
      expect(english, `${language}: ${key} is not an English key`).toBeDefined();
      expect(variablesOf(text), `${language}: ${key}`).toEqual(variablesOf(english ?? ''));
    }
  });
});

describe('translations', () => {
  it('GIVEN the generated message types WHEN compared with the English locale THEN they are up to date (npm run locale-types)', () => {
    expect(readFileSync(join(ROOT, 'src', 'i18n', 'messages.generated.ts'), 'utf8')).toBe(
      messageTypesSource(),
    );
  });

  it.each([
    ['ru', 1, 'отрывок'],
    ['ru', 3, 'отрывка'],
    ['ru', 5, 'отрывков'],
    ['en', 1, 'passage '],
    ['en', 2, 'passages'],
  ] as const)(
    'GIVEN %s and %i passages WHEN the summary is written THEN it uses the right plural form',
    async (language, count, word) => {
      const { t } = await createTranslations();
      expect(t(language)('search.summary', { count, page: 1, pages: 1 })).toContain(word);
    },
  );

  it.each([
    ['ru', 'ru'],
    ['en-US', 'en'],
    ['en-GB', 'en'],
    ['hy', null],
    ['tr', null],
  ] as const)('GIVEN the Discord locale %s WHEN mapped THEN the language is %s', (locale, language) => {
    expect(languageOfDiscordLocale(locale)).toBe(language);
  });
});

/**
 * The CLDR category each count must take: Russian one/few/many, Armenian
 * one for 0 and 1, Azerbaijani and English one for 1 only.
 */
const EXPECTED_CATEGORY: Record<Language, Record<number, string>> = {
  en: { 0: 'other', 1: 'one', 2: 'other', 5: 'other', 11: 'other', 21: 'other', 22: 'other', 101: 'other' },
  hy: { 0: 'one', 1: 'one', 2: 'other', 5: 'other', 11: 'other', 21: 'other', 22: 'other', 101: 'other' },
  az: { 0: 'other', 1: 'one', 2: 'other', 5: 'other', 11: 'other', 21: 'other', 22: 'other', 101: 'other' },
  ru: { 0: 'many', 1: 'one', 2: 'few', 5: 'many', 11: 'many', 21: 'one', 22: 'few', 101: 'one' },
};
const COUNTS = [0, 1, 2, 5, 11, 21, 22, 101];

describe('plurals', () => {
  const resolved = resolvedLocales();
  // Every English string that says {{count}} is a plural family: none counts in a single form.
  it('GIVEN every English message with a count WHEN read THEN it has plural forms', () => {
    const single = [...en].filter(([key, text]) => !PLURAL.test(key) && variablesOf(text).includes('count'));
    expect(single.map(([key]) => key)).toEqual([]);
  });

  it.each(LANGUAGES)(
    'GIVEN every counted message in %s WHEN rendered at 0, 1, 2, 5, 11, 21, 22, 101 THEN each count takes its CLDR form',
    async (language) => {
      const { t } = await createTranslations();
      const tr = t(language) as unknown as (key: string, args: Record<string, unknown>) => string;
      const rules = new Intl.PluralRules(language);
      const messages = resolved[language].messages;
      for (const base of pluralBases) {
        for (const n of COUNTS) {
          const category = EXPECTED_CATEGORY[language][n] ?? 'other';
          expect(rules.select(n), `${language} ${String(n)}`).toBe(category);
          const template = messages.get(`${base}_${category}`) ?? '';
          const args: Record<string, unknown> = { count: n };
          for (const v of variablesOf(template)) if (v !== 'count') args[v] = `<${v}>`;
          const expected = template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, v: string) => String(args[v]));
          expect(tr(base, args), `${language} ${base} at ${String(n)}`).toBe(expected);
          expect(expected, `${language} ${base} at ${String(n)}`).toContain(String(n));
        }
      }
    },
  );

  it('GIVEN Russian counted messages WHEN their forms are compared THEN one, few and many differ (a noun agrees with each)', () => {
    const ru = resolved.ru.messages;
    for (const base of pluralBases) {
      const forms = ['one', 'few', 'many'].map((c) => ru.get(`${base}_${c}`));
      expect(new Set(forms).size, base).toBe(3);
    }
  });

  it('GIVEN English counted messages WHEN their forms are compared THEN one and other differ', () => {
    for (const base of pluralBases) expect(en.get(`${base}_one`), base).not.toBe(en.get(`${base}_other`));
  });

  it.each([
    ['ru', 21, 'Найден 21 отрывок'],
    ['ru', 22, 'Найдено 22 отрывка'],
    ['ru', 11, 'Найдено 11 отрывков'],
    ['ru', 101, 'Найден 101 отрывок'],
    ['en', 1, '1 passage found'],
    ['en', 0, '0 passages found'],
  ] as const)(
    'GIVEN %s and %i passages WHEN the summary is written THEN it reads “%s”',
    async (language, count, text) => {
      const { t } = await createTranslations();
      expect(t(language)('search.summary', { count, page: 1, pages: 1 })).toContain(text);
    },
  );
});

describe('unused messages', () => {
  /** Every .ts file under a folder. */
  const sources = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('messages.generated.ts'))
      .map((f) => readFileSync(join(ROOT, dir, f), 'utf8'));

  it('GIVEN every message key WHEN src/ is scanned THEN some code or another message uses it', () => {
    const code = sources('src').join('\n');
    // Keys written out ('errors.generic'), and prefixes of keys built at run time (`citeStyle.${style}`).
    const literal = new Set([...code.matchAll(/['"`]([a-zA-Z]+(?:\.[a-zA-Z]+)+)['"`]/g)].map((m) => m[1]));
    const prefixes = [...code.matchAll(/`([a-zA-Z]+(?:\.[a-zA-Z]+)*\.)\$\{/g)].map((m) => m[1] ?? '');
    // Messages reused inside others: `$t(notebook.button)`.
    const nested = new Set(
      LANGUAGES.flatMap((l) =>
        flatten(locales[l]).flatMap(([, text]) => [...text.matchAll(/\$t\(([^()]*)\)/g)]),
      ).map((m) => (m[1] ?? '').trim()),
    );
    // Command data is generated from src/command-names.ts: a description or a
    // name counts as used when that command, subcommand or option exists.
    const generated = new Set(nameKeys().flatMap((k) => [k, k.replace(/\.name$/, '.description')]));
    const unused = [...bases].filter(
      (key) =>
        !literal.has(key) &&
        !nested.has(key) &&
        !generated.has(key) &&
        !prefixes.some((p) => key.startsWith(p) && p !== 'commands.'),
    );
    expect(unused).toEqual([]);
  });
});
