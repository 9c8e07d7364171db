import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../src/languages.js';
import { evaluate, loadRetrievalSet } from '../src/eval/retrieval.js';
import { bundledRoom, ROOT } from './helpers.js';

const queries = loadRetrievalSet(join(ROOT, 'tests', 'fixtures', 'retrieval-set.yaml'));
const room = bundledRoom();

describe('retrieval quality (npm run eval)', () => {
  it('GIVEN the retrieval set WHEN counted THEN it has at least 20 queries in each language', () => {
    for (const l of LANGUAGES)
      expect(queries.filter((q) => q.lang === l).length, l).toBeGreaterThanOrEqual(20);
  });

  it('GIVEN every judged passage WHEN resolved THEN it exists in the library', () => {
    for (const q of queries) for (const id of q.relevant) expect('quote' in room.quote(id), id).toBe(true);
  });

  it.each(['none', 'correct', 'wrong'] as const)(
    'GIVEN the retrieval set and hint=%s WHEN every query is searched THEN recall@5 is at least 0.9 in each language',
    (mode) => {
      const figures = evaluate(room, queries, mode);
      for (const l of LANGUAGES) expect(figures[l].recallAt5, `${l} (${mode})`).toBeGreaterThanOrEqual(0.9);
    },
  );
});
