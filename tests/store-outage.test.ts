import { randomBytes } from 'node:crypto';
import Keyv from 'keyv';
import { afterAll, describe, expect, it } from 'vitest';
import {
  FALLBACK_LIFE_MS,
  FALLBACK_SESSIONS,
  openStore,
  StorageError,
  type Store,
} from '../src/storage/store.js';
import { tempDir } from './helpers.js';
import { blackHole, settle, sleep, snowflake, TcpProxy } from './store-helpers.js';

// Outages are staged on dead ports, a server that never answers, and a proxy
// of our own in front of the shared Redis, which is never stopped.

/** Short, so that the tests are quick; production uses 1.5 s. */
const DEADLINE = 300;
/** How long "within the deadline" may take on a loaded machine: generous, but far from a hang. */
const GRACE = 5000;
const DEAD_REDIS = 'redis://127.0.0.1:1';

// Its own namespace, cleared at the end: the Redis behind the proxy is shared.
const namespace = `rr-test-${randomBytes(4).toString('hex')}`;
const opened: Store[] = [];
const open = async (url: string): Promise<Store> => {
  const store = await openStore(url, tempDir(), undefined, { deadlineMs: DEADLINE, namespace });
  opened.push(store);
  return store;
};
afterAll(async () => {
  for (const store of opened) await store.close().catch(() => undefined);
  const redis = process.env['REDIS_URL'];
  if (redis) {
    const { default: KeyvRedis } = await import('@keyv/redis');
    const raw = new Keyv({ store: new KeyvRedis(redis), namespace });
    await raw.clear();
    await raw.disconnect();
  }
});

const search = (userId: string) => ({
  userId,
  query: 'Khojaly',
  filters: {},
  hitIds: ['khojaly-1992:1'],
  total: 1,
});

describe('storage that is down', () => {
  it('GIVEN a Redis URL where nothing listens WHEN the store opens and a language is read THEN opening does not hang and the read rejects with a StorageError within the deadline', async () => {
    const opening = openStore(DEAD_REDIS, tempDir(), undefined, { deadlineMs: DEADLINE });
    expect(await settle(opening, GRACE)).toBe('resolved');
    const store = await opening;
    opened.push(store);
    expect(await settle(store.preferences.userLanguage(snowflake()), GRACE)).toBeInstanceOf(StorageError);
    expect(await settle(store.preferences.setUserLanguage(snowflake(), 'ru'), GRACE)).toBeInstanceOf(
      StorageError,
    );
  });

  it.each([
    ['Redis', 'redis'],
    ['PostgreSQL', 'postgres'],
  ])(
    'GIVEN a %s server that accepts connections but never answers WHEN a store call is made THEN it rejects with a StorageError within the deadline',
    async (_, scheme) => {
      const hole = await blackHole();
      try {
        const url =
          scheme === 'redis' ? `redis://127.0.0.1:${hole.port}` : `postgres://x@127.0.0.1:${hole.port}/x`;
        const opening = openStore(url, tempDir(), undefined, { deadlineMs: DEADLINE });
        expect(await settle(opening, GRACE)).toBe('resolved');
        const store = await opening;
        opened.push(store);
        expect(await settle(store.preferences.userLanguage(snowflake()), GRACE)).toBeInstanceOf(StorageError);
      } finally {
        await hole.close();
      }
    },
  );

  it('GIVEN Redis is unreachable WHEN a search session is saved THEN a key still comes back and the session can be read, for a bounded time', async () => {
    const store = await open(DEAD_REDIS);
    const user = snowflake();
    const now = Date.now();
    const saving = store.sessions.save(search(user), now);
    expect(await settle(saving, GRACE)).toBe('resolved');
    const key = await saving;
    expect(key).toMatch(/^[\w-]{8}$/);
    expect(await store.sessions.get(key, now + 1000)).toMatchObject(search(user));
    // After its life in memory, only storage could answer, and it is down.
    expect(await settle(store.sessions.get(key, now + FALLBACK_LIFE_MS + 1), GRACE)).toBeInstanceOf(
      StorageError,
    );
  });

  it(`GIVEN Redis is unreachable WHEN more than ${FALLBACK_SESSIONS} sessions are saved THEN only the newest ${FALLBACK_SESSIONS} are kept in memory`, async () => {
    const store = await open(DEAD_REDIS);
    const now = Date.now();
    const keys = [];
    for (let i = 0; i <= FALLBACK_SESSIONS; i++)
      keys.push(await store.sessions.save(search(snowflake()), now));
    expect(await store.sessions.get(keys.at(-1) ?? '', now)).not.toBeNull();
    // The oldest is no longer in memory, and storage cannot be asked.
    expect(await settle(store.sessions.get(keys[0] ?? '', now), GRACE)).toBeInstanceOf(StorageError);
  });
});

