/** Any value but undefined, which `get` returns for a missing key. */
export type Present = string | number | boolean | bigint | symbol | object;

/** What a budget needs of its caches. */
interface Member {
  /** Drops the old generation; the young one becomes old. */
  rotate(): void;
}

/**
 * A byte budget shared by several {@link LruCache}s, so that together they
 * never hold more than `maxBytes` (by their estimate) while each takes what
 * the workload needs: at index time the stems of one language may need most
 * of it, under a flood of query words the name keys.
 *
 * Two generations of half the budget each, as in hashlru: new and reused
 * entries go into the young generation; when it is full, every cache's young
 * generation becomes its old one and the old one is dropped. An entry found
 * in the old generation moves to the young one. So every entry dropped was
 * used less recently than every entry kept (least recently used first, in
 * bulk), the most recent half of the budget is always kept, and a hit on a
 * young entry costs one Map lookup. A single Map kept in exact recency order
 * (delete and re-insert on every hit) made building a 100,000-passage index
 * twice as slow.
 */
export class CacheBudget {
  private readonly members: Member[] = [];
  private youngBytes = 0;
  private oldBytes = 0;
  /** The most one generation may hold, and so the largest entry stored. */
  readonly half: number;

  constructor(readonly maxBytes: number) {
    this.half = maxBytes / 2;
  }

  /** Estimated bytes held by all the budget's caches, always at most {@link maxBytes}. */
  get bytes(): number {
    return this.youngBytes + this.oldBytes;
  }

  /** @internal Called by a cache when it is created. */
  join(member: Member): void {
    this.members.push(member);
  }

  /** @internal Makes room for an entry in the young generation, rotating if it is full. */
  reserve(size: number): void {
    if (this.youngBytes + size > this.half) {
      for (const m of this.members) m.rotate();
      this.oldBytes = this.youngBytes;
      this.youngBytes = 0;
    }
    this.youngBytes += size;
  }

  /** @internal Accounts for an entry removed from a generation. */
  release(size: number, young: boolean): void {
    if (young) this.youngBytes -= size;
    else this.oldBytes -= size;
  }
}

/**
 * A least-recently-used cache bounded by an estimate of the bytes it holds,
 * not by its number of entries: a cache of query words must not grow with
 * every new word an attacker (or autocomplete) sends, and a count bound says
 * nothing about memory when words can be 200 characters long. The bound is
 * its own or a {@link CacheBudget} it shares with other caches; eviction is
 * as described there.
 *
 * Sizes are recomputed on eviction rather than stored, so an entry costs
 * nothing beyond its Map slot and its key and value.
 */
export class LruCache<K, V extends Present> implements Member {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  private youngBytes = 0;
  private oldBytes = 0;
  /** The budget this cache draws on. */
  readonly budget: CacheBudget;

  /**
   * @param budget - a byte budget of its own, or one shared with other caches.
   * @param sizeOf - the estimated bytes of one entry; must be a pure function of key and value.
   */
  constructor(
    budget: number | CacheBudget,
    private readonly sizeOf: (key: K, value: V) => number,
  ) {
    this.budget = typeof budget === 'number' ? new CacheBudget(budget) : budget;
    this.budget.join(this);
  }

  /** The budget's limit (shared with its other caches, if any). */
  get maxBytes(): number {
    return this.budget.maxBytes;
  }

  /** Number of entries. */
  get size(): number {
    return this.young.size + this.old.size;
  }

  /** Estimated bytes of this cache's entries. */
  get bytes(): number {
    return this.youngBytes + this.oldBytes;
  }

  /** The value for a key, which becomes the most recently used; undefined if absent. */
  get(key: K): V | undefined {
    const young = this.young.get(key);
    if (young !== undefined) return young;
    const old = this.old.get(key);
    if (old !== undefined) {
      this.old.delete(key);
      const size = this.sizeOf(key, old);
      this.oldBytes -= size;
      this.budget.release(size, false);
      this.insert(key, old, size);
    }
    return old;
  }

  /** Whether a key is present, without making it more recent. */
  has(key: K): boolean {
    return this.young.has(key) || this.old.has(key);
  }

  /**
   * Stores a value as the most recently used, evicting the least recently
   * used entries if the budget requires it. An entry larger than half the
   * budget is not stored (and the key's old value is removed).
   */
  set(key: K, value: V): void {
    this.delete(key);
    const size = this.sizeOf(key, value);
    if (size <= this.budget.half) this.insert(key, value, size);
  }

  /** Removes a key; returns whether it was present. */
  delete(key: K): boolean {
    const young = this.young.get(key);
    if (young !== undefined) {
      this.young.delete(key);
      const size = this.sizeOf(key, young);
      this.youngBytes -= size;
      this.budget.release(size, true);
      return true;
    }
    const old = this.old.get(key);
    if (old === undefined) return false;
    this.old.delete(key);
    const size = this.sizeOf(key, old);
    this.oldBytes -= size;
    this.budget.release(size, false);
    return true;
  }

  /** @internal Called by the budget: see {@link CacheBudget}. */
  rotate(): void {
    this.old = this.young;
    this.oldBytes = this.youngBytes;
    this.young = new Map();
    this.youngBytes = 0;
  }

  private insert(key: K, value: V, size: number): void {
    // Reserving may rotate every cache of the budget, this one included.
    this.budget.reserve(size);
    this.young.set(key, value);
    this.youngBytes += size;
  }
}

/**
 * Estimated bytes of a cache entry beyond its characters, for Node's V8 (no
 * pointer compression): the Map's slot with its share of buckets and slack
 * (measured 31–37 bytes, counted 40), and two string headers of 16 bytes
 * with up to 8 of alignment. Rounded up rather than down: an estimate that
 * understates would let the real heap exceed the budget.
 */
export const ENTRY_OVERHEAD_BYTES = 80;

/**
 * Estimated bytes of a string-to-string entry: two bytes a UTF-16 code unit
 * (V8 stores ASCII-only strings in one, so Latin words are overcounted).
 */
export function stringEntryBytes(key: string, value: string): number {
  return ENTRY_OVERHEAD_BYTES + 2 * (key.length + value.length);
}

/**
 * Estimated bytes of a string-to-array entry: the array object and its
 * backing store's header (16 bytes each beyond the string headers counted in
 * the overhead), then 8 bytes an element.
 */
export function arrayEntryBytes(key: string, value: readonly unknown[]): number {
  return ENTRY_OVERHEAD_BYTES + 2 * key.length + 8 * (value.length + 2);
}

/** What some caches hold. */
export interface CacheStats {
  readonly entries: number;
  /** Estimated bytes held, at most `maxBytes`. */
  readonly bytes: number;
  /** The budgets' limit. */
  readonly maxBytes: number;
}

/** What some caches hold together, each budget they draw on counted once. */
export function statsOf(
  caches: Iterable<{ readonly size: number; readonly budget: CacheBudget }>,
): CacheStats {
  let entries = 0;
  const budgets = new Set<CacheBudget>();
  for (const c of caches) {
    entries += c.size;
    budgets.add(c.budget);
  }
  let bytes = 0;
  let maxBytes = 0;
  for (const b of budgets) {
    bytes += b.bytes;
    maxBytes += b.maxBytes;
  }
  return { entries, bytes, maxBytes };
}
