import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arrayEntryBytes, CacheBudget, LruCache, stringEntryBytes } from '../src/search/lru.js';

/** One step of a random workload: a read or a write of a key in one of the caches. */
type Op =
  | { readonly kind: 'get'; readonly cache: number; readonly key: string }
  | { readonly kind: 'set'; readonly cache: number; readonly key: string; readonly size: number };

const op = (caches: number, maxSize: number): fc.Arbitrary<Op> =>
  fc.oneof(
    fc.record({
      kind: fc.constant('get' as const),
      cache: fc.nat({ max: caches - 1 }),
      key: fc.constantFrom(...'abcdefghijklmnop'),
    }),
    fc.record({
      kind: fc.constant('set' as const),
      cache: fc.nat({ max: caches - 1 }),
      key: fc.constantFrom(...'abcdefghijklmnop'),
      size: fc.integer({ min: 1, max: maxSize }),
    }),
  );

/**
 * Runs a workload against caches sharing one budget and an exact model of
 * recency, checking after every step: the budget is never exceeded, the
 * byte count is that of the entries held, a read returns the value last
 * written, and what is held is the most recently used part of the history.
 * Values are their own sizes.
 */
function run(ops: readonly Op[], maxBytes: number, caches: number): void {
  const budget = new CacheBudget(maxBytes);
  const lrus = Array.from({ length: caches }, () => new LruCache<string, number>(budget, (_, v) => v));
  // Keys as `cache/key`, least recently used first; values as last written.
  const recency = new Map<string, number>();
  const touch = (id: string, value: number): void => {
    recency.delete(id);
    recency.set(id, value);
  };
  for (const o of ops) {
    const lru = lrus[o.cache];
    if (!lru) continue;
    const id = `${o.cache}/${o.key}`;
    if (o.kind === 'set') {
      lru.set(o.key, o.size);
      if (o.size <= maxBytes / 2) touch(id, o.size);
      else recency.delete(id); // too large to keep: the old value goes too
    } else {
      const got = lru.get(o.key);
      if (got !== undefined) {
        expect(got).toBe(recency.get(id));
        touch(id, got);
      }
    }
    const held = (x: string): boolean => {
      const [c, k] = x.split('/');
      return lrus[Number(c)]?.has(k ?? '') ?? false;
    };
    // Never over budget, and the count is exactly that of the entries held.
    expect(budget.bytes).toBeLessThanOrEqual(maxBytes);
    let sum = 0;
    for (const [x, v] of recency) if (held(x)) sum += v;
    expect(budget.bytes).toBe(sum);
    expect(lrus.reduce((s, l) => s + l.bytes, 0)).toBe(sum);
    expect(lrus.reduce((s, l) => s + l.size, 0)).toBe([...recency.keys()].filter(held).length);
    // What is held is a suffix of the history: nothing evicted was used
    // after anything kept.
    const order = [...recency.keys()].map(held);
    const firstHeld = order.indexOf(true);
    if (firstHeld >= 0) expect(order.slice(firstHeld).every(Boolean)).toBe(true);
  }
}

describe('LruCache with a byte budget', () => {
  it('GIVEN random sequences of get and set WHEN run THEN the estimated bytes never exceed the budget, always equal those of the entries held, and only least recently used entries are evicted', () => {
    fc.assert(
      fc.property(fc.array(op(1, 70), { maxLength: 300 }), (ops) => {
        run(ops, 100, 1);
      }),
      { numRuns: 300 },
    );
  });

  it('GIVEN several caches sharing one budget WHEN random sequences of get and set run on them THEN together they never exceed it, and the entries evicted are the least recently used of all of them', () => {
    fc.assert(
      fc.property(fc.array(op(3, 40), { maxLength: 300 }), (ops) => {
        run(ops, 100, 3);
      }),
      { numRuns: 300 },
    );
  });

  it('GIVEN random sequences of get and set of entries of a fixed size per key WHEN an entry is missing THEN the entries kept, the most recent ones, fill more than half the budget', () => {
    const sizeOf = (key: string): number => 1 + (key.charCodeAt(0) % 7) * 3; // 1 … 19
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz')), {
          maxLength: 400,
        }),
        (ops) => {
          const lru = new LruCache<string, number>(60, (k) => sizeOf(k));
          const written = new Set<string>();
          for (const [write, key] of ops) {
            if (write) {
              lru.set(key, sizeOf(key));
              written.add(key);
            } else lru.get(key);
            const missing = [...written].some((k) => !lru.has(k));
            if (missing) expect(lru.bytes).toBeGreaterThan(30);
            expect(lru.bytes).toBeLessThanOrEqual(60);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('GIVEN a full cache WHEN an old entry is read and then new ones are stored THEN the entry not read is evicted and the one read is kept', () => {
    const lru = new LruCache<string, number>(4, () => 1);
    lru.set('a', 1);
    lru.set('b', 1);
    lru.set('c', 1);
    lru.set('d', 1);
    expect(lru.get('a')).toBe(1);
    lru.set('e', 1);
    lru.set('f', 1);
    expect(lru.has('b')).toBe(false);
    expect(lru.has('a')).toBe(true);
    expect(lru.bytes).toBeLessThanOrEqual(4);
  });

  it('GIVEN an entry larger than half the budget WHEN stored THEN it is not kept and the entry it would replace is removed', () => {
    const lru = new LruCache<string, number>(100, (_, v) => v);
    lru.set('a', 10);
    lru.set('a', 51);
    expect(lru.has('a')).toBe(false);
    expect(lru.bytes).toBe(0);
  });

  it('GIVEN keys and values WHEN their entry size is estimated THEN it counts two bytes a UTF-16 unit, or the array length, plus a fixed overhead', () => {
    expect(stringEntryBytes('ab', 'abcd') - stringEntryBytes('', '')).toBe(12);
    expect(stringEntryBytes('', '')).toBeGreaterThan(0);
    expect(arrayEntryBytes('ab', [1, 2, 3]) - arrayEntryBytes('', [])).toBe(4 + 24);
  });
});
