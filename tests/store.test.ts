import { join } from 'node:path';
import Keyv from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, SESSION_TTL_MS, Store, StorageError } from '../src/storage/store.js';
import { tempDir } from './helpers.js';

/** The same contract for every adapter the bot can be configured with. */
type Open = (onBadRecord?: (key: string) => void) => Promise<{ store: Store; raw: Keyv }>;
const backends: [string, Open][] = [
  [
    'SQLite (default, no configuration)',
    async (onBadRecord) => {
      const dir = tempDir();
      const store = await openStore(undefined, dir, onBadRecord);
      const raw = new Keyv({
        store: new KeyvSqlite(`sqlite://${join(dir, 'reading-room.sqlite')}`),
        namespace: 'reading-room',
      });
      return { store, raw };
    },
  ],
];
const redis = process.env['REDIS_URL'];
if (redis) {
  backends.push([
    'Redis',
    async (onBadRecord) => {
      const { default: KeyvRedis } = await import('@keyv/redis');
      const namespace = 'reading-room';
      return {
        store: await openStore(redis, tempDir(), onBadRecord),
        raw: new Keyv({ store: new KeyvRedis(redis), namespace }),
      };
    },
  ]);
}
const postgres = process.env['POSTGRES_URL'];
if (postgres) {
  backends.push([
    'PostgreSQL',
    async (onBadRecord) => {
      const { default: KeyvPostgres } = await import('@keyv/postgres');
      return {
        store: await openStore(postgres, tempDir(), onBadRecord),
        raw: new Keyv({ store: new KeyvPostgres({ uri: postgres }), namespace: 'reading-room' }),
      };
    },
  ]);
}

const opened: Store[] = [];
afterAll(async () => {
  for (const s of opened) await s.close().catch(() => undefined);
});

