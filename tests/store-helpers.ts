import { randomBytes } from 'node:crypto';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import Keyv, { type KeyvStoreAdapter } from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import { afterAll } from 'vitest';
import { openStore, type OnBadRecord, type OpenStoreOptions, type Store } from '../src/storage/store.js';
import { tempDir } from './helpers.js';

/** A store and a way around it, to plant and inspect raw rows. */
export interface Opened {
  readonly store: Store;
  /** The same rows through a plain keyv (its own serialization, no validation). */
  readonly raw: Keyv;
  /** Whether the adapter holds `key` at all, whatever keyv would make of it. */
  readonly has: (key: string) => Promise<boolean>;
  /** Writes `text` as the raw stored value of `key`, bypassing keyv's serialization. */
  readonly setText: (key: string, text: string) => Promise<void>;
  /** The raw stored value of `key`. */
  readonly getText: (key: string) => Promise<unknown>;
  /** Rows whose key starts with `prefix`: null on Redis, which has no table to count. */
  readonly count: (prefix: string) => Promise<number | null>;
  /**
   * Another store on the same database and namespace, with its own locks
   * and caches: what a second replica would open. Closed after the file's tests.
   */
  readonly twin: () => Promise<Store>;
}

export type Open = (onBadRecord?: OnBadRecord, options?: OpenStoreOptions) => Promise<Opened>;
export type Kind = 'sqlite' | 'redis' | 'postgres';

const clears: (() => Promise<unknown>)[] = [];
const closes: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  // Every test's rows go before any connection closes: on PostgreSQL every
  // adapter of a URL shares one pool, and the first disconnect ends it for all.
  for (const clean of [...clears, ...closes]) await clean().catch(() => undefined);
});

/** Fresh keys for every test: its own namespace, so that a sweep in one test never touches another's rows. */
const namespace = (): string => `rr-test-${randomBytes(4).toString('hex')}`;

async function wrap(
  store: Store,
  adapter: KeyvStoreAdapter,
  ns: string,
  count: Opened['count'],
  closeRaw: boolean,
  reopen: () => Promise<Store>,
): Promise<Opened> {
  const raw = new Keyv({ store: adapter, namespace: ns });
  // The servers are shared: leave nothing behind in them.
  clears.push(() => raw.clear());
  closes.push(() => store.close());
  if (closeRaw) closes.push(() => raw.disconnect());
  const full = (key: string): string => `${ns}:${key}`;
  return Promise.resolve({
    store,
    raw,
    has: async (key) => Boolean(await adapter.has?.(full(key))),
    setText: async (key, text) => {
      await adapter.set(full(key), text);
    },
    getText: async (key) => adapter.get(full(key)),
    count,
    twin: async () => {
      const other = await reopen();
      closes.push(() => other.close());
      return other;
    },
  });
}

/** SQLite always; Redis and PostgreSQL when REDIS_URL / POSTGRES_URL are set. */
export const backends: [string, Kind, Open][] = [
  [
    'SQLite',
    'sqlite',
    async (onBadRecord, options) => {
      const dir = tempDir();
      const ns = namespace();
      const reopen = () => openStore(undefined, dir, onBadRecord, { ...options, namespace: ns });
      const store = await reopen();
      const sqlite = new KeyvSqlite(`sqlite://${dir}/reading-room.sqlite`);
      return wrap(
        store,
        sqlite,
        ns,
        async (prefix) => {
          const rows = (await sqlite.query(
            'SELECT count(*) AS n FROM keyv WHERE substr(key, 1, length(?)) = ?',
            `${ns}:${prefix}`,
            `${ns}:${prefix}`,
          )) as { n: number }[];
          return rows[0]?.n ?? 0;
        },
        true,
        reopen,
      );
    },
  ],
];
const redis = process.env['REDIS_URL'];
if (redis) {
  backends.push([
    'Redis',
    'redis',
    async (onBadRecord, options) => {
      const { default: KeyvRedis } = await import('@keyv/redis');
      const ns = namespace();
      const reopen = () => openStore(redis, tempDir(), onBadRecord, { ...options, namespace: ns });
      const store = await reopen();
      return wrap(store, new KeyvRedis(redis), ns, () => Promise.resolve(null), true, reopen);
    },
  ]);
}
const postgres = process.env['POSTGRES_URL'];
if (postgres) {
  backends.push([
    'PostgreSQL',
    'postgres',
    async (onBadRecord, options) => {
      const { default: KeyvPostgres } = await import('@keyv/postgres');
      const ns = namespace();
      const reopen = () => openStore(postgres, tempDir(), onBadRecord, { ...options, namespace: ns });
      const store = await reopen();
      const pg = new KeyvPostgres({ uri: postgres });
      return wrap(
        store,
        pg,
        ns,
        async (prefix) => {
          const rows = (await pg.query('SELECT count(*)::int AS n FROM keyv WHERE starts_with(key, $1)', [
            `${ns}:${prefix}`,
          ])) as { n: number }[];
          return rows[0]?.n ?? 0;
        },
        // The store's close ends the pool this adapter shares.
        false,
        reopen,
      );
    },
  ]);
}

/** A Discord-looking id, unique within a run. */
let next = 700000000000000000n + BigInt(Math.floor(Math.random() * 1e12)) * 1000n;
export const snowflake = (): string => String(next++);

/** Settles `p`, or says 'hung' after `ms`: a test of "does not hang" must not hang itself. */
export async function settle(p: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<'hung'>((resolve) => {
    timer = setTimeout(() => {
      resolve('hung');
    }, ms);
  });
  try {
    return await Promise.race([
      p.then(
        () => 'resolved' as const,
        (e: unknown) => e,
      ),
      hung,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * A TCP proxy on 127.0.0.1 in front of `target`, to stage outages without
 * touching the shared server: `down()` drops every connection and stops
 * listening, `up()` listens again on the same port, `pause()` keeps
 * connections open but lets nothing through, `resume()` lets it flow.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private paused = false;
  private readonly held: (() => void)[] = [];
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async up(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost);
      const drop = (): void => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      for (const [from, to] of [
        [client, upstream],
        [upstream, client],
      ] as const) {
        this.sockets.add(from);
        from.on('error', drop).on('close', drop);
        from.on('data', (chunk) => {
          const send = (): void => {
            if (!to.destroyed) to.write(chunk);
          };
          if (this.paused) this.held.push(send);
          else send();
        });
      }
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    this.held.length = 0;
    if (server)
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    for (const send of this.held.splice(0)) send();
  }
}

/** A server that accepts connections and never says a word. */
export async function blackHole(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}
