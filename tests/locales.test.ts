import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTranslations, languageOfDiscordLocale, readLocales } from '../src/i18n/index.js';
import { flatten, messageTypesSource, variablesOf } from '../src/i18n/message-types.js';
import { LANGUAGES } from '../src/languages.js';
import { ROOT } from './helpers.js';

const locales = readLocales();
const PLURAL = /_(zero|one|two|few|many|other)$/;
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
  const messages = new Map(flatten(locales[language]));

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
