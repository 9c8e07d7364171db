import { join } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import { describe, expect, it } from 'vitest';
import { openStore, StorageError, type PinRecord } from '../src/storage/store.js';
import { tempDir } from './helpers.js';
import { backends, snowflake } from './store-helpers.js';

describe.each(backends)('stored records that cannot be trusted on %s', (_, __, open) => {
  const reported = (): { keys: string[]; onBadRecord: (key: string) => void } => {
    const keys: string[] = [];
    return { keys, onBadRecord: (key) => keys.push(key) };
  };

  it('GIVEN pin records with a channel id that is not a Discord id or a citation that is not a citation id WHEN the log is read THEN they are reported and left out, and kept in storage', async () => {
    const { keys, onBadRecord } = reported();
    const { store, raw, has } = await open(onBadRecord);
    const [guild, channel] = [snowflake(), snowflake()];
    const record = (over: Partial<PinRecord>): PinRecord => ({
      v: 1,
      guildId: guild,
      channelId: channel,
      messageId: snowflake(),
      citation: 'sumgait-1988:1',
      pinnedBy: snowflake(),
      pinnedAt: 1,
      note: null,
      removedBy: null,
      removedAt: null,
      ...over,
    });
    const good = record({});
    const badChannel = record({ channelId: 'general' });
    const badCitation = record({ citation: 'Some Doc:1' });
    for (const p of [good, badChannel, badCitation]) await raw.set(`pin:${guild}:${p.messageId}`, p);
    await raw.set(`pins:${guild}`, {
      v: 1,
      messageIds: [good, badChannel, badCitation].map((p) => p.messageId),
    });

    expect(await store.pins.list(guild)).toEqual([good]);
    expect(await store.pins.list(guild, channel)).toEqual([good]);
    expect(keys).toContain(`pin:${guild}:${badChannel.messageId}`);
    expect(keys).toContain(`pin:${guild}:${badCitation.messageId}`);
    expect(await has(`pin:${guild}:${badChannel.messageId}`)).toBe(true);
  });

  it.each([
    ['a value that is not JSON', 'this is {not JSON'],
    ['JSON that keyv did not write', '[1,2,3]'],
  ])(
    'GIVEN a notebook key holding %s WHEN it is read and added to THEN it is reported, reads as empty, and the add is refused without overwriting it',
    async (___, text) => {
      const { keys, onBadRecord } = reported();
      const { store, setText, getText } = await open(onBadRecord);
      const scope = `${snowflake()}:${snowflake()}`;
      await setText(`notebook:${scope}`, text);
      expect(await store.notebooks.list(scope)).toEqual([]);
      expect(keys).toEqual([`notebook:${scope}`]);
      await expect(
        store.notebooks.add(scope, {
          citation: 'sumgait-1988:1',
          addedBy: snowflake(),
          addedAt: 1,
          note: null,
        }),
      ).rejects.toBeInstanceOf(StorageError);
      await expect(store.notebooks.remove(scope, 'sumgait-1988:1')).rejects.toBeInstanceOf(StorageError);
      expect(await getText(`notebook:${scope}`)).toBe(text);
    },
  );

  it('GIVEN a session and a notebook entry whose user ids are not Discord ids WHEN read THEN both are reported and treated as absent', async () => {
    const { keys, onBadRecord } = reported();
    const { store, raw } = await open(onBadRecord);
    const scope = `${snowflake()}:${snowflake()}`;
    const session = {
      v: 1,
      userId: '1',
      query: 'q',
      filters: {},
      hitIds: [],
      total: 0,
      createdAt: Date.now(),
    };
    await raw.set('session:abcdefgh', session);
    await raw.set(`notebook:${scope}`, {
      v: 1,
      entries: [{ citation: 'sumgait-1988:1', addedBy: 'u1', addedAt: 1, note: null }],
    });
    expect(await store.sessions.get('abcdefgh')).toBeNull();
    expect(await store.notebooks.list(scope)).toEqual([]);
    expect(keys).toEqual(['session:abcdefgh', `notebook:${scope}`]);
  });

  const storedSession = (over: Record<string, unknown>) => ({
    v: 1,
    userId: snowflake(),
    query: 'Khojaly',
    filters: {},
    hitIds: ['khojaly-1992:1'],
    total: 1,
    createdAt: Date.now(),
    ...over,
  });

  it.each([
    [
      'more unmatched words than a session keeps',
      { unmatched: Array.from({ length: 21 }, (_, i) => `w${i}`) },
    ],
    ['an unmatched word longer than a query word can be', { unmatched: ['x'.repeat(101)] }],
    ['a context entry whose key is not a citation id', { contextOf: { 'Some Doc:1': 'khojaly-1992:1' } }],
    ['a context entry whose value is not a citation id', { contextOf: { 'khojaly-1992:2': '../1' } }],
    [
      'more context entries than a session has hits',
      { contextOf: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`a:${i}`, 'b:1'])) },
    ],
    ['context that is a list, not a map', { contextOf: ['khojaly-1992:1'] }],
  ])(
    'GIVEN a stored session with %s WHEN it is read THEN it is reported, reads as absent, and stays as stored',
    async (___, over) => {
      const { keys, onBadRecord } = reported();
      const { store, raw } = await open(onBadRecord);
      const session = storedSession(over);
      await raw.set('session:badsess1', session);
      expect(await store.sessions.get('badsess1')).toBeNull();
      expect(keys).toEqual(['session:badsess1']);
      expect(await raw.get('session:badsess1')).toEqual(session);
    },
  );

  it.each([
    ['too many unmatched words', { unmatched: Array.from({ length: 21 }, () => 'w') }],
    ['a context id that is not a citation id', { contextOf: { 'khojaly-1992:2': 'nope' } }],
  ])('GIVEN a search session with %s WHEN it is saved THEN the store refuses it', async (___, over) => {
    const { store } = await open();
    const session = { userId: snowflake(), query: 'q', filters: {}, hitIds: [], total: 0, ...over };
    await expect(store.sessions.save(session)).rejects.toBeInstanceOf(TypeError);
  });

  it('GIVEN a pin whose ids are not Discord ids WHEN it is added THEN the store refuses it and the log stays empty', async () => {
    const { store } = await open();
    const guild = snowflake();
    const pin = {
      guildId: guild,
      channelId: '2',
      messageId: snowflake(),
      citation: 'sumgait-1988:1',
      pinnedBy: snowflake(),
      pinnedAt: 1,
      note: null,
    };
    await expect(store.pins.add(pin)).rejects.toBeInstanceOf(TypeError);
    expect(await store.pins.list(guild)).toEqual([]);
  });
});

