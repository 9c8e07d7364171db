import { randomBytes } from 'node:crypto';
import { StorageError, type Records } from './records.js';
import {
  SESSION_KEY,
  SESSION_TTL_MS,
  SESSIONS_PER_USER,
  sessionIndex,
  sessionRecord,
  type SearchSession,
} from './schemas.js';

/**
 * Deletes up to `limit` rows that expired before `now` and whose key starts
 * with one of `prefixes`, in one statement; returns how many it deleted.
 */
export type Sweeper = (prefixes: readonly string[], now: number, limit: number) => Promise<number>;

/** The most sessions kept in memory while storage is down. */
export const FALLBACK_SESSIONS = 1000;
/** How long a session kept in memory while storage is down stays readable. */
export const FALLBACK_LIFE_MS = 15 * 60 * 1000;
/** Rows deleted per sweep statement: each statement gets the store's deadline. */
const SWEEP_BATCH = 1000;

/**
 * Sessions that could not be stored, so that search keeps answering with
 * working buttons during an outage. Bounded in count and life; lost on restart.
 */
class SessionFallback {
  private readonly kept = new Map<string, SearchSession>();

  put(key: string, session: SearchSession): void {
    for (const [old, s] of this.kept) {
      if (session.createdAt - s.createdAt < FALLBACK_LIFE_MS && this.kept.size < FALLBACK_SESSIONS) break;
      this.kept.delete(old);
    }
    this.kept.set(key, session);
  }

  get(key: string, now: number): SearchSession | null {
    const session = this.kept.get(key);
    if (!session) return null;
    if (now - session.createdAt < FALLBACK_LIFE_MS) return session;
    this.kept.delete(key);
    return null;
  }
}

/** How many of the sessions this process saved are kept in memory for their buttons. */
export const RECENT_SESSIONS = 2000;

/**
 * The sessions this process saved last. A session never changes once saved,
 * so a click on its buttons, which mostly comes to the process that answered
 * the search, need not read it back from storage. Bounded in count; expiry is
 * checked on read as for stored ones.
 */
class RecentSessions {
  private readonly kept = new Map<string, SearchSession>();

  put(key: string, session: SearchSession): void {
    if (this.kept.size >= RECENT_SESSIONS) {
      const oldest = this.kept.keys().next();
      if (oldest.done !== true) this.kept.delete(oldest.value);
    }
    this.kept.set(key, session);
  }

  get(key: string): SearchSession | null {
    return this.kept.get(key) ?? null;
  }

  delete(key: string): void {
    this.kept.delete(key);
  }
}

/** A search session as the search gives it; the store adds the version and the time. */
export type NewSearchSession = Omit<SearchSession, 'v' | 'createdAt'>;

// Keys:
//   session:<key>     one search session, expiring 24 h after it was saved
//   sessions:<user>   the user's newest sessions, to delete the oldest

/**
 * Search sessions: stored for 24 hours, at most {@link SESSIONS_PER_USER} per
 * user, swept from adapters that do not expire keys themselves, and kept in
 * memory when storage fails.
 */
export class SessionRepository {
  private readonly fallback = new SessionFallback();
  private readonly recent = new RecentSessions();
  private readonly prefixes: readonly string[];

  /** @internal Made by the store; `namespace` is keyv's, which the sweeper's SQL sees. */
  constructor(
    private readonly records: Records,
    private readonly sweeper: Sweeper | null,
    namespace: string | undefined,
    /** Draws a session key; tests give one that collides. */
    private readonly newKey: () => string = randomKey,
  ) {
    const ns = namespace === undefined ? '' : `${namespace}:`;
    // Expired lock leases too (locks.ts): a holder that died leaves its row
    // behind on SQLite and PostgreSQL, which do not expire rows themselves.
    this.prefixes = [`${ns}session:`, `${ns}sessions:`, `${ns}lock:`];
  }

