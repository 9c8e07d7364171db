import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Keyv, { type KeyvStoreAdapter } from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import { z } from 'zod';
import { LANGUAGES, type Language } from '../languages.js';

/** How long the results behind a search's buttons are kept. */
export const SESSION_TTL_MS = 24 * 60 * 60 * 1000;

const userRecord = z.strictObject({ v: z.literal(1), language: z.enum(LANGUAGES) });
const guildRecord = z.strictObject({
  v: z.literal(1),
  language: z.enum(LANGUAGES).nullable(),
  // Records written before content warnings existed have none: on, the default.
  contentWarnings: z.boolean().default(true),
});

/** A server's settings; defaults when nothing is stored. */
export interface GuildSettings {
  readonly language: Language | null;
  /** Spoilers and a warning line on marked passages in public posts. */
  readonly contentWarnings: boolean;
}
const sessionRecord = z.strictObject({
  v: z.literal(1),
  userId: z.string().regex(/^\d{1,20}$/),
  query: z.string().max(500),
  filters: z.strictObject({
    documents: z.array(z.string()).optional(),
    languages: z.array(z.enum(LANGUAGES)).optional(),
  }),
  hitIds: z.array(z.string().regex(/^[a-z0-9-]+:\d+$/)).max(100),
  total: z.number().int().nonnegative(),
  // Sessions saved before this field existed have none: the summary then uses `total`.
  direct: z.number().int().nonnegative().optional(),
  createdAt: z.number(),
});

const pinRecord = z.strictObject({
  v: z.literal(1),
  guildId: z.string(),
  channelId: z.string(),
  messageId: z.string(),
  citation: z.string(),
  pinnedBy: z.string(),
  pinnedAt: z.number(),
  note: z.string().max(200).nullable(),
  removedBy: z.string().nullable(),
  removedAt: z.number().nullable(),
});
const pinIndex = z.strictObject({ v: z.literal(1), messageIds: z.array(z.string()) });

/** The most entries a notebook holds; a clear message says so when it is full. */
export const NOTEBOOK_LIMIT = 500;
/** The longest note on a notebook entry. */
export const MAX_NOTEBOOK_NOTE = 300;

const notebookEntry = z.strictObject({
  citation: z.string().regex(/^[a-z0-9-]+:\d+$/),
  addedBy: z.string(),
  addedAt: z.number(),
  note: z.string().max(MAX_NOTEBOOK_NOTE).nullable(),
});
const notebookRecord = z.strictObject({
  v: z.literal(1),
  entries: z.array(notebookEntry).max(NOTEBOOK_LIMIT),
});

/** One quote in a notebook, in the order it was added. */
export type NotebookEntry = z.infer<typeof notebookEntry>;

/** What adding to a notebook did. */
export type NotebookAdd =
  | { readonly kind: 'added'; readonly count: number }
  /** The entry was there; its note is now the new one. */
  | { readonly kind: 'updated'; readonly count: number }
  /** The entry was there and no note was given: nothing changed. */
  | { readonly kind: 'unchanged'; readonly count: number }
  | { readonly kind: 'full'; readonly count: number };

/** One pinned excerpt in a server's pin log. Removed pins are kept, marked. */
export type PinRecord = z.infer<typeof pinRecord>;

/** What a search's buttons need, stored so they keep working after a restart. */
export type SearchSession = z.infer<typeof sessionRecord>;

/** The storage failed (database down, disk full): callers tell the user, nothing is lost. */
export class StorageError extends Error {
  constructor(cause: unknown) {
    super('storage is unavailable', { cause });
    this.name = 'StorageError';
  }
}

/** Something to report a bad stored record to; the logger in production. */
export type OnBadRecord = (key: string, issue: string) => void;

/**
 * User preferences, server settings and search sessions, over any keyv
 * adapter. Every record is validated on read: a bad or outdated record is
 * reported and treated as absent, never crashing a command.
 */
export class Store {
  constructor(
    private readonly keyv: Keyv,
    private readonly onBadRecord: OnBadRecord = () => undefined,
  ) {}

  /** The user's chosen language, or null for automatic. */
  async userLanguage(userId: string): Promise<Language | null> {
    return (await this.read(`user:${userId}`, userRecord))?.language ?? null;
  }

