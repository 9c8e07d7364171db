import Keyv from 'keyv';
import { z } from 'zod';
import { openBackend } from './backends.js';
import { withDeadline } from './deadline.js';
import { NOTEBOOK_LIMIT } from './limits.js';
import type { Cells } from './cells.js';
import { SharedLocks, type Locks } from './locks.js';
import { NotebookRepository } from './notebooks.js';
import { PinRepository } from './pins.js';
import { Preferences } from './preferences.js';
import { Records, StorageError, type OnBadRecord } from './records.js';
import { SessionRepository, type Sweeper } from './sessions.js';

/** Re-exported for tests/moderation.test.ts; the Discord layer imports it from bot/limits. */
export { NOTEBOOK_LIMIT };
export {
  REMOVED_PINS_KEPT,
  SESSION_HITS_LIMIT,
  SESSION_TTL_MS,
  SESSIONS_PER_USER,
  UNMATCHED_LIMIT,
  UNMATCHED_WORD_LENGTH,
  type NotebookEntry,
  type PinRecord,
  type SearchSession,
} from './schemas.js';
export {
  FALLBACK_LIFE_MS,
  FALLBACK_SESSIONS,
  SessionRepository,
  type NewSearchSession,
  type Sweeper,
} from './sessions.js';
export {
  LEASE_MS,
  LocalLocks,
  LOCK_WAIT_MS,
  LockBusy,
  SharedLocks,
  type HeldLock,
  type Locks,
} from './locks.js';
export { NotebookRepository, type NotebookAdd } from './notebooks.js';
export { PinRepository, type NewPin } from './pins.js';
export { Preferences, type GuildSettings } from './preferences.js';
export { StorageError, type OnBadRecord } from './records.js';

/**
 * How long a storage call may take before it fails with a StorageError:
 * short enough that an answer that needed two calls (the audience, then a
 * session) is still inside Discord's 3 seconds.
 */
export const DEFAULT_DEADLINE_MS = 1000;

/** Nothing is stored under the key `health`: a ping only needs an answer. */
const healthRecord = z.null();
/** How often {@link openStore} sweeps expired sessions. */
export const DEFAULT_SWEEP_INTERVAL_MS = 10 * 60 * 1000;

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
  /** The locks of callers; by default {@link SharedLocks} over this store, which span processes. */
  readonly locks?: Locks;
  /** The lease of the default locks, {@link LEASE_MS}; tests shorten it. */
  readonly lockLeaseMs?: number;
  /** Draws search session keys; random by default, tests give one that collides. */
  readonly sessionKeys?: () => string;
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
  /** See {@link StoreOptions.locks}. */
  readonly locks?: Locks;
  /** See {@link StoreOptions.lockLeaseMs}. */
  readonly lockLeaseMs?: number;
  /** See {@link StoreOptions.sessionKeys}. */
  readonly sessionKeys?: () => string;
}

/**
 * User preferences, server settings, search sessions, the pin log and
 * notebooks, over any keyv adapter, as one repository each over one access
 * layer. Every record is validated on read: a bad or outdated record, or a
 * value that is not even JSON, is reported and treated as absent, never
 * crashing a command, and never overwritten.
 *
 * Every call has a deadline ({@link StoreOptions.deadlineMs}): storage that
 * is down or does not answer makes it fail with a StorageError rather than
 * hang. Search sessions are the exception that keeps search usable during
 * an outage: see {@link SessionRepository.save}.
 *
 * keyv has no transactions, so every record that is read, changed and
 * written back (a notebook, the pin log's indexes, a user's session index, a
 * server's settings) is changed with compare-and-set on the backend itself
 * (`Records.update`, cells.ts): correct with any number of processes on one
 * database, without locks. What spans a Discord call (posting and pinning
 * a card) runs under {@link Store.locks}, which span processes too.
 */
export class Store {
  /** Users' languages and servers' settings. */
  readonly preferences: Preferences;
  /** Search sessions, behind the buttons of a search. */
  readonly sessions: SessionRepository;
  /** Each server's pin log. */
  readonly pins: PinRepository;
  /** Each channel's and thread's notebook. */
  readonly notebooks: NotebookRepository;
  /**
   * Locks for callers, so that two requests for the same thing (two
   * moderators pinning one passage, on two replicas) run one after the other.
   */
  readonly locks: Locks;

  private readonly records: Records;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly deadlineMs: number;
  private readonly destroy: () => void;
  private closing: Promise<void> | undefined;
  private sweeping = false;

  constructor(
    private readonly keyv: Keyv,
    cells: Cells,
    onBadRecord: OnBadRecord = () => undefined,
    options: StoreOptions = {},
  ) {
    this.deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
    this.destroy = options.destroy ?? (() => undefined);
    this.records = new Records(keyv, cells, onBadRecord, this.deadlineMs);
    this.locks = options.locks ?? new SharedLocks(this.records, options.lockLeaseMs);
    this.preferences = new Preferences(this.records);
    this.sessions = new SessionRepository(
      this.records,
      options.sweeper ?? null,
      keyv.namespace,
      options.sessionKeys,
    );
    this.pins = new PinRepository(this.records);
    this.notebooks = new NotebookRepository(this.records);
    const every = options.sweepIntervalMs ?? 0;
    if (every > 0 && options.sweeper) {
      const report = options.onSweepError ?? (() => undefined);
      this.timer = setInterval(() => {
        // A sweep slower than the interval is not doubled up.
        if (this.sweeping) return;
        this.sweeping = true;
        this.sessions
          .sweep()
          .catch(report)
          .finally(() => (this.sweeping = false));
      }, every);
      // The sweep never keeps the process alive on its own.
      this.timer.unref();
    }
  }

  /**
   * Resolves when storage answers a read within the deadline, rejects with
   * a StorageError when it does not: for health checks.
   */
  async ping(): Promise<void> {
    await this.records.read('health', healthRecord);
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
  return new Store(keyv, backend.cells(keyv.namespace ?? ''), onBadRecord, {
    deadlineMs,
    sweeper: backend.sweeper,
    sweepIntervalMs: options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS,
    destroy: backend.destroy,
    ...(options.onSweepError ? { onSweepError: options.onSweepError } : {}),
    ...(options.locks ? { locks: options.locks } : {}),
    ...(options.lockLeaseMs ? { lockLeaseMs: options.lockLeaseMs } : {}),
    ...(options.sessionKeys ? { sessionKeys: options.sessionKeys } : {}),
  });
}
