import { describe, expect, it } from 'vitest';
import { analyzerCacheStats, createAnalyzers, MAX_WORD_LENGTH } from '../src/search/analyzer.js';
import { ConceptMatcher } from '../src/search/glossary.js';
import { buildIndex } from '../src/search/index-builder.js';
import { Searcher } from '../src/search/searcher.js';
import { correctable } from '../src/search/term-dictionary.js';
import { realGlossary } from './helpers.js';

/** A made-up word of n letters, the same for the same n. */
const word = (n: number): string => {
  const syllables = ['ka', 'lo', 'mi', 'ner', 'tu', 'vos', 'pra', 'di'];
  let w = '';
  for (let i = 0; w.length < n; i++) w += syllables[(i * 5 + n) % syllables.length] ?? '';
  return w.slice(0, n);
};
/** The word with one letter in its middle replaced: one edit away. */
const typo = (w: string): string => {
  const i = Math.floor(w.length / 2);
  return `${w.slice(0, i)}${w[i] === 'x' ? 'y' : 'x'}${w.slice(i + 1)}`;
};

const long = word(MAX_WORD_LENGTH + 5);
const longest = word(MAX_WORD_LENGTH);
const glossary = realGlossary();

function engine(): {
  searcher: Searcher;
  analyzers: ReturnType<typeof createAnalyzers>;
  matcher: ConceptMatcher;
} {
  const analyzers = createAnalyzers();
  const matcher = new ConceptMatcher(glossary, analyzers);
  const index = buildIndex(
    [
      { text: `The chemists named it ${long} in the report.`, language: 'en' },
      { text: `A second word, ${longest}, is just short enough.`, language: 'en' },
      { text: 'Nothing long here: massacre, pogrom, refugees.', language: 'en' },
    ],
    analyzers,
    matcher,
  );
  return { searcher: new Searcher(index, analyzers, matcher), analyzers, matcher };
}

describe('overlong query words', () => {
  it('GIVEN words of 4, 5, 40 and 41 characters WHEN the query planner decides on typo correction THEN only 5 to 40 are corrected', () => {
    expect(correctable('abcd')).toBe(false);
    expect(correctable('abcde')).toBe(true);
    expect(correctable(word(MAX_WORD_LENGTH))).toBe(true);
    expect(correctable(word(MAX_WORD_LENGTH + 1))).toBe(false);
    expect(correctable('а'.repeat(200))).toBe(false);
  });

  it('GIVEN an indexed word over 40 characters WHEN searched exactly THEN its passage is found', () => {
    const { searcher } = engine();
    const result = searcher.search(long);
    expect(result.hits.filter((h) => h.contextOf === null).map((h) => h.passage)).toEqual([0]);
    expect(result.unmatched).toEqual([]);
  });

  it('GIVEN an indexed word over 40 characters WHEN searched with one typo THEN nothing matches: no typo correction is tried', () => {
    const { searcher } = engine();
    const result = searcher.search(`${typo(long)} `);
    expect(result.hits).toEqual([]);
    expect(result.unmatched).toEqual([typo(long)]);
  });

  it('GIVEN an indexed word of 40 characters WHEN searched with one typo THEN it is still corrected and found', () => {
    const { searcher } = engine();
    const result = searcher.search(`${typo(longest)} `);
    expect(result.hits.filter((h) => h.contextOf === null).map((h) => h.passage)).toEqual([1]);
  });

  it('GIVEN unique query words over 40 characters WHEN searched THEN the analyser and glossary caches gain no entry', () => {
    const { searcher, analyzers, matcher } = engine();
    searcher.search('massacre');
    const before = [analyzerCacheStats(analyzers).entries, matcher.cacheStats().entries];
    for (let i = 0; i < 200; i++) searcher.search(`${word(41 + i)} ${typo(word(41 + i))}`);
    expect([analyzerCacheStats(analyzers).entries, matcher.cacheStats().entries]).toEqual(before);
  });
});
