import { describe, expect, it } from 'vitest';
import { createAnalyzers, MAX_WORD_LENGTH } from '../src/search/analyzer.js';
import { LANGUAGES } from '../src/languages.js';
import {
  ConceptMatcher,
  documentScope,
  GLOSSARY_CACHE_BYTES,
  parseGlossary,
  queryScope,
} from '../src/search/glossary.js';
import { loadLibrary } from '../src/library/library.js';
import { libraryPaths } from '../src/paths.js';
import { tokenize } from '../src/search/tokenize.js';
import { realGlossary } from './helpers.js';

const glossary = realGlossary();
const matcher = new ConceptMatcher(glossary, createAnalyzers());
const conceptsOf = (text: string): string[] => [
  ...new Set(matcher.match(tokenize(text), queryScope(null)).map((m) => m.concept)),
];

/** Capitalised words of the library that are not names: pronouns, titles, initials, directions. */
const NOT_NAMES = new Set(
  'The I Reported XIII US Founding Sinologist Diplomat Editor Analyst Consultant Advisor Non Fellow E V Northern East'.split(
    ' ',
  ),
);

describe('the glossary', () => {
  it('GIVEN every proper name in the bundled library WHEN matched against the glossary THEN each one belongs to a concept', () => {
    const uncovered = new Set<string>();
    for (const doc of loadLibrary(libraryPaths().documentsDir).documents) {
      for (const p of doc.passages) {
        const tokens = tokenize(p.text);
        const covered = new Set<number>();
        for (const m of matcher.match(tokens, documentScope(doc.language))) {
          for (let i = m.first; i < m.last; i++) covered.add(i);
        }
        tokens.forEach((t, i) => {
          const before = p.text.slice(Math.max(0, t.start - 3), t.start);
          const sentenceStart = i === 0 || /[.!?:“"—]\s*$/.test(before);
          const word = p.text.slice(t.start, t.end);
          if (t.capital && !sentenceStart && !covered.has(i) && !NOT_NAMES.has(word)) uncovered.add(word);
        });
      }
    }
    expect([...uncovered]).toEqual([]);
  });

  it.each([
    ['Artsakh', 'Qarabağ', 'Карабах', 'Արցախ', 'Garabagh', 'Nagorno-Karabakh'],
    ['Stepanakert', 'Khankendi', 'Xankəndi', 'Степанакерт', 'Ханкенди', 'Ստեփանակերտ'],
    ['Ganja', 'Kirovabad', 'Gandzak', 'Gəncə', 'Гянджа', 'Գանձակ'],
    ['Shusha', 'Shushi', 'Şuşa', 'Шуша', 'Շուշի'],
    ['Khojaly', 'Xocalı', 'Ходжалы', 'Խոջալու'],
    ['Sumgait', 'Sumqayıt', 'Сумгаит', 'Սումգայիթ'],
  ])('GIVEN the names %s… WHEN each is looked up THEN they all expand to one concept', (...names) => {
    const concepts = names.map((n) => conceptsOf(n));
    expect(concepts[0]).toHaveLength(1);
    for (const [i, c] of concepts.entries()) expect(c, names[i]).toEqual(concepts[0]);
  });

  it.each([
    ['massacre', 'резня', 'qırğın'],
    ['pogrom', 'погромы', 'погромов'],
    ['deportation', 'депортация', 'deportasiya'],
    ['refugee', 'беженцы', 'qaçqın'],
    ['KGB', 'КГБ', 'ՊԱԿ'],
  ])('GIVEN the words %s… WHEN each is looked up THEN they share a concept', (...words) => {
    const [first, ...rest] = words.map((w) => new Set(conceptsOf(w)));
    for (const [i, set] of rest.entries()) {
      expect(
        [...(first ?? [])].some((c) => set.has(c)),
        words[i + 1],
      ).toBe(true);
    }
  });

  it('GIVEN inflected forms WHEN looked up THEN names carry their endings (Сумгаите, Xocalıda, Սումգայիթում)', () => {
    for (const form of ['Сумгаите', 'Xocalıda', 'Xocalida', 'Սումգայիթում', 'Sumgait’s']) {
      expect(conceptsOf(form).length, form).toBe(1);
    }
  });

  it('GIVEN an English word that starts like an Azerbaijani name WHEN indexed THEN the name does not match it', () => {
    const inEnglish = (text: string): string[] =>
      matcher.match(tokenize(text), documentScope('en')).map((m) => m.concept);
    expect(inEnglish('in the absence of any resistance')).not.toContain('usa');
    expect(inEnglish('Susan')).toEqual([]);
  });

  it('GIVEN a broken glossary WHEN parsed THEN every problem names its line and field', () => {
    const bytes = Buffer.from(
      'concepts:\n  - id: a\n    kind: place\n    en: [A]\n    hy: []\n    az: [A]\n    ru: [A]\n  - id: a\n    kind: sort\n    en: [B]\n    hy: [B]\n    az: [B]\n    ru: [B]\n',
    );
    const result = parseGlossary('glossary.yaml', bytes);
    expect(result.glossary).toBeNull();
    expect(result.problems.map((p) => [p.line, p.field])).toEqual(
      expect.arrayContaining([
        [5, 'concepts.0.hy'],
        [9, 'concepts.1.kind'],
        [8, 'concepts.1.id'],
      ]),
    );
  });

  it('GIVEN bare YAML scalars such as true or 366 WHEN used as variants THEN they are read as the words written', () => {
    const result = parseGlossary(
      'g.yaml',
      Buffer.from(
        'concepts:\n  - id: t\n    kind: term\n    en: [true, 366]\n    hy: [x]\n    az: [x]\n    ru: [x]\n',
      ),
    );
    expect(result.glossary?.concepts[0]?.en).toEqual(['true', '366']);
  });
});

describe('the candidate cache of the matcher', () => {
  const wordOf = (letters: string, n: number, seed: number): string => {
    let w = '';
    for (let i = 0, x = seed; i < n; i++, x = (Math.imul(x, 1103515245) + 12345) >>> 0)
      w += letters[(x >>> 16) % letters.length] ?? '';
    return w;
  };

  it('GIVEN 20,000 unique query words under every hint WHEN matched THEN the caches never hold more than their byte budget, and names are still found', () => {
    const budget = 64 * 1024;
    const small = new ConceptMatcher(glossary, createAnalyzers(), { cacheBytes: budget });
    const hints = [null, ...LANGUAGES];
    let most = 0;
    for (let i = 0; i < 20_000; i++) {
      const letters =
        ['abcdefghijklmnopqrstuvwxyz', 'абвгдежзийклмнопрстуфхцчшщ', 'աբգդեզէըթժիլխծկհձղ'][i % 3] ?? '';
      small.match(
        tokenize(wordOf(letters, 4 + (i % 30), i + 1)),
        queryScope(hints[i % hints.length] ?? null),
      );
      most = Math.max(most, small.cacheStats().bytes);
    }
    expect(most).toBeLessThanOrEqual(budget);
    expect(most).toBeGreaterThan(budget * 0.9);
    expect(small.cacheStats().maxBytes).toBe(budget);
    expect(matcher.cacheStats().maxBytes).toBe(GLOSSARY_CACHE_BYTES);
    const found = (text: string): string[] =>
      small.match(tokenize(text), queryScope(null)).map((m) => m.concept);
    expect(found('Xocalıda')).toEqual(conceptsOf('Xocalıda'));
    expect(found('Сумгаите')).toEqual(conceptsOf('Сумгаите'));
  });

  it('GIVEN a word over 40 characters WHEN matched THEN it is not cached, and the name next to it is still found', () => {
    const fresh = new ConceptMatcher(glossary, createAnalyzers());
    const long = wordOf('abcdefghijklmnopqrstuvwxyz', MAX_WORD_LENGTH + 1, 3);
    const concepts = fresh.match(tokenize(`Khojaly ${long}`), queryScope(null)).map((m) => m.concept);
    expect(concepts).toEqual(conceptsOf('Khojaly'));
    expect(fresh.cacheStats().entries).toBe(1);
    fresh.match(tokenize(long.slice(0, MAX_WORD_LENGTH)), queryScope(null));
    expect(fresh.cacheStats().entries).toBe(2);
  });
});
