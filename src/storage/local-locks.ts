/**
 * Mutual exclusion by key, for work that spans more than storage can do in
 * one step: a pin checks the log, posts and pins through Discord, then logs.
 * (Changes of one record need no lock: see `Records.update`.)
 *
 * {@link LocalLocks} covers one process; `SharedLocks` (locks.ts) spans
 * every process on one database.
 *
 * Implementations need not be reentrant: a holder that asks for the key it
 * already holds waits for itself forever.
 */
export interface Locks {
  /**
   * Runs `fn` while holding `key`, after every earlier holder of `key` is
   * done, and returns (or throws) what `fn` does. Holders of different keys
   * do not wait for each other. `fn` is given the {@link HeldLock}, to ask
   * before a step that must not happen without it.
   */
  withLock<R>(key: string, fn: (lock: HeldLock) => Promise<R>): Promise<R>;
}

/** A lock while its holder runs. */
export interface HeldLock {
  /**
   * False once the lock may have passed to someone else (a lease that could
   * not be renewed in time): the holder should undo what it did and stop.
   */
  readonly held: boolean;
}

/** What {@link LocalLocks} hands its holders: nothing takes an in-process lock away. */
const ALWAYS: HeldLock = { held: true };

/**
 * An in-process mutex per key: holders queue in the order they asked. Keys
 * nobody holds or waits for take no memory.
 */
export class LocalLocks implements Locks {
  /** The end of each key's queue: settles when its last holder is done. */
  private readonly tails = new Map<string, Promise<void>>();

  async withLock<R>(key: string, fn: (lock: HeldLock) => Promise<R>): Promise<R> {
    const before = this.tails.get(key) ?? Promise.resolve();
    let release: () => void = () => undefined;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = before.then(() => mine);
    this.tails.set(key, tail);
    await before;
    try {
      return await fn(ALWAYS);
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
