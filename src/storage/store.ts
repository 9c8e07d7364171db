import Keyv from 'keyv';
import type { Language } from '../languages.js';
import { openBackend } from './backends.js';
import { withDeadline } from './deadline.js';
import { PinLog } from './pins.js';
import { Records, StorageError, type OnBadRecord } from './records.js';
import {
  guildRecord,
  notebookRecord,
  userRecord,
  type NotebookEntry,
  type PinRecord,
  type SearchSession,
} from './schemas.js';
import { Sessions, type Sweeper } from './sessions.js';
import { NOTEBOOK_LIMIT } from './limits.js';

/** Re-exported for tests/moderation.test.ts; the Discord layer imports it from bot/limits. */
export { NOTEBOOK_LIMIT };
export {
  REMOVED_PINS_KEPT,
  SESSION_TTL_MS,
  SESSIONS_PER_USER,
  type NotebookEntry,
  type PinRecord,
  type SearchSession,
} from './schemas.js';
export { FALLBACK_LIFE_MS, FALLBACK_SESSIONS, type Sweeper } from './sessions.js';
export { StorageError, type OnBadRecord } from './records.js';

/** How long a storage call may take before it fails with a StorageError. */
export const DEFAULT_DEADLINE_MS = 1500;
/** How often {@link openStore} sweeps expired sessions. */
export const DEFAULT_SWEEP_INTERVAL_MS = 10 * 60 * 1000;

/** A server's settings; defaults when nothing is stored. */
export interface GuildSettings {
  readonly language: Language | null;
  /** Spoilers and a warning line on marked passages in public posts. */
  readonly contentWarnings: boolean;
}

/** What adding to a notebook did. */
export type NotebookAdd =
  | { readonly kind: 'added'; readonly count: number }
  /** The entry was there; its note is now the new one. */
  | { readonly kind: 'updated'; readonly count: number }
  /** The entry was there and no note was given: nothing changed. */
  | { readonly kind: 'unchanged'; readonly count: number }
  | { readonly kind: 'full'; readonly count: number };

/** How a {@link Store} treats its adapter. */
export interface StoreOptions {
  /** Milliseconds before any storage call fails with a StorageError; {@link DEFAULT_DEADLINE_MS}. */
  readonly deadlineMs?: number;
  /** Deletes expired sessions in bulk; none (the default) where the adapter expires keys itself. */
  readonly sweeper?: Sweeper | null;
  /** Sweeps every so many milliseconds in the background; 0 (the default) never. */
  readonly sweepIntervalMs?: number;
  /** Where a failed background sweep is reported; by default nowhere, since the next one retries. */
  readonly onSweepError?: (error: unknown) => void;
  /** Drops the connection when a graceful close takes longer than the deadline. */
  readonly destroy?: () => void;
}

/** {@link openStore}'s options; every one has a production default. */
export interface OpenStoreOptions {
  /** See {@link StoreOptions.deadlineMs}; also bounds connecting at open. */
  readonly deadlineMs?: number;
  /** How often expired sessions are swept, {@link DEFAULT_SWEEP_INTERVAL_MS}; 0 turns the timer off. */
  readonly sweepIntervalMs?: number;
  /** See {@link StoreOptions.onSweepError}. */
  readonly onSweepError?: (error: unknown) => void;
  /** The key namespace, `reading-room`; tests give their own so that they cannot sweep each other's rows. */
  readonly namespace?: string;
}

/**
 * User preferences, server settings, search sessions, the pin log and
 * notebooks, over any keyv adapter. Every record is validated on read: a bad
 * or outdated record, or a value that is not even JSON, is reported and
 * treated as absent, never crashing a command, and never overwritten.
 *
 * Every call has a deadline ({@link StoreOptions.deadlineMs}): storage that
 * is down or does not answer makes it fail with a StorageError rather than
 * hang. Search sessions are the exception that keeps search usable during
 * an outage: see {@link saveSession}.
 */
export class Store {
  private readonly records: Records;
  private readonly sessions: Sessions;
  private readonly pinLog: PinLog;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly deadlineMs: number;
  private readonly destroy: () => void;
  private closing: Promise<void> | undefined;
  private sweeping = false;

