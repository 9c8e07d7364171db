/**
 * Mutual exclusion by key, for read-modify-write sequences over storage that
 * has no transactions (keyv offers get and set, nothing in between). The
 * store's repositories take it for their own indexes, and handlers take it
 * around a check-then-write of their own (a notebook entry, a pin).
 *
 * An interface so that replicas sharing one database can be given a lock
 * that spans processes; {@link LocalLocks} covers one process only.
 *
 * Implementations need not be reentrant: a holder that asks for the key it
 * already holds waits for itself forever. The keys the store takes itself
 * are listed where it takes them, and never coincide with a handler's.
 */
export interface Locks {
  /**
   * Runs `fn` while holding `key`, after every earlier holder of `key` is
   * done, and returns (or throws) what `fn` does. Holders of different keys
   * do not wait for each other.
   */
  withLock<R>(key: string, fn: () => Promise<R>): Promise<R>;
}

/**
 * An in-process mutex per key: holders queue in the order they asked. Keys
 * nobody holds or waits for take no memory.
 */
export class LocalLocks implements Locks {
  /** The end of each key's queue: settles when its last holder is done. */
  private readonly tails = new Map<string, Promise<void>>();

  async withLock<R>(key: string, fn: () => Promise<R>): Promise<R> {
    const before = this.tails.get(key) ?? Promise.resolve();
    let release: () => void = () => undefined;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = before.then(() => mine);
    this.tails.set(key, tail);
    await before;
    try {
      return await fn();
    } finally {
      release();
      // Only the last in the queue removes the key; a later holder's tail stays.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** How many keys are held or waited for; for tests that check nothing leaks. */
  get size(): number {
    return this.tails.size;
  }
}
