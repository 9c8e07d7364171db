import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LANGUAGES, type Language } from '../src/languages.js';
import type { Hit, ReadingRoom, StoredHit } from '../src/reading-room.js';
import type { SearchFilters } from '../src/search/query.js';
import { Scorer } from '../src/search/scoring.js';
import { Ranker } from '../src/search/top-k.js';
import { bundledRoom, realGlossary } from './helpers.js';

/** Searches; a page click on it finds the terms its search used. */
const room = bundledRoom();
/** Never searches: each click plans its query again, as after a restart. */
const fresh = bundledRoom();

const stored = (hits: readonly Hit[]): StoredHit[] =>
  hits.map((h) => ({ id: h.passage.id, contextOf: h.contextOf }));
/** What a page shows of a hit. */
const shown = (hits: readonly Hit[]): object[] =>
  hits.map((h) => ({ passage: h.passage, contextOf: h.contextOf, spans: h.spans }));

/**
 * Words by the language of their script. The bundled passages are English;
 * the other three languages come from the glossary's variants (which reach
 * the passages through its concepts) and the documents' context notes
 * (which mostly miss, or are corrected to a near word).
 */
function wordsByLanguage(): Record<Language, string[]> {
  const out = Object.fromEntries(LANGUAGES.map((l) => [l, new Set<string>()])) as Record<
    Language,
    Set<string>
  >;
  const add = (text: string): void => {
    for (const w of text.match(/[\p{L}\p{N}]+/gu) ?? []) {
      const language = /\p{Script=Armenian}/u.test(w)
        ? 'hy'
        : /\p{Script=Cyrillic}/u.test(w)
          ? 'ru'
          : /[əğıöüşçƏĞİÖÜŞÇ]/u.test(w)
            ? 'az'
            : 'en';
      out[language].add(w);
    }
  };
  for (const d of room.documents) {
    for (const p of d.passages) add(p.text);
    for (const l of LANGUAGES) add(d.context[l]);
  }
  for (const c of realGlossary().concepts) for (const l of LANGUAGES) c[l].forEach(add);
  return Object.fromEntries(LANGUAGES.map((l) => [l, [...out[l]]])) as Record<Language, string[]>;
}

const words = wordsByLanguage();
/** Runs of consecutive passage words, for phrases that occur. */
const runs = room.documents.flatMap((d) =>
  d.passages.flatMap((p) => {
    const w = p.text.split(/\s+/).filter((x) => /^\p{L}+$/u.test(x));
    return w.slice(0, -2).map((_, i) => w.slice(i, i + 2 + (i % 2)).join(' '));
  }),
);

/** A word as people mistype it: two letters swapped, or left unfinished. */
const mistyped = (word: string, how: 'swap' | 'cut' | 'none'): string => {
  const c = [...word];
  if (how === 'swap' && c.length >= 5) [c[2], c[3]] = [c[3] ?? '', c[2] ?? ''];
  if (how === 'cut' && c.length >= 5) c.splice(-2);
  return c.join('');
};

const queryArb = fc.oneof(
  fc
    .constantFrom(...LANGUAGES)
    .chain((l) =>
      fc.tuple(
        fc.array(fc.constantFrom(...words[l]), { minLength: 1, maxLength: 3 }),
        fc.constantFrom('swap', 'cut', 'none', 'none'),
        fc.boolean(),
      ),
    )
    .map(
      ([ws, how, open]) =>
        `${ws.map((w, i) => (i === ws.length - 1 ? mistyped(w, how) : w)).join(' ')}${open ? '' : ' '}`,
    ),
  // A phrase that stands in a passage, and words around it.
  fc
    .tuple(fc.constantFrom(...runs), fc.constantFrom(...words.en), fc.boolean())
    .map(([run, w, alone]) => (alone ? `"${run}"` : `${w} "${run}"`)),
  // A phrase of words from anywhere, which mostly falls back to its words.
  fc
    .constantFrom(...LANGUAGES)
    .chain((l) => fc.array(fc.constantFrom(...words[l], ...words.en), { minLength: 2, maxLength: 3 }))
    .map((ws) => `"${ws.join(' ')}"`),
);
const hintArb = fc.constantFrom<Language | null>(null, ...LANGUAGES);
const filtersArb = fc.constantFrom<SearchFilters>(
  {},
  { documents: ['khojaly-1992'] },
  { documents: ['sumgait-1988'] },
  { from: '2000' },
);