describe('stored moments and settings written elsewhere', () => {
  it('GIVEN a pin record whose time no Date can hold, and a session dated in the future WHEN read THEN both read as absent', async () => {
    const dir = tempDir();
    const bad: string[] = [];
    const store = await openStore(undefined, dir, (key) => bad.push(key), { sweepIntervalMs: 0 });
    const raw = new Keyv({
      store: new KeyvSqlite(`sqlite://${join(dir, 'reading-room.sqlite')}`),
      namespace: 'reading-room',
    });
    try {
      const guild = '200000000000000001';
      const channel = '200000000000000002';
      await store.pins.add({
        guildId: guild,
        channelId: channel,
        messageId: '300000000000000001',
        citation: 'sumgait-1988:3',
        pinnedBy: '400000000000000001',
        pinnedAt: Date.now(),
        note: null,
      });
      const key = `pin:${guild}:300000000000000001`;
      await raw.set(key, { ...(await raw.get(key)), pinnedAt: 1e20 });
      expect(await store.pins.list(guild, channel)).toEqual([]);
      expect(bad).toContain(key);
      const session = await store.sessions.save({
        userId: '400000000000000001',
        query: 'q',
        filters: {},
        hitIds: [],
        total: 0,
      });
      const future = await raw.get<Record<string, unknown>>(`session:${session}`);
      await raw.set(`session:${session}`, { ...future, createdAt: Date.now() + 365 * 86_400_000 });
      // Read as another process would: the one that saved it keeps its own copy.
      const other = await openStore(undefined, dir, () => undefined, { sweepIntervalMs: 0 });
      try {
        expect(await other.sessions.get(session)).toBeNull();
      } finally {
        await other.close();
      }
    } finally {
      await raw.disconnect();
      await store.close();
    }
  });

  it('GIVEN server settings this version cannot read WHEN /settings changes one THEN the record is refused, not overwritten with defaults', async () => {
    const dir = tempDir();
    const store = await openStore(undefined, dir, undefined, { sweepIntervalMs: 0 });
    const raw = new Keyv({
      store: new KeyvSqlite(`sqlite://${join(dir, 'reading-room.sqlite')}`),
      namespace: 'reading-room',
    });
    try {
      const newer = { v: 2, language: 'ru', contentWarnings: false, somethingNew: true };
      await raw.set('guild:200000000000000001', newer);
      await expect(
        store.preferences.updateGuildSettings('200000000000000001', { language: 'en' }),
      ).rejects.toBeInstanceOf(StorageError);
      expect(await raw.get('guild:200000000000000001')).toEqual(newer);
    } finally {
      await raw.disconnect();
      await store.close();
    }
  });
});