  constructor(
    private readonly keyv: Keyv,
    onBadRecord: OnBadRecord = () => undefined,
    options: StoreOptions = {},
  ) {
    this.deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
    this.destroy = options.destroy ?? (() => undefined);
    this.records = new Records(keyv, onBadRecord, this.deadlineMs);
    this.sessions = new Sessions(this.records, options.sweeper ?? null, keyv.namespace);
    this.pinLog = new PinLog(this.records);
    const every = options.sweepIntervalMs ?? 0;
    if (every > 0 && options.sweeper) {
      const report = options.onSweepError ?? (() => undefined);
      this.timer = setInterval(() => {
        if (this.sweeping) return;
        this.sweeping = true;
        this.sweepSessions()
          .catch(report)
          .finally(() => (this.sweeping = false));
      }, every);
      // The sweep never keeps the process alive on its own.
      this.timer.unref();
    }
  }

  /** The user's chosen language, or null for automatic. */
  async userLanguage(userId: string): Promise<Language | null> {
    return (await this.records.read(`user:${userId}`, userRecord))?.language ?? null;
  }

  /** Sets (or with null clears) the user's language. */
  async setUserLanguage(userId: string, language: Language | null): Promise<void> {
    if (language === null) await this.records.delete(`user:${userId}`);
    else await this.records.write(`user:${userId}`, userRecord, { v: 1, language });
  }

  /** The server's default language, or null. */
  async guildLanguage(guildId: string): Promise<Language | null> {
    return (await this.guildSettings(guildId)).language;
  }

  /** The server's settings, with defaults for what was never set. */
  async guildSettings(guildId: string): Promise<GuildSettings> {
    const record = await this.records.read(`guild:${guildId}`, guildRecord);
    return { language: record?.language ?? null, contentWarnings: record?.contentWarnings ?? true };
  }

  /** Changes some of the server's settings, keeping the others. */
  async updateGuildSettings(guildId: string, change: Partial<GuildSettings>): Promise<GuildSettings> {
    // Read for update: a record this version cannot read (a newer version's,
    // say) is refused rather than overwritten with defaults.
    const stored = await this.records.read(`guild:${guildId}`, guildRecord, true);
    const current = { language: stored?.language ?? null, contentWarnings: stored?.contentWarnings ?? true };
    const next = { ...current, ...change };
    await this.records.write(`guild:${guildId}`, guildRecord, { v: 1, ...next });
    return next;
  }

