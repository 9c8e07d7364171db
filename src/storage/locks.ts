import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { LocalLocks, type HeldLock, type Locks } from './local-locks.js';
import type { Records } from './records.js';

export { LocalLocks, type HeldLock, type Locks } from './local-locks.js';

/** Another holder kept the lock for longer than {@link LOCK_WAIT_MS}: the same thing is being done elsewhere. */
export class LockBusy extends Error {
  constructor(readonly key: string) {
    super(`lock ${key} is held elsewhere`);
    this.name = 'LockBusy';
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

  withLock<R>(key: string, fn: (lock: HeldLock) => Promise<R>): Promise<R> {
    return this.local.withLock(key, async () => {
      const token = randomUUID();
      let until = await this.acquire(key, token);
      const lock = {
        lost: false,
        // Past the lease's end without a renewal, another replica may have taken it.
        get held(): boolean {
          return !this.lost && Date.now() < until;
        },
      };
      // Renewed while held: a pin's Discord calls, with their retries, may
      // outlast one lease, and another replica must not take it meanwhile.
      const renewal = setInterval(() => {
        this.renew(key, token).then(
          (renewed) => {
            if (renewed === null) lock.lost = true;
            else until = renewed;
          },
          // Not renewed this time; `held` turns false when the lease runs out.
          () => undefined,
        );
      }, this.leaseMs / 3);
      renewal.unref();
      try {
        return await fn(lock);
      } finally {
        clearInterval(renewal);
        // A release that fails leaves the lease to expire: late, never wrong.
        await this.release(key, token).catch(() => undefined);
      }
    });
  }

  /** Takes the lease; returns when it ends. */
  private async acquire(key: string, token: string): Promise<number> {
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
      if (got) return now + this.leaseMs;
      if (Date.now() > giveUp) throw new LockBusy(key);
      await new Promise((resolve) => setTimeout(resolve, Math.min(10 + 10 * n, 100) * (0.5 + Math.random())));
    }
  }

  /** Extends the lease; returns its new end, or null when it is no longer this holder's. */
  private async renew(key: string, token: string): Promise<number | null> {
    const now = Date.now();
    return this.records.update(
      `lock:${key}`,
      leaseRecord,
      (held) =>
        held?.token === token
          ? { next: { ...held, until: now + this.leaseMs }, result: now + this.leaseMs }
          : { next: undefined, result: null },
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