describe.each(backends)('the store on %s', (_, open) => {
  const fresh = async (onBadRecord?: (key: string) => void): Promise<{ store: Store; raw: Keyv }> => {
    const pair = await open(onBadRecord);
    opened.push(pair.store);
    return pair;
  };
  const user = (): string => String(100000000000000000n + BigInt(Math.floor(Math.random() * 1e12)));

  it('GIVEN a user WHEN a language is set, read, and cleared THEN each read sees the last write', async () => {
    const { store } = await fresh();
    const id = user();
    expect(await store.preferences.userLanguage(id)).toBeNull();
    await store.preferences.setUserLanguage(id, 'hy');
    expect(await store.preferences.userLanguage(id)).toBe('hy');
    await store.preferences.setUserLanguage(id, null);
    expect(await store.preferences.userLanguage(id)).toBeNull();
  });

  it('GIVEN a user language and server settings, one of them unreadable WHEN both are read for an interaction THEN one round trip gives each, and the unreadable one is reported and read as the default', async () => {
    const bad: string[] = [];
    const { store, raw } = await fresh((key) => bad.push(key));
    const [u, g] = [user(), user()];
    expect(await store.preferences.forInteraction(u, g)).toEqual({
      user: null,
      settings: { language: null, contentWarnings: true },
    });
    await store.preferences.setUserLanguage(u, 'az');
    await store.preferences.updateGuildSettings(g, { language: 'hy', contentWarnings: false });
    expect(await store.preferences.forInteraction(u, g)).toEqual({
      user: 'az',
      settings: { language: 'hy', contentWarnings: false },
    });
    expect(await store.preferences.forInteraction(u, null)).toEqual({ user: 'az', settings: null });
    await raw.set(`guild:${g}`, { v: 9, language: 'xx' });
    expect(await store.preferences.forInteraction(u, g)).toEqual({
      user: 'az',
      settings: { language: null, contentWarnings: true },
    });
    expect(bad).toEqual([`guild:${g}`]);
  });

  it('GIVEN a server WHEN its default language is set THEN it is read back', async () => {
    const { store } = await fresh();
    const id = user();
    expect(await store.preferences.updateGuildSettings(id, { language: 'az' })).toEqual({
      language: 'az',
      contentWarnings: true,
    });
    expect((await store.preferences.guildSettings(id)).language).toBe('az');
  });

  it('GIVEN a saved search session WHEN read within 24 h THEN it comes back; after 24 h it is gone', async () => {
    const { store } = await fresh();
    const now = Date.now();
    const session = { userId: user(), query: 'Ходжалы', filters: {}, hitIds: ['khojaly-1992:1'], total: 1 };
    const key = await store.sessions.save(session, now);
    expect(key).toMatch(/^[\w-]{8}$/);
    expect(await store.sessions.get(key, now + 1000)).toMatchObject(session);
    expect(await store.sessions.get(key, now + SESSION_TTL_MS + 1)).toBeNull();
  });

  it('GIVEN a stored record of the wrong shape WHEN read THEN it counts as absent and is reported', async () => {
    const reports: string[] = [];
    const { store, raw } = await fresh((key) => reports.push(key));
    const id = user();
    await raw.set(`user:${id}`, { v: 1, language: 'fr' });
    expect(await store.preferences.userLanguage(id)).toBeNull();
    expect(reports).toEqual([`user:${id}`]);
    await raw.disconnect();
  });

  it('GIVEN a malformed session key from a button WHEN read THEN it is absent, not an error', async () => {
    const { store } = await fresh();
    expect(await store.sessions.get('../../etc')).toBeNull();
  });

  it('GIVEN a server language set before content warnings existed WHEN read THEN warnings default to on, and changing one setting keeps the other', async () => {
    const { store, raw } = await fresh();
    const id = user();
    await raw.set(`guild:${id}`, { v: 1, language: 'hy' });
    expect(await store.preferences.guildSettings(id)).toEqual({ language: 'hy', contentWarnings: true });
    await store.preferences.updateGuildSettings(id, { contentWarnings: false });
    await store.preferences.updateGuildSettings(id, { language: 'ru' });
    expect(await store.preferences.guildSettings(id)).toEqual({ language: 'ru', contentWarnings: false });
    await raw.disconnect();
  });

  it('GIVEN a pin WHEN it is marked removed THEN the record stays in the log with who and when', async () => {
    const { store } = await fresh();
    const [guild, message, remover] = [user(), user(), user()];
    const pin = {
      guildId: guild,
      channelId: user(),
      messageId: message,
      citation: 'sumgait-1988:1',
      pinnedBy: user(),
      pinnedAt: 5,
      note: null,
    };
    await store.pins.add(pin);
    await store.pins.markRemoved(guild, message, remover, 7);
    expect(await store.pins.list(guild)).toEqual([{ ...pin, v: 1, removedBy: remover, removedAt: 7 }]);
  });

  it('GIVEN a notebook WHEN entries are added, one again, and one removed THEN the order, the updated note and the removal are kept', async () => {
    const { store } = await fresh();
    const scope = `${user()}:1`;
    const adder = user();
    const entry = (citation: string, note: string | null) => ({ citation, addedBy: adder, addedAt: 1, note });
    expect(await store.notebooks.add(scope, entry('sumgait-1988:1', null))).toEqual({
      kind: 'added',
      count: 1,
    });
    expect(await store.notebooks.add(scope, entry('khojaly-1992:2', 'b'))).toEqual({
      kind: 'added',
      count: 2,
    });
    expect(await store.notebooks.add(scope, entry('sumgait-1988:1', 'a'))).toEqual({
      kind: 'updated',
      count: 2,
    });
    expect((await store.notebooks.list(scope)).map((e) => [e.citation, e.note])).toEqual([
      ['sumgait-1988:1', 'a'],
      ['khojaly-1992:2', 'b'],
    ]);
    expect(await store.notebooks.remove(scope, 'sumgait-1988:1')).toMatchObject({
      kind: 'removed',
      entry: { citation: 'sumgait-1988:1' },
    });
    expect(await store.notebooks.remove(scope, 'sumgait-1988:1')).toEqual({ kind: 'missing' });
    expect((await store.notebooks.list(scope)).map((e) => e.citation)).toEqual(['khojaly-1992:2']);
  });

  it('GIVEN many adds to one notebook at once under its lock WHEN they finish THEN none is lost', async () => {
    const { store } = await fresh();
    const scope = `${user()}:1`;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.locks.withLock(`notebook:${scope}`, () =>
          store.notebooks.add(scope, {
            citation: `sumgait-1988:${i + 1}`,
            addedBy: '100000000000000009',
            addedAt: i,
            note: null,
          }),
        ),
      ),
    );
    expect((await store.notebooks.list(scope)).length).toBe(20);
  });
});

describe('the default SQLite store', () => {
  it('GIVEN no STORAGE_URL WHEN the store opens THEN its database is in WAL mode under the state folder', async () => {
    const dir = tempDir();
    const store = await openStore(undefined, dir);
    opened.push(store);
    await store.preferences.setUserLanguage('1', 'ru');
    const probe = new KeyvSqlite(`sqlite://${join(dir, 'reading-room.sqlite')}`);
    const rows = (await probe.query('PRAGMA journal_mode')) as { journal_mode: string }[];
    expect(rows[0]?.journal_mode).toBe('wal');
    await probe.disconnect();
  });
});

describe('a storage outage', () => {
  it('GIVEN a store whose database is closed WHEN it is used THEN a StorageError is thrown, not a crash or a silent default', async () => {
    const store = await openStore(undefined, tempDir());
    await store.close();
    await expect(store.preferences.userLanguage('1')).rejects.toBeInstanceOf(StorageError);
    await expect(store.preferences.setUserLanguage('1', 'ru')).rejects.toBeInstanceOf(StorageError);
  });
});
