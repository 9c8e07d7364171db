import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ANALYZER_CACHE_BYTES,
  analyzerCacheStats,
  createAnalyzers,
  languagesForToken,
  MAX_WORD_LENGTH,
} from '../src/search/analyzer.js';
import { foldLatin, normalize } from '../src/search/normalize.js';
import { romanizeArmenian, romanizeAzerbaijani, romanizeCyrillic } from '../src/search/romanize.js';
import { nameTerm, stemTerm } from '../src/search/terms.js';
import { tokenize } from '../src/search/tokenize.js';

const analyzers = createAnalyzers();
const armenianLetters = [...'աբգդեզէըթժիլխծկհձղճմյնշոչպջռսվտրցւփքօֆ'];
const armenianWord = fc
  .array(fc.constantFrom(...armenianLetters), { minLength: 2, maxLength: 12 })
  .map((a) => a.join(''));

describe('normalize', () => {
  it('GIVEN any text WHEN normalised twice THEN the result equals normalising once', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => normalize(normalize(s)) === normalize(s)));
  });

  it('GIVEN mixed-script text from the four languages WHEN normalised twice THEN it is stable', () => {
    const letters = fc.constantFrom(...'İIıiƏəŞşÇçĞğÖöÜüЁёЕеАБВԱԲԳաբգ՞՛ '.split(''));
    fc.assert(
      fc.property(fc.array(letters, { maxLength: 30 }), (a) => {
        const s = a.join('');
        return normalize(normalize(s)) === normalize(s);
      }),
    );
  });

  it('GIVEN Azerbaijani capital İ WHEN normalised THEN it is a plain i with no combining dot (the toLowerCase trap)', () => {
    expect('İnsan'.toLowerCase()).not.toBe('insan'); // the trap itself
    expect(normalize('İnsan')).toBe('insan');
    expect(normalize('İLHAM')).toBe('ilham');
  });

  it('GIVEN Russian ё WHEN normalised THEN it matches е', () => {
    expect(normalize('Объём')).toBe(normalize('объем'));
    expect(normalize('ЁЛКА')).toBe('елка');
  });

  it('GIVEN Azerbaijani typed without its letters WHEN folded THEN it equals the folded proper spelling', () => {
    expect(foldLatin(normalize('Xocali'))).toBe(foldLatin(normalize('Xocalı')));
    expect(foldLatin(normalize('Susa'))).toBe(foldLatin(normalize('Şuşa')));
    expect(foldLatin(normalize('Gence'))).toBe(foldLatin(normalize('Gəncə')));
  });
});

describe('tokenize', () => {
  it('GIVEN Cyrillic and Armenian text WHEN tokenised THEN no letter is dropped (the Lunr/Orama default trap)', () => {
    expect(tokenize('Ходжалы и Սումգայիթ').map((t) => t.norm)).toEqual(['ходжалы', 'и', 'սումգայիթ']);
  });

  it('GIVEN Azerbaijani ə WHEN tokenised THEN the word stays whole (the Orama Turkish splitter trap)', () => {
    expect(tokenize('Gəncə və Xankəndi').map((t) => t.norm)).toEqual(['gəncə', 'və', 'xankəndi']);
  });

  it('GIVEN any text WHEN tokenised THEN every token points at its own original characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (s) =>
        tokenize(s).every(
          (t) => t.start < t.end && t.end <= s.length && normalize(s.slice(t.start, t.end)).length > 0,
        ),
      ),
    );
  });

  it('GIVEN a number with thousands separators WHEN tokenised THEN it equals the plain number', () => {
    expect(tokenize('7,000 residents').map((t) => t.norm)).toEqual(['7000', 'residents']);
  });

  it('GIVEN an Armenian question mark inside a word WHEN tokenised THEN the word is found without it', () => {
    expect(tokenize('ո՞վ').map((t) => t.norm)).toEqual(['ով']);
  });
});

describe('romanisation', () => {
  it.each([
    ['Սումգայիթ', 'sumgayit'],
    ['Խոջալու', 'khojalu'],
    ['Արցախ', 'artsakh'],
    ['Ստեփանակերտ', 'stepanakert'],
    ['Շուշի', 'shushi'],
    ['Երևան', 'yerevan'],
  ])('GIVEN Armenian %s WHEN romanised THEN it reads %s (ու is u, no apostrophes)', (hy, latin) => {
    expect(romanizeArmenian(normalize(hy))).toBe(latin);
  });

  it.each([
    ['Ходжалы', 'khojaly'],
    ['Сумгаит', 'sumgait'],
    ['Степанакерт', 'stepanakert'],
    ['Шуша', 'shusha'],
  ])('GIVEN Russian %s WHEN romanised THEN it reads %s', (ru, latin) => {
    expect(romanizeCyrillic(normalize(ru))).toBe(latin);
  });

  it.each([
    ['Xocalı', 'khojali'],
    ['Qarabağ', 'garabagh'],
    ['Şuşa', 'shusha'],
  ])('GIVEN Azerbaijani %s WHEN romanised THEN it reads %s', (az, latin) => {
    expect(romanizeAzerbaijani(normalize(az))).toBe(latin);
  });

  it('GIVEN any Armenian word WHEN romanised THEN the result is plain ASCII letters with no apostrophe', () => {
    fc.assert(fc.property(armenianWord, (w) => /^[a-z]+$/.test(romanizeArmenian(w))));
  });

  it('GIVEN any Armenian word WHEN its romanisation is keyed as English THEN it equals the key of the Armenian original', () => {
    fc.assert(
      fc.property(armenianWord, (w) => analyzers.en.nameKey(romanizeArmenian(w)) === analyzers.hy.nameKey(w)),
    );
  });
});

