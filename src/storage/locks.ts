import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { StorageError, type Records } from './records.js';

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

/** The stored form of a held lock: who holds it, and until when at the latest. */
const leaseRecord = z.object({ v: z.literal(1), token: z.string().min(1).max(64), until: z.number() });

/** How long a lock is held at most if its holder dies: longer than Discord's own request timeout. */
export const LEASE_MS = 30_000;
/** How long {@link SharedLocks.withLock} waits for another process's lock before giving up. */
export const LOCK_WAIT_MS = 10_000;

/**
 * A lock that spans every process sharing the store: a lease record
 * `lock:<key>` written with compare-and-set (on Redis, a key with its own
 * expiry: `SET NX PX` with a token, in effect), and deleted by its holder
 * only while it still holds the same token. A holder that dies leaves the
 * lease to expire after {@link LEASE_MS}; a live holder renews it every
 * third of that. Within one process, holders first
 * queue on a {@link LocalLocks}, so only one of them at a time asks the store.
 *
 * Leases rather than PostgreSQL advisory locks: an advisory lock belongs to
 * a connection, and keyv's pool gives none to hold across the Discord calls
 * a pin makes; one mechanism on all three backends is also one to test.
 */
export class SharedLocks implements Locks {
  private readonly local = new LocalLocks();

  constructor(
    private readonly records: Records,
    private readonly leaseMs = LEASE_MS,
    private readonly waitMs = LOCK_WAIT_MS,
  ) {}

  withLock<R>(key: string, fn: () => Promise<R>): Promise<R> {
    return this.local.withLock(key, async () => {
      const token = randomUUID();
      await this.acquire(key, token);
      // Renewed while held: a pin's Discord calls, with their retries, may
      // outlast one lease, and another replica must not take it meanwhile.
      const renewal = setInterval(() => {
        this.renew(key, token).catch(() => undefined);
      }, this.leaseMs / 3);
      renewal.unref();
      try {
        return await fn();
      } finally {
        clearInterval(renewal);
        // A release that fails leaves the lease to expire: late, never wrong.
        await this.release(key, token).catch(() => undefined);
      }
    });
  }

  private async acquire(key: string, token: string): Promise<void> {
    const giveUp = Date.now() + this.waitMs;
    for (let n = 0; ; n++) {
      const now = Date.now();
      const got = await this.records.update(
        `lock:${key}`,
        leaseRecord,
        (held) =>
          held && held.until > now
            ? { next: undefined, result: false }
            : { next: { v: 1 as const, token, until: now + this.leaseMs }, result: true },
        // A lease nobody can read is nobody's: replacing it loses nothing.
        { onBad: 'replace', ttl: this.leaseMs },
      );
      if (got) return;
      if (Date.now() > giveUp) throw new StorageError(new Error(`lock ${key} is held elsewhere`));
      await new Promise((resolve) => setTimeout(resolve, Math.min(10 + 10 * n, 100) * (0.5 + Math.random())));
    }
  }

  private async renew(key: string, token: string): Promise<void> {
    const now = Date.now();
    await this.records.update(
      `lock:${key}`,
      leaseRecord,
      (held) =>
        held?.token === token
          ? { next: { ...held, until: now + this.leaseMs }, result: undefined }
          : { next: undefined, result: undefined },
      { onBad: 'replace', ttl: this.leaseMs },
    );
  }

  private async release(key: string, token: string): Promise<void> {
    await this.records.update(
      `lock:${key}`,
      leaseRecord,
      (held) =>
        held?.token === token ? { next: null, result: undefined } : { next: undefined, result: undefined },
      { onBad: 'replace' },
    );
  }
}