  /** Sets (or with null clears) the user's language. */
  async setUserLanguage(userId: string, language: Language | null): Promise<void> {
    if (language === null) await this.call(() => this.keyv.delete(`user:${userId}`));
    else await this.write(`user:${userId}`, { v: 1, language } satisfies z.infer<typeof userRecord>);
  }

  /** The server's default language, or null. */
  async guildLanguage(guildId: string): Promise<Language | null> {
    return (await this.guildSettings(guildId)).language;
  }

  /** The server's settings, with defaults for what was never set. */
  async guildSettings(guildId: string): Promise<GuildSettings> {
    const record = await this.read(`guild:${guildId}`, guildRecord);
    return { language: record?.language ?? null, contentWarnings: record?.contentWarnings ?? true };
  }

  /** Changes some of the server's settings, keeping the others. */
  async updateGuildSettings(guildId: string, change: Partial<GuildSettings>): Promise<GuildSettings> {
    const next = { ...(await this.guildSettings(guildId)), ...change };
    await this.write(`guild:${guildId}`, { v: 1, ...next } satisfies z.infer<typeof guildRecord>);
    return next;
  }

  /** Sets the server's default language. */
  async setGuildLanguage(guildId: string, language: Language | null): Promise<void> {
    await this.updateGuildSettings(guildId, { language });
  }

  /** Stores a search session for 24 h and returns its short key (for custom ids). */
  async saveSession(session: Omit<SearchSession, 'v' | 'createdAt'>, now = Date.now()): Promise<string> {
    const key = randomBytes(6).toString('base64url');
    await this.write(
      `session:${key}`,
      { ...session, v: 1, createdAt: now } satisfies SearchSession,
      SESSION_TTL_MS,
    );
    return key;
  }

  /** A stored session, or null when it expired, never existed or is unreadable. */
  async session(key: string, now = Date.now()): Promise<SearchSession | null> {
    if (!/^[\w-]{1,16}$/.test(key)) return null;
    const record = await this.read(`session:${key}`, sessionRecord);
    // TTL is enforced here too: not every adapter expires keys on its own.
    return record && now - record.createdAt < SESSION_TTL_MS ? record : null;
  }

  /**
   * Runs `fn` while holding a lock on `key` in this process, so that two
   * requests for the same thing (two moderators pinning one passage) run one
   * after the other.
   */
  async withLock<R>(key: string, fn: () => Promise<R>): Promise<R> {
    const before = this.locks.get(key) ?? Promise.resolve();
    let release: () => void = () => undefined;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const chained = before.then(() => mine);
    this.locks.set(key, chained);
    await before;
    try {
      return await fn();
    } finally {
      release();
      if (this.locks.get(key) === chained) this.locks.delete(key);
    }
  }

  /** Adds a pin to the server's log (after Discord accepted the pin). */
  async addPin(pin: Omit<PinRecord, 'v' | 'removedBy' | 'removedAt'>): Promise<void> {
    await this.write(`pin:${pin.guildId}:${pin.messageId}`, {
      ...pin,
      v: 1,
      removedBy: null,
      removedAt: null,
    } satisfies PinRecord);
    // The index is shared by every channel of the server: pins of different
    // passages run under different locks, so the index takes its own.
    await this.withLock(`pins:${pin.guildId}`, async () => {
      const index = (await this.read(`pins:${pin.guildId}`, pinIndex, true))?.messageIds ?? [];
      if (!index.includes(pin.messageId)) {
        await this.write(`pins:${pin.guildId}`, {
          v: 1,
          messageIds: [...index, pin.messageId],
        } satisfies z.infer<typeof pinIndex>);
      }
    });
  }

  /** The server's pin log, newest first. */
  async pins(guildId: string): Promise<PinRecord[]> {
    const index = (await this.read(`pins:${guildId}`, pinIndex))?.messageIds ?? [];
    const records = await Promise.all(index.map((id) => this.read(`pin:${guildId}:${id}`, pinRecord)));
    return records.filter((r): r is PinRecord => r !== null).sort((a, b) => b.pinnedAt - a.pinnedAt);
  }