describe('stemming and language choice', () => {
  it('GIVEN inflected Russian forms WHEN stemmed THEN they share a stem', () => {
    expect(analyzers.ru.stem('погромы')).toBe(analyzers.ru.stem('погромов'));
  });

  it('GIVEN inflected Armenian forms of one noun WHEN stemmed THEN they share a stem', () => {
    const forms = ['ցեղասպանություն', 'ցեղասպանության', 'ցեղասպանությունը'].map((w) => analyzers.hy.stem(w));
    expect(new Set(forms).size).toBe(1);
  });

  it('GIVEN Azerbaijani forms typed with and without its letters WHEN stemmed THEN they share a stem', () => {
    expect(analyzers.az.stem('xocalının')).toBe(analyzers.az.stem('xocalinin'));
  });

  it('GIVEN a Latin token and a wrong hint WHEN choosing languages THEN the script decides and the hint is ignored', () => {
    expect(languagesForToken('khojaly', 'ru')).toEqual(['en', 'az']);
    expect(languagesForToken('khojaly', 'az')).toEqual(['az', 'en']);
    expect(languagesForToken('ходжалы', 'en')).toEqual(['ru']);
  });

  it('GIVEN a number WHEN analysed in any language THEN its term is shared by all languages', () => {
    expect(stemTerm(analyzers, 'en', '1988')).toBe(stemTerm(analyzers, 'hy', '1988'));
  });
});

describe('analyser caches', () => {
  const scripts = [
    'abcdefghijklmnopqrstuvwxyzəıöüşçğ',
    'абвгдежзийклмнопрстуфхцчшщыэюя',
    armenianLetters.join(''),
  ];
  const wordOf = (letters: string, n: number, seed: number): string => {
    let w = '';
    for (let i = 0, x = seed; i < n; i++, x = (Math.imul(x, 1103515245) + 12345) >>> 0)
      w += letters[(x >>> 16) % letters.length] ?? '';
    return w;
  };
  const analyse = (a: typeof analyzers, norm: string): string[] =>
    languagesForToken(norm, null).flatMap((l) => [stemTerm(a, l, norm), nameTerm(a, l, norm)]);

  it('GIVEN 30,000 unique 40-letter words in Latin, Cyrillic and Armenian script WHEN analysed THEN the caches never hold more than their byte budget, and still hold the recent half of it', () => {
    const fresh = createAnalyzers();
    let most = 0;
    for (let i = 0; i < 30_000; i++) {
      analyse(fresh, wordOf(scripts[i % scripts.length] ?? '', MAX_WORD_LENGTH, i + 1));
      most = Math.max(most, analyzerCacheStats(fresh).bytes);
    }
    const stats = analyzerCacheStats(fresh);
    expect(stats.maxBytes).toBe(ANALYZER_CACHE_BYTES);
    expect(most).toBeLessThanOrEqual(ANALYZER_CACHE_BYTES);
    // The words needed more than the budget: it was reached, not merely untouched.
    expect(most).toBeGreaterThan(ANALYZER_CACHE_BYTES * 0.9);
    expect(stats.bytes).toBeGreaterThan(ANALYZER_CACHE_BYTES / 2);
  });

  it('GIVEN a tiny cache budget WHEN words are analysed in any order, again and again THEN the budget holds and every stem and name key is the one an uncached analysis gives', () => {
    const word = fc.oneof(
      fc.constantFrom('погромы', 'Xocalının', 'Սումգայիթում', 'Khojaly', 'massacre'),
      fc.string({ unit: fc.constantFrom(...'abcdeəıабвгдաբգդ'), minLength: 1, maxLength: 45 }),
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 60 }), (words) => {
        const tiny = createAnalyzers({ cacheBytes: 2_000 });
        const roomy = createAnalyzers({ cacheBytes: 1e9 });
        for (const w of [...words, ...words].map(normalize)) {
          expect(analyse(tiny, w)).toEqual(analyse(roomy, w));
          expect(analyzerCacheStats(tiny).bytes).toBeLessThanOrEqual(2_000);
        }
      }),
    );
  });

  it('GIVEN a word over 40 characters WHEN analysed THEN it is stemmed as usual but not cached, while a 40-character word is', () => {
    expect(MAX_WORD_LENGTH).toBe(40);
    const fresh = createAnalyzers();
    const long = wordOf(scripts[0] ?? '', MAX_WORD_LENGTH + 1, 7);
    expect(analyse(fresh, long)).toEqual(analyse(createAnalyzers(), long));
    expect(analyse(fresh, long)).toHaveLength(4); // en and az, stem and name key each
    expect(analyzerCacheStats(fresh).entries).toBe(0);
    analyse(fresh, long.slice(0, MAX_WORD_LENGTH));
    expect(analyzerCacheStats(fresh).entries).toBe(4);
  });
});
