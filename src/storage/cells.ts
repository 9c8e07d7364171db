import type KeyvPostgres from '@keyv/postgres';
import type KeyvSqlite from '@keyv/sqlite';

/**
 * The one atomic step each backend offers beneath keyv: read a stored value
 * as keyv wrote it, and replace it only if it is still exactly what was
 * read (compare-and-set). {@link Records.update} builds read-modify-write on
 * it, so that two processes changing one record never lose each other's
 * change: the slower one finds the value changed, reads again and retries.
 *
 * Compare-and-set rather than transactions or advisory locks because it is
 * one statement on every backend: it needs no connection held across
 * awaits (keyv's adapters share one connection or a pool), and a process
 * that dies half-way leaves nothing locked.
 *
 * Keys are as keyv stores them (`<namespace>:<key>`); values are keyv's
 * serialized envelopes, so that keyv reads what is written here and the
 * other way round.
 */
export interface Cells {
  /** The stored text of `key`, or undefined when there is none. */
  read(key: string): Promise<string | undefined>;
  /**
   * Writes `next` (undefined: deletes the key) if the stored text is still
   * `expected` (undefined: there is none); false, changing nothing, if it is
   * not. `ttlMs`: where the server expires keys itself (Redis), when this one goes.
   */
  swap(key: string, expected: string | undefined, next: string | undefined, ttlMs?: number): Promise<boolean>;
}

/** The rows a statement with `RETURNING 1` gave back, as a count. */
const affected = (rows: unknown): number => (Array.isArray(rows) ? rows.length : 0);

/** {@link Cells} over @keyv/sqlite's table: each swap is one statement, atomic across processes on one file. */
export function sqliteCells(sqlite: KeyvSqlite): Cells {
  const table = sqlite.opts.table ?? 'keyv';
  const read = async (key: string): Promise<string | undefined> => {
    const rows = (await sqlite.query(`SELECT value FROM ${table} WHERE key = ?`, key)) as { value: string }[];
    return rows[0]?.value;
  };
  return {
    read,
    swap: async (key, expected, next) => {
      if (expected === undefined) {
        if (next === undefined) return (await read(key)) === undefined;
        return (
          affected(
            await sqlite.query(
              `INSERT INTO ${table} (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING RETURNING 1`,
              key,
              next,
            ),
          ) === 1
        );
      }
      const rows: unknown =
        next === undefined
          ? await sqlite.query(`DELETE FROM ${table} WHERE key = ? AND value = ? RETURNING 1`, key, expected)
          : await sqlite.query(
              `UPDATE ${table} SET value = ? WHERE key = ? AND value = ? RETURNING 1`,
              next,
              key,
              expected,
            );
      return affected(rows) === 1;
    },
  };
}

/** {@link Cells} over @keyv/postgres's table, one statement per swap. */
export function postgresCells(postgres: KeyvPostgres): Cells {
  // Its option type includes pg's PoolConfig, whose types are not installed.
  const opts = postgres.opts as { schema?: string; table?: string };
  const table = `${opts.schema ?? 'public'}.${opts.table ?? 'keyv'}`;
  const query = async (sql: string, params: unknown[]): Promise<unknown[]> =>
    (await postgres.query(sql, params)) as unknown[];
  return {
    read: async (key) => {
      const rows = (await query(`SELECT value FROM ${table} WHERE key = $1`, [key])) as { value: string }[];
      return rows[0]?.value;
    },
    swap: async (key, expected, next) => {
      if (expected === undefined) {
        if (next === undefined)
          return (await query(`SELECT 1 FROM ${table} WHERE key = $1`, [key])).length === 0;
        const rows = await query(
          `INSERT INTO ${table} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING 1`,
          [key, next],
        );
        return rows.length === 1;
      }
      const rows =
        next === undefined
          ? await query(`DELETE FROM ${table} WHERE key = $1 AND value = $2 RETURNING 1`, [key, expected])
          : await query(`UPDATE ${table} SET value = $1 WHERE key = $2 AND value = $3 RETURNING 1`, [
              next,
              key,
              expected,
            ]);
      return rows.length === 1;
    },
  };
}

/** The part of a node-redis client that {@link redisCells} uses. */
export interface RedisLike {
  get(key: string): Promise<string | null>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

// One script, so the comparison and the write are one step for Redis.
// ARGV: has-expected (0/1), expected, has-next (0/1), next, ttl ms (0: none).
const SWAP = `
local current = redis.call('GET', KEYS[1])
if ARGV[1] == '1' then
  if current ~= ARGV[2] then return 0 end
elseif current then
  return 0
end
if ARGV[3] == '1' then
  if ARGV[5] ~= '0' then
    redis.call('SET', KEYS[1], ARGV[4], 'PX', ARGV[5])
  else
    redis.call('SET', KEYS[1], ARGV[4])
  end
elseif current then
  redis.call('DEL', KEYS[1])
end
return 1`;

/**
 * {@link Cells} over Redis, with the key as @keyv/redis stores it
 * (`<namespace>::` before keyv's own key).
 */
export function redisCells(client: RedisLike, namespace: string): Cells {
  // Without a namespace, @keyv/redis stores keyv's key as it is.
  const full = (key: string): string => (namespace === '' ? key : `${namespace}::${key}`);
  return {
    read: async (key) => (await client.get(full(key))) ?? undefined,
    swap: async (key, expected, next, ttlMs) => {
      const answer = await client.eval(SWAP, {
        keys: [full(key)],
        arguments: [
          expected === undefined ? '0' : '1',
          expected ?? '',
          next === undefined ? '0' : '1',
          next ?? '',
          String(Math.max(0, Math.ceil(ttlMs ?? 0))),
        ],
      });
      return answer === 1;
    },
  };
}