  /**
   * Stores a search session for 24 h and returns its short key (for custom
   * ids). A user keeps at most their newest {@link SESSIONS_PER_USER}
   * sessions: saving one more deletes the oldest.
   *
   * When storage fails, the session is kept in this process instead, for
   * {@link FALLBACK_LIFE_MS} and at most {@link FALLBACK_SESSIONS} of them,
   * and the key is returned all the same, so that search keeps answering
   * with working buttons during an outage; such a session does not survive
   * a restart. This method therefore fails only on an invalid session (a
   * TypeError), never with a StorageError (it may take up to the deadline to
   * fall back).
   */
  async save(session: NewSearchSession, now = Date.now()): Promise<string> {
    const record: SearchSession = { ...session, v: 1, createdAt: now };
    let key = this.newKey();
    try {
      // Created only where no session is: replicas draw keys independently,
      // and one must never answer with another user's results.
      for (let tries = 1; ; tries++) {
        if (await this.records.create(`session:${key}`, sessionRecord, record, ttlFrom(now))) break;
        if (tries >= KEY_TRIES) throw new StorageError(new Error('no free session key'));
        key = this.newKey();
      }
    } catch (error) {
      if (!(error instanceof StorageError)) throw error;
      // A fresh key: the last one drawn may be another session's.
      key = this.newKey();
      this.fallback.put(key, record);
      return key;
    }
    this.recent.put(key, record);
    try {
      await this.cap(record.userId, key, now);
    } catch (error) {
      // The session itself is stored and the user gets working buttons; an
      // index that missed this one only lets it live out its 24 hours.
      if (!(error instanceof StorageError)) throw error;
    }
    return key;
  }

  /**
   * A session saved by {@link save} (in storage or kept in memory during an
   * outage), or null when it expired, never existed, is unreadable, or `key`
   * is not a session key at all (a forged button).
   */
  async get(key: string, now = Date.now()): Promise<SearchSession | null> {
    if (!SESSION_KEY.test(key)) return null;
    const kept = this.fallback.get(key, now);
    if (kept) return kept;
    const record = this.recent.get(key) ?? (await this.records.read(`session:${key}`, sessionRecord));
    // TTL is enforced here too: not every adapter expires keys on its own.
    // A session "from the future" was not written by this bot: a clock cannot
    // drift by a minute between replicas that share a store.
    const age = record ? now - record.createdAt : Infinity;
    return record && age < SESSION_TTL_MS && age > -60_000 ? record : null;
  }

  /**
   * Deletes the sessions (and per-user session indexes) that expired before
   * `now` from adapters that do not expire keys themselves (SQLite,
   * PostgreSQL), with bulk SQL deletes; returns how many rows it deleted,
   * always 0 on Redis. The store runs it on a timer when opened with a
   * sweep interval.
   */
  async sweep(now = Date.now()): Promise<number> {
    const sweeper = this.sweeper;
    if (!sweeper) return 0;
    let total = 0;
    for (;;) {
      const deleted = await this.records.call(() => sweeper(this.prefixes, now, SWEEP_BATCH));
      total += deleted;
      if (deleted < SWEEP_BATCH) return total;
    }
  }

  /** Adds `key` to the user's index and deletes the sessions beyond the newest {@link SESSIONS_PER_USER}. */
  private async cap(userId: string, key: string, now: number): Promise<void> {
    // The index only points at disposable sessions, so a bad one is
    // reported and replaced rather than kept.
    const dropped = await this.records.update(
      `sessions:${userId}`,
      sessionIndex,
      (index) => {
        const live = (index?.sessions ?? []).filter((s) => now - s.createdAt < SESSION_TTL_MS);
        live.push({ key, createdAt: now });
        const gone = live.splice(0, Math.max(0, live.length - SESSIONS_PER_USER));
        return { next: { v: 1 as const, sessions: live }, result: gone };
      },
      { onBad: 'replace', ttl: ttlFrom(now) },
    );
    for (const s of dropped) {
      this.recent.delete(s.key);
      await this.records.delete(`session:${s.key}`);
    }
  }
}

/** A session key: 48 random bits, short enough for a custom id. */
const randomKey = (): string => randomBytes(6).toString('base64url');

/** Keys drawn for one session before giving up: with 48 random bits, a second is already rare. */
const KEY_TRIES = 5;

/** The storage TTL of a record created at `now`: it expires in storage when it expires for readers. */
function ttlFrom(now: number): number {
  return Math.max(1, now + SESSION_TTL_MS - Date.now());
}