const redis = process.env['REDIS_URL'];
if (redis) {
  const target = new URL(redis);
  describe('a Redis outage behind a proxy', () => {
    const eventually = async <R>(f: () => Promise<R>): Promise<R> => {
      for (let i = 0; ; i++) {
        try {
          return await f();
        } catch (error) {
          // Reconnecting backs off up to 2 s; 30 s is far beyond that.
          if (i > 150) throw error;
          await sleep(200);
        }
      }
    };

    it('GIVEN Redis behind a proxy WHEN the proxy goes down and comes back THEN calls fail fast with StorageError meanwhile, failed writes lose nothing, sessions still work, and calls work again without reopening the store', async () => {
      const proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
      await proxy.up();
      try {
        const store = await open(`redis://127.0.0.1:${proxy.port}`);
        const [user, scope] = [snowflake(), `${snowflake()}:${snowflake()}`];
        const entry = { citation: 'sumgait-1988:1', addedBy: user, addedAt: 1, note: 'kept' };
        await store.preferences.setUserLanguage(user, 'hy');
        await store.notebooks.add(scope, entry);

        await proxy.down();
        expect(await settle(store.preferences.userLanguage(user), GRACE)).toBeInstanceOf(StorageError);
        expect(await settle(store.preferences.setUserLanguage(user, 'ru'), GRACE)).toBeInstanceOf(
          StorageError,
        );
        expect(
          await settle(store.notebooks.add(scope, { ...entry, citation: 'sumgait-1988:2' }), GRACE),
        ).toBeInstanceOf(StorageError);
        const key = await store.sessions.save(search(user));
        expect((await store.sessions.get(key))?.userId).toBe(user);

        await proxy.up();
        expect(await eventually(() => store.preferences.userLanguage(user))).toBe('hy');
        expect(await store.notebooks.list(scope)).toEqual([entry]);
        await store.preferences.setUserLanguage(user, 'ru');
        expect(await store.preferences.userLanguage(user)).toBe('ru');
        expect((await store.sessions.get(key))?.userId).toBe(user);
      } finally {
        await proxy.down();
      }
    });

    it('GIVEN Redis is unreachable when the store opens WHEN it becomes reachable THEN calls work without reopening the store', async () => {
      const proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
      // Up and down again: a port of our own where, for now, nothing listens.
      await proxy.up();
      await proxy.down();
      try {
        const store = await open(`redis://127.0.0.1:${proxy.port}`);
        const user = snowflake();
        expect(await settle(store.preferences.userLanguage(user), GRACE)).toBeInstanceOf(StorageError);
        await proxy.up();
        await eventually(() => store.preferences.setUserLanguage(user, 'ru'));
        expect(await store.preferences.userLanguage(user)).toBe('ru');
      } finally {
        await proxy.down();
      }
    });

    it('GIVEN Redis behind a proxy that stops answering WHEN a call is made THEN it rejects with a StorageError within the deadline, and calls work once answers flow again', async () => {
      const proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
      await proxy.up();
      try {
        const store = await open(`redis://127.0.0.1:${proxy.port}`);
        const user = snowflake();
        await store.preferences.setUserLanguage(user, 'az');
        proxy.pause();
        expect(await settle(store.preferences.userLanguage(user), GRACE)).toBeInstanceOf(StorageError);
        proxy.resume();
        expect(await eventually(() => store.preferences.userLanguage(user))).toBe('az');
      } finally {
        await proxy.down();
      }
    });
  });
}