  /** One record of the pin log, or null. */
  async pin(guildId: string, messageId: string): Promise<PinRecord | null> {
    if (!/^\d{1,20}$/.test(messageId)) return null;
    return this.read(`pin:${guildId}:${messageId}`, pinRecord);
  }

  /**
   * Marks a pin as removed (after Discord unpinned the message). The record
   * stays in the log with who removed it and when.
   */
  async markPinRemoved(
    guildId: string,
    messageId: string,
    removedBy: string,
    now = Date.now(),
  ): Promise<void> {
    const record = await this.pin(guildId, messageId);
    if (!record) return;
    await this.write(`pin:${guildId}:${messageId}`, {
      ...record,
      removedBy,
      removedAt: now,
    } satisfies PinRecord);
  }

  /**
   * A channel's or thread's notebook, oldest entry first. `scope` is the
   * server id (or "dm") and the channel id, so threads get their own.
   */
  async notebook(scope: string): Promise<NotebookEntry[]> {
    return (await this.read(`notebook:${scope}`, notebookRecord))?.entries ?? [];
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
    return (await this.read(`notebook:${scope}`, notebookRecord, true))?.entries ?? [];
  }

  private async writeNotebook(scope: string, entries: NotebookEntry[]): Promise<void> {
    await this.write(`notebook:${scope}`, { v: 1, entries } satisfies z.infer<typeof notebookRecord>);
  }

  private readonly locks = new Map<string, Promise<void>>();

  /** Closes the underlying connection. */
  async close(): Promise<void> {
    await this.keyv.disconnect();
  }

  /**
   * Reads and validates a record; one that does not validate is reported and
   * counts as absent. `forUpdate`: the record is about to be rewritten, so a
   * bad one is an error instead, since treating it as absent would overwrite,
   * and so lose, everything in it.
   */
  private async read<S extends z.ZodType>(
    key: string,
    schema: S,
    forUpdate = false,
  ): Promise<z.infer<S> | null> {
    const raw: unknown = await this.call(() => this.keyv.get(key));
    if (raw === undefined || raw === null) return null;
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    this.onBadRecord(key, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    if (forUpdate) throw new StorageError(new Error(`${key} does not validate; not overwriting it`));
    return null;
  }

  private async write(key: string, value: unknown, ttl?: number): Promise<void> {
    const ok = await this.call(() => this.keyv.set(key, value, ttl));
    if (!ok) throw new StorageError(new Error(`write of ${key} was refused`));
  }

  private async call<R>(fn: () => Promise<R>): Promise<R> {
    try {
      return await fn();
    } catch (error) {
      throw new StorageError(error);
    }
  }
}

/**
 * Opens the configured store. No URL: a SQLite file under `stateDir`. The
 * adapter instance is passed to Keyv explicitly, because `new Keyv('sqlite://…')`
 * silently falls back to an in-memory Map when the adapter is not registered.
 */
export async function openStore(
  url: string | undefined,
  stateDir: string,
  onBadRecord?: OnBadRecord,
): Promise<Store> {
  let adapter: KeyvStoreAdapter;
  if (url === undefined || url.startsWith('sqlite://')) {
    const file = url === undefined ? join(stateDir, 'reading-room.sqlite') : url.slice('sqlite://'.length);
    mkdirSync(url === undefined ? stateDir : join(file, '..'), { recursive: true });
    const sqlite = new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: 5000 });
    // WAL: a write the user was told about survives a crash, and readers do
    // not block the writer. synchronous=FULL makes each commit durable.
    await sqlite.query('PRAGMA journal_mode=WAL');
    await sqlite.query('PRAGMA synchronous=FULL');
    adapter = sqlite;
  } else if (/^rediss?:\/\//.test(url)) {
    const { default: KeyvRedis } = await import('@keyv/redis');
    adapter = new KeyvRedis(url);
  } else {
    const { default: KeyvPostgres } = await import('@keyv/postgres');
    adapter = new KeyvPostgres({ uri: url });
  }
  const keyv = new Keyv({ store: adapter, namespace: 'reading-room', throwOnErrors: true });
  return new Store(keyv, onBadRecord);
}