  /** Sets the server's default language. */
  async setGuildLanguage(guildId: string, language: Language | null): Promise<void> {
    await this.updateGuildSettings(guildId, { language });
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
   * a restart. This method therefore fails only on an invalid session, never
   * with a StorageError (it may take up to the deadline to fall back).
   */
  async saveSession(session: Omit<SearchSession, 'v' | 'createdAt'>, now = Date.now()): Promise<string> {
    return this.sessions.save(session, now);
  }

  /**
   * A session saved by {@link saveSession} (in storage or kept in memory
   * during an outage), or null when it expired, never existed or is unreadable.
   */
  async session(key: string, now = Date.now()): Promise<SearchSession | null> {
    return this.sessions.get(key, now);
  }

  /**
   * Deletes the sessions (and per-user session indexes) that expired before
   * `now` from adapters that do not expire keys themselves (SQLite,
   * PostgreSQL), with bulk SQL deletes; returns how many rows it deleted,
   * always 0 on Redis. {@link openStore} runs it every
   * {@link OpenStoreOptions.sweepIntervalMs}.
   */
  async sweepSessions(now = Date.now()): Promise<number> {
    return this.sessions.sweep(now);
  }

  /**
   * Runs `fn` while holding a lock on `key` in this process, so that two
   * requests for the same thing (two moderators pinning one passage) run one
   * after the other.
   */
  async withLock<R>(key: string, fn: () => Promise<R>): Promise<R> {
    return this.records.withLock(key, fn);
  }

  /** Adds a pin to the server's log (after Discord accepted the pin). */
  async addPin(pin: Omit<PinRecord, 'v' | 'removedBy' | 'removedAt'>): Promise<void> {
    await this.pinLog.add(pin);
  }

  /**
   * The pin log, newest first, removed pins included: with `channelId`, that
   * channel's only, reading only that channel's index and records (for the
   * autocomplete of `/pins remove`); without, every channel of the server.
   */
  async pins(guildId: string, channelId?: string): Promise<PinRecord[]> {
    return this.pinLog.list(guildId, channelId);
  }

  /** One record of the pin log, or null. */
  async pin(guildId: string, messageId: string): Promise<PinRecord | null> {
    return this.pinLog.get(guildId, messageId);
  }

  /**
   * Marks a pin as removed (after Discord unpinned the message). The record
   * stays in the log with who removed it and when, among the newest
   * {@link REMOVED_PINS_KEPT} removed pins of its channel; older removed
   * records are deleted.
   */
  async markPinRemoved(
    guildId: string,
    messageId: string,
    removedBy: string,
    now = Date.now(),
  ): Promise<void> {
    await this.pinLog.markRemoved(guildId, messageId, removedBy, now);
  }

  /**
   * A channel's or thread's notebook, oldest entry first. `scope` is the
   * server id (or "dm") and the channel id, so threads get their own.
   */
  async notebook(scope: string): Promise<NotebookEntry[]> {
    return (await this.records.read(`notebook:${scope}`, notebookRecord))?.entries ?? [];
  }

  /**
   * Adds a citation to a notebook. If it is already there, a new note
   * replaces the old one and no note leaves it as it was: a click on "Add to
   * notebook" never erases what someone wrote. The whole notebook is one
   * record, so an entry is written in one durable step; callers hold
   * {@link withLock} on the notebook and check who may change a note.
   */
  async addToNotebook(scope: string, entry: NotebookEntry): Promise<NotebookAdd> {
    const entries = await this.notebookForUpdate(scope);
    const at = entries.findIndex((e) => e.citation === entry.citation);
    const existing = entries[at];
    if (existing) {
      if (entry.note === null || entry.note === existing.note)
        return { kind: 'unchanged', count: entries.length };
      entries[at] = { ...existing, note: entry.note };
      await this.writeNotebook(scope, entries);
      return { kind: 'updated', count: entries.length };
    }
    if (entries.length >= NOTEBOOK_LIMIT) return { kind: 'full', count: entries.length };
    entries.push(entry);
    await this.writeNotebook(scope, entries);
    return { kind: 'added', count: entries.length };
  }

  /** Removes a citation from a notebook; returns the removed entry, or null if it was not there. */
  async removeFromNotebook(scope: string, citation: string): Promise<NotebookEntry | null> {
    const entries = await this.notebookForUpdate(scope);
    const removed = entries.find((e) => e.citation === citation) ?? null;
    if (removed)
      await this.writeNotebook(
        scope,
        entries.filter((e) => e !== removed),
      );
    return removed;
  }

  /** The notebook before a write: a record that does not validate is never overwritten. */
  private async notebookForUpdate(scope: string): Promise<NotebookEntry[]> {
    return (await this.records.read(`notebook:${scope}`, notebookRecord, true))?.entries ?? [];
  }

  private async writeNotebook(scope: string, entries: NotebookEntry[]): Promise<void> {
    await this.records.write(`notebook:${scope}`, notebookRecord, { v: 1, entries });
  }

  /**
   * Stops the sweep timer and closes the underlying connection; calls made
   * afterwards fail with a StorageError. A close that does not finish within
   * the deadline drops the connection instead.
   */
  async close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    clearInterval(this.timer);
    this.records.markClosed();
    try {
      await withDeadline(this.keyv.disconnect(), this.deadlineMs);
    } catch (error) {
      this.destroy();
      throw new StorageError(error);
    }
  }
}

/**
 * Opens the configured store. No URL: a SQLite file under `stateDir`, which
 * is made readable by this user only (folder 0700, files 0600). `redis://`:
 * Redis, without an offline queue and reconnecting by itself, so that an
 * unreachable server neither hangs opening nor any call, and calls work
 * again once it is back. Anything else: PostgreSQL. On SQLite and
 * PostgreSQL, expired sessions are swept every
 * {@link OpenStoreOptions.sweepIntervalMs}. The adapter instance is passed to
 * Keyv explicitly, because `new Keyv('sqlite://…')` silently falls back to
 * an in-memory Map when the adapter is not registered.
 */
export async function openStore(
  url: string | undefined,
  stateDir: string,
  onBadRecord?: OnBadRecord,
  options: OpenStoreOptions = {},
): Promise<Store> {
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const backend = await openBackend(url, stateDir, deadlineMs);
  const keyv = new Keyv({
    store: backend.adapter,
    namespace: options.namespace ?? 'reading-room',
    throwOnErrors: true,
  });
  return new Store(keyv, onBadRecord, {
    deadlineMs,
    sweeper: backend.sweeper,
    sweepIntervalMs: options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS,
    destroy: backend.destroy,
    ...(options.onSweepError ? { onSweepError: options.onSweepError } : {}),
  });
}
