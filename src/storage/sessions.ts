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

/** Sessions kept in memory while storage is down, and for how long. */
export const FALLBACK_SESSIONS = 1000;
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

/**
 * Search sessions: stored for 24 hours, at most {@link SESSIONS_PER_USER} per
 * user, swept from adapters that do not expire keys themselves, and kept in
 * memory when storage fails.
 */
export class Sessions {
  private readonly fallback = new SessionFallback();
  private readonly prefixes: readonly string[];

  constructor(
    private readonly records: Records,
    private readonly sweeper: Sweeper | null,
    namespace: string | undefined,
  ) {
    const ns = namespace === undefined ? '' : `${namespace}:`;
    this.prefixes = [`${ns}session:`, `${ns}sessions:`];
  }

  async save(session: Omit<SearchSession, 'v' | 'createdAt'>, now: number): Promise<string> {
    const key = randomBytes(6).toString('base64url');
    const record: SearchSession = { ...session, v: 1, createdAt: now };
    try {
      await this.records.write(`session:${key}`, sessionRecord, record, ttlFrom(now));
    } catch (error) {
      if (!(error instanceof StorageError)) throw error;
      this.fallback.put(key, record);
      return key;
    }
    try {
      await this.cap(record.userId, key, now);
    } catch (error) {
      // The session itself is stored and the user gets working buttons; an
      // index that missed this one only lets it live out its 24 hours.
      if (!(error instanceof StorageError)) throw error;
    }
    return key;
  }

  async get(key: string, now: number): Promise<SearchSession | null> {
    if (!SESSION_KEY.test(key)) return null;
    const kept = this.fallback.get(key, now);
    if (kept) return kept;
    const record = await this.records.read(`session:${key}`, sessionRecord);
    // TTL is enforced here too: not every adapter expires keys on its own.
    // A session "from the future" was not written by this bot: a clock cannot
    // drift by a minute between replicas that share a store.
    const age = record ? now - record.createdAt : Infinity;
    return record && age < SESSION_TTL_MS && age > -60_000 ? record : null;
  }

  async sweep(now: number): Promise<number> {
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
    const indexKey = `sessions:${userId}`;
    await this.records.withLock(indexKey, async () => {
      // Not read for update: the index only points at disposable sessions,
      // so a bad one is reported and replaced rather than kept.
      const index = await this.records.read(indexKey, sessionIndex);
      const live = (index?.sessions ?? []).filter((s) => now - s.createdAt < SESSION_TTL_MS);
      live.push({ key, createdAt: now });
      const dropped = live.splice(0, Math.max(0, live.length - SESSIONS_PER_USER));
      await this.records.write(indexKey, sessionIndex, { v: 1, sessions: live }, ttlFrom(now));
      for (const s of dropped) await this.records.delete(`session:${s.key}`);
    });
  }
}

/** The storage TTL of a record created at `now`: it expires in storage when it expires for readers. */
function ttlFrom(now: number): number {
  return Math.max(1, now + SESSION_TTL_MS - Date.now());
}
