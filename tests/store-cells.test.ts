import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../src/storage/backends.js';
import { tempDir } from './helpers.js';

// Compare-and-set beneath every read-modify-write: what each backend's one
// atomic step does, checked against a model (a Map) over random sequences.

const kinds: [string, string | undefined][] = [['SQLite', undefined]];
if (process.env['REDIS_URL']) kinds.push(['Redis', process.env['REDIS_URL']]);
if (process.env['POSTGRES_URL']) kinds.push(['PostgreSQL', process.env['POSTGRES_URL']]);

const opened: Backend[] = [];
afterAll(async () => {
  for (const b of opened) await b.adapter.disconnect?.();
});

/** One step: swap `key` from what the model says (or, when `stale`, something else) to `next` (undefined: delete). */
const step = fc.record({
  key: fc.constantFrom('a', 'b'),
  stale: fc.boolean(),
  next: fc.option(fc.string({ maxLength: 12 }), { nil: undefined }),
});

describe.each(kinds)('compare-and-set on %s', (_, url) => {
  it('GIVEN any sequence of swaps, each expecting the current value or a stale one THEN a swap lands exactly when its expectation is the stored value, and reads follow the model', async () => {
    const backend = await openBackend(url, tempDir(), 1000);
    opened.push(backend);
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 12 }), async (steps) => {
        const ns = `rr-cells-${randomBytes(4).toString('hex')}`;
        const cells = backend.cells(ns);
        const full = (k: string): string => `${ns}:${k}`;
        const model = new Map<string, string>();
        try {
          for (const s of steps) {
            const current = model.get(s.key);
            const expected = s.stale ? (current === undefined ? 'never-stored' : undefined) : current;
            const landed = await cells.swap(full(s.key), expected, s.next);
            expect(landed).toBe(expected === current);
            if (landed) {
              if (s.next === undefined) model.delete(s.key);
              else model.set(s.key, s.next);
            }
            expect(await cells.read(full(s.key))).toBe(model.get(s.key));
          }
        } finally {
          for (const k of ['a', 'b']) {
            const left = await cells.read(full(k));
            if (left !== undefined) await cells.swap(full(k), left, undefined);
          }
        }
      }),
      { numRuns: 25 },
    );
  });
});
