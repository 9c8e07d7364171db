import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { KeyvStoreAdapter } from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import type KeyvPostgres from '@keyv/postgres';
import { postgresCells, redisCells, sqliteCells, type Cells } from './cells.js';
import { withDeadline } from './deadline.js';
import type { Sweeper } from './sessions.js';

/** An opened keyv adapter and what the store needs to know about it. */
export interface Backend {
  readonly adapter: KeyvStoreAdapter;
  /** Deletes expired rows; null where the server expires keys itself (Redis). */
  readonly sweeper: Sweeper | null;
  /** Drops the connection at once, for when a graceful close does not finish in time. */
  readonly destroy: () => void;
  /** Compare-and-set on the adapter's rows, for keyv's `namespace`. */
  readonly cells: (namespace: string) => Cells;
}

/** The SQLite file `openStore(undefined, stateDir)` uses. */
const sqliteFile = (stateDir: string): string => join(stateDir, 'reading-room.sqlite');

/**
 * Opens the adapter for `url`: no URL or `sqlite://` SQLite, `redis(s)://`
 * Redis, anything else PostgreSQL. `deadlineMs` bounds connecting, so that
 * an unreachable server never makes opening hang.
 */
export async function openBackend(
  url: string | undefined,
  stateDir: string,
  deadlineMs: number,
): Promise<Backend> {
  if (url === undefined || url.startsWith('sqlite://')) return openSqlite(url, stateDir, deadlineMs);
  if (/^rediss?:\/\//.test(url)) return openRedis(url, deadlineMs);
  const { default: Postgres } = await import('@keyv/postgres');
  // The server cancels a statement that outlives the deadline, so a write
  // reported as failed does not land afterwards.
  const postgres = new Postgres({
    uri: url,
    connectionTimeoutMillis: deadlineMs,
    statement_timeout: deadlineMs,
  });
  const cells = postgresCells(postgres);
  return {
    adapter: postgres,
    sweeper: postgresSweeper(postgres),
    destroy: () => undefined,
    cells: () => cells,
  };
}

async function openSqlite(url: string | undefined, stateDir: string, deadlineMs: number): Promise<Backend> {
  const file = url === undefined ? sqliteFile(stateDir) : url.slice('sqlite://'.length);
  const inMemory = file === ':memory:' || file === '';
  if (url === undefined) makePrivateDir(stateDir);
  else if (!inMemory) mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  // User ids, notes and queries: readable by this user only. The file is
  // created before SQLite opens it, since SQLite would create it under the
  // process umask; its -wal and -shm then inherit its mode.
  if (!inMemory) {
    closeSync(openSync(file, 'a', 0o600));
    restrict(file, 0o600);
  }
  // Waiting for another process's lock ends well inside the deadline, so a
  // write reported as failed fails in SQLite too instead of landing later.
  const busyTimeout = Math.max(50, Math.floor(deadlineMs * 0.6));
  const sqlite = new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout });
  // WAL: a write the user was told about survives a crash, and readers do
  // not block the writer. synchronous=FULL makes each commit durable.
  await sqlite.query('PRAGMA journal_mode=WAL');
  await sqlite.query('PRAGMA synchronous=FULL');
  if (!inMemory)
    for (const side of [`${file}-wal`, `${file}-shm`]) if (existsSync(side)) restrict(side, 0o600);
  const cells = sqliteCells(sqlite);
  return { adapter: sqlite, sweeper: sqliteSweeper(sqlite), destroy: () => undefined, cells: () => cells };
}

/** Creates the state folder 0700, or makes an existing one of ours 0700. */
function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  restrict(dir, 0o700);
}

/** chmod, but only what this user owns: a shared folder someone else set up is left alone. */
function restrict(path: string, mode: number): void {
  const stat = statSync(path);
  if (process.getuid && stat.uid !== process.getuid()) return;
  if ((stat.mode & 0o777) !== mode) chmodSync(path, mode);
}