describe('stored hits', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('GIVEN the hits of any search in any of the four languages WHEN shown again from their ids THEN they equal the search hits in passage, context and spans, with or without the search in memory', () => {
    fc.assert(
      fc.property(queryArb, hintArb, filtersArb, (query, hint, filters) => {
        const found = room.search(query, { hint, filters, limit: 30 }).hits;
        const ids = stored(found);
        for (const r of [room, fresh]) {
          const again = r.storedHits(query, ids, { hint, filters });
          expect(shown(again)).toEqual(shown(found));
          expect(again.every((h) => h.score === 0)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('GIVEN a room that has shown no passage yet WHEN any search is shown, then shown again after a hundred others THEN its spans are the same: the kept passage analyses change nothing', () => {
    fc.assert(
      fc.property(
        queryArb,
        hintArb,
        fc.array(queryArb, { minLength: 100, maxLength: 100 }),
        (query, hint, others) => {
          const cold = bundledRoom();
          const first = cold.search(query, { hint, limit: 30 }).hits.map((h) => h.spans);
          for (const other of others) cold.search(other, { limit: 30 }).hits.forEach((h) => h.spans.length);
          expect(cold.search(query, { hint, limit: 30 }).hits.map((h) => h.spans)).toEqual(first);
        },
      ),
      { numRuns: 10 },
    );
  });

  it('GIVEN stored ids among which some no longer resolve WHEN shown again THEN those are skipped and the others keep their order', () => {
    const junk = ['nowhere-1:1', 'khojaly-1992:9999', 'not a citation', ''];
    fc.assert(
      fc.property(queryArb, fc.array(fc.nat()), (query, at) => {
        const found = room.search(query, { limit: 30 }).hits;
        const ids = stored(found);
        at.forEach((n, i) =>
          ids.splice(n % (ids.length + 1), 0, { id: junk[i % junk.length] ?? '', contextOf: null }),
        );
        expect(shown(fresh.storedHits(query, ids))).toEqual(shown(found));
      }),
      { numRuns: 100 },
    );
  });

  it.each([
    ['Sumgiat', 'Sumgait'],
    ['Konchalovski', 'Konchalovsky'],
  ])(
    'GIVEN the typo %s WHEN its hits are shown again THEN the corrected word %s is highlighted as the search did',
    (query, word) => {
      const found = room.search(query, { limit: 30 }).hits;
      const again = fresh.storedHits(query, stored(found));
      expect(shown(again)).toEqual(shown(found));
      const marked = again.flatMap((h) => h.spans.map((s) => h.passage.text.slice(s.start, s.end)));
      expect(marked).toContain(word);
    },
  );

  it('GIVEN a phrase filtered away from the only passage it stands in WHEN its hits are shown again with the same filters THEN its words are highlighted, as the search fell back to them', () => {
    const filters = { documents: ['khojaly-1992'] };
    const found = room.search('"Death to Armenians"', { filters, limit: 30 }).hits;
    const again = fresh.storedHits('"Death to Armenians"', stored(found), { filters });
    expect(shown(again)).toEqual(shown(found));
    expect(again.some((h) => h.spans.length > 0)).toBe(true);
  });

  it('GIVEN a stored page WHEN shown again, remembered or not THEN nothing is scored or ranked', () => {
    const query = 'Khojaly "Death to Armenians" Sumgiat';
    const ids = stored(room.search(query, { limit: 30 }).hits);
    const scoreWord = vi.spyOn(Scorer.prototype, 'scoreWord');
    const scorePhrase = vi.spyOn(Scorer.prototype, 'scorePhrase');
    const top = vi.spyOn(Ranker.prototype, 'top');
    const spans = [room, fresh].flatMap((r: ReadingRoom) => r.storedHits(query, ids).flatMap((h) => h.spans));
    expect(spans.length).toBeGreaterThan(0);
    expect(scoreWord).not.toHaveBeenCalled();
    expect(scorePhrase).not.toHaveBeenCalled();
    expect(top).not.toHaveBeenCalled();
  });
});