/** Backoff between reconnection attempts; never gives up, so Redis coming back is noticed. */
const reconnectIn = (retries: number): number => Math.min(100 * 2 ** retries, 2000);

async function openRedis(url: string, deadlineMs: number): Promise<Backend> {
  const { default: KeyvRedis, createClient } = await import('@keyv/redis');
  // No offline queue: node-redis would otherwise hold every command while
  // disconnected, with no timeout, and every interaction would hang.
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: deadlineMs, reconnectStrategy: reconnectIn },
  });
  // throwOnErrors: the adapter otherwise turns a failed read into "absent",
  // which would show defaults and let the next write overwrite real data.
  const adapter = new KeyvRedis(client, { throwOnErrors: true, throwOnConnectError: true });
  // Connected here rather than by the adapter's first call, so that it keeps
  // reconnecting in the background; calls meanwhile fail at once. Opening
  // waits for the first answer (ready or refused), within the deadline.
  const first = new Promise<void>((resolve) => {
    client.once('ready', resolve);
    client.once('error', () => {
      resolve();
    });
  });
  client.connect().catch(() => undefined);
  await withDeadline(first, deadlineMs).catch(() => undefined);
  return {
    adapter,
    sweeper: null,
    destroy: () => {
      if (client.isOpen) client.destroy();
    },
    cells: (namespace) => redisCells(client, namespace),
  };
}

/** The key range of a prefix, for an index range scan: [prefix, prefix with its last character + 1). */
const rangeEnd = (prefix: string): string =>
  prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);

/**
 * Deletes expired rows with SQL: keyv writes `{"value":…,"expires":<ms>}`
 * and @keyv/sqlite has no TTL of its own, so keyv would delete an expired
 * row only when that very key is read again, which for a session is never.
 */
function sqliteSweeper(sqlite: KeyvSqlite): Sweeper {
  const table = sqlite.opts.table ?? 'keyv';
  return async (prefixes, now, limit) => {
    const ranges = prefixes.map(() => '(key >= ? AND key < ?)').join(' OR ');
    // json_valid first: json_extract fails the whole statement on one bad row.
    const rows: unknown = await sqlite.query(
      `DELETE FROM ${table} WHERE key IN (SELECT key FROM ${table} WHERE (${ranges}) AND ` +
        `CASE WHEN json_valid(value) THEN json_extract(value, '$.expires') END < ? LIMIT ?) RETURNING 1`,
      ...prefixes.flatMap((p) => [p, rangeEnd(p)]),
      now,
      limit,
    );
    return Array.isArray(rows) ? rows.length : 0;
  };
}

/**
 * The PostgreSQL version: PostgreSQL 15 has no `IS JSON` to guard a cast, so
 * `expires` is taken by a pattern anchored at the end of the value, where
 * keyv's serializer puts it (strings inside are escaped, so they cannot fake it).
 */
function postgresSweeper(postgres: KeyvPostgres): Sweeper {
  // Its option type includes pg's PoolConfig, whose types are not installed.
  const opts = postgres.opts as { schema?: string; table?: string };
  const table = `${opts.schema ?? 'public'}.${opts.table ?? 'keyv'}`;
  return async (prefixes, now, limit) => {
    const n = prefixes.length;
    const starts = prefixes.map((_, i) => `starts_with(key, $${i + 1})`).join(' OR ');
    const rows = (await postgres.query(
      `WITH gone AS (DELETE FROM ${table} WHERE key IN (SELECT key FROM ${table} WHERE (${starts}) AND ` +
        `substring(value from $${n + 1})::bigint < $${n + 2} LIMIT $${n + 3}) RETURNING 1) ` +
        'SELECT count(*)::int AS n FROM gone',
      [...prefixes, ',"expires":(\\d{1,16})\\}$', now, limit],
    )) as { n: number }[];
    return rows[0]?.n ?? 0;
  };
}
