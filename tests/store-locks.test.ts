import { describe, expect, it } from 'vitest';
import { LocalLocks, SharedLocks, type HeldLock, type Locks } from '../src/storage/store.js';
import { backends, sleep, snowflake } from './store-helpers.js';

/** A promise and the function that settles it, to hold a lock for as long as a test wants. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('LocalLocks', () => {
  it('GIVEN one key held WHEN a second holder asks for it THEN it runs only after the first is done, and gets its own result', async () => {
    const locks = new LocalLocks();
    const events: string[] = [];
    const { opened, open } = gate();
    const first = locks.withLock('notebook:1:2', async () => {
      events.push('first in');
      await opened;
      events.push('first out');
      return 1;
    });
    const second = locks.withLock('notebook:1:2', () => {
      events.push('second in');
      return Promise.resolve(2);
    });
    await sleep(20);
    expect(events).toEqual(['first in']);
    open();
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(events).toEqual(['first in', 'first out', 'second in']);
    expect(locks.size).toBe(0);
  });

  it('GIVEN one key held WHEN another key is asked for THEN its holder runs at once', async () => {
    const locks = new LocalLocks();
    const { opened, open } = gate();
    let firstDone = false;
    const first = locks.withLock('notebook:1:2', async () => {
      await opened;
      firstDone = true;
    });
    const other = await locks.withLock('notebook:1:3', () => Promise.resolve(firstDone));
    expect(other).toBe(false);
    open();
    await first;
    expect(locks.size).toBe(0);
  });

  it('GIVEN a holder that throws WHEN the next holder of its key waits THEN the error reaches the first caller and the lock is released', async () => {
    const locks = new LocalLocks();
    const failing = locks.withLock('k', () => Promise.reject(new Error('boom')));
    const next = locks.withLock('k', () => Promise.resolve('ran'));
    await expect(failing).rejects.toThrow('boom');
    expect(await next).toBe('ran');
    expect(locks.size).toBe(0);
  });

  it('GIVEN ten holders of one key WHEN each reads, waits and writes a counter THEN none of their updates is lost, in the order they asked', async () => {
    const locks = new LocalLocks();
    let counter = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        locks.withLock('counter', async () => {
          const read = counter;
          await sleep(1);
          counter = read + 1;
          order.push(i);
        }),
      ),
    );
    expect(counter).toBe(10);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

/** Locks that serialise like LocalLocks and remember every key taken. */
class CountingLocks implements Locks {
  readonly taken: string[] = [];
  private readonly inner = new LocalLocks();

  withLock<R>(key: string, fn: (lock: HeldLock) => Promise<R>): Promise<R> {
    this.taken.push(key);
    return this.inner.withLock(key, fn);
  }
}

describe.each(backends)('a store given its locks on %s', (_, __, open) => {
  it('GIVEN a store opened with a locks implementation WHEN it is asked for its locks THEN it is that one', async () => {
    const locks = new CountingLocks();
    const { store } = await open(undefined, { locks });
    expect(store.locks).toBe(locks);
  });

  it('GIVEN a store opened without one WHEN it is asked for its locks THEN they span processes (SharedLocks)', async () => {
    const { store } = await open();
    expect(store.locks).toBeInstanceOf(SharedLocks);
  });

  it('GIVEN a store opened with counting locks WHEN pins are added and removed, a session saved, a setting changed and notebook entries changed THEN every change landed and the store took no lock: each is one compare-and-set', async () => {
    const locks = new CountingLocks();
    const { store } = await open(undefined, { locks });
    const [guild, channel, user] = [snowflake(), snowflake(), snowflake()];
    const pin = {
      guildId: guild,
      channelId: channel,
      messageId: snowflake(),
      citation: 'sumgait-1988:1',
      pinnedBy: user,
      pinnedAt: 1,
      note: null,
    };
    await store.pins.add(pin);
    await store.pins.markRemoved(guild, pin.messageId, user, 2);
    await store.sessions.save({ userId: user, query: 'q', filters: {}, hitIds: [], total: 0 });
    await store.preferences.updateGuildSettings(guild, { contentWarnings: false });
    const scope = `${guild}:${channel}`;
    await store.notebooks.add(scope, { citation: 'sumgait-1988:1', addedBy: user, addedAt: 1, note: null });
    expect(locks.taken).toEqual([]);
    expect((await store.pins.list(guild))[0]?.removedBy).toBe(user);
    expect((await store.preferences.guildSettings(guild)).contentWarnings).toBe(false);
    expect(await store.notebooks.list(scope)).toHaveLength(1);
  });
});

describe.each(backends)(
  'shared state between two stores on %s (two replicas in one process)',
  (_, __, open) => {
    it('GIVEN two stores on one database WHEN 30 notebook adds to one channel run at once, split between them THEN all 30 are kept', async () => {
      const first = await open();
      const second = await first.twin();
      const scope = `${snowflake()}:${snowflake()}`;
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          (i % 2 === 0 ? first.store : second).notebooks.add(scope, {
            citation: `sumgait-1988:${i + 1}`,
            addedBy: snowflake(),
            addedAt: i,
            note: null,
          }),
        ),
      );
      expect(results.every((r) => r.kind === 'added')).toBe(true);
      expect(new Set(results.map((r) => r.count)).size).toBe(30);
      expect((await second.notebooks.list(scope)).map((e) => e.citation).sort()).toEqual(
        Array.from({ length: 30 }, (_, i) => `sumgait-1988:${i + 1}`).sort(),
      );
    });

    it('GIVEN a store whose last sight of a notebook another store has since changed WHEN it changes the notebook again THEN it works from what is stored, not from what it saw', async () => {
      const first = await open();
      const second = await first.twin();
      const scope = `${snowflake()}:${snowflake()}`;
      const entry = (citation: string) => ({ citation, addedBy: snowflake(), addedAt: 1, note: null });
      expect((await first.store.notebooks.add(scope, entry('sumgait-1988:1'))).kind).toBe('added');
      expect((await second.notebooks.remove(scope, 'sumgait-1988:1')).kind).toBe('removed');
      await second.notebooks.add(scope, entry('khojaly-1992:1'));
      // The first store last saw sumgait-1988:1 there: "unchanged" would be wrong now.
      expect(await first.store.notebooks.add(scope, entry('sumgait-1988:1'))).toEqual({
        kind: 'added',
        count: 2,
      });
      expect(await first.store.notebooks.add(scope, entry('khojaly-1992:2'))).toEqual({
        kind: 'added',
        count: 3,
      });
      expect((await second.notebooks.list(scope)).map((e) => e.citation)).toEqual([
        'khojaly-1992:1',
        'sumgait-1988:1',
        'khojaly-1992:2',
      ]);
    });

    it('GIVEN two stores on one database WHEN each holds the same lock key THEN the second runs only after the first released it, and a different key does not wait', async () => {
      const first = await open();
      const second = await first.twin();
      const events: string[] = [];
      const { opened, open: release } = gate();
      const a = first.store.locks.withLock('pin:1:2:sumgait-1988:1', async () => {
        events.push('a in');
        await opened;
        events.push('a out');
      });
      await sleep(50);
      const b = second.locks.withLock('pin:1:2:sumgait-1988:1', () => {
        events.push('b in');
        return Promise.resolve();
      });
      await second.locks.withLock('pin:1:2:khojaly-1992:1', () => {
        events.push('other key');
        return Promise.resolve();
      });
      await sleep(100);
      expect(events).toEqual(['a in', 'other key']);
      release();
      await Promise.all([a, b]);
      expect(events).toEqual(['a in', 'other key', 'a out', 'b in']);
    });

    it('GIVEN a holder that runs for several lease lengths WHEN another store asks for its lock THEN the lease is renewed meanwhile, so the other enters only after the release', async () => {
      const first = await open(undefined, { lockLeaseMs: 150 });
      const second = await first.twin();
      const events: string[] = [];
      const { opened, open: release } = gate();
      const a = first.store.locks.withLock('pin:3:3:sumgait-1988:4', async () => {
        events.push('a in');
        await opened;
        events.push('a out');
      });
      await sleep(30);
      const b = second.locks.withLock('pin:3:3:sumgait-1988:4', () => {
        events.push('b in');
        return Promise.resolve();
      });
      await sleep(600);
      expect(events).toEqual(['a in']);
      release();
      await Promise.all([a, b]);
      expect(events).toEqual(['a in', 'a out', 'b in']);
    });

    it('GIVEN a holder whose lease was taken over (it lapsed) WHEN the holder notices and releases THEN its lock says it is no longer held, and the new holder’s lease is left alone', async () => {
      const first = await open(undefined, { lockLeaseMs: 150 });
      const key = 'pin:4:4:sumgait-1988:5';
      let seen: boolean[] = [];
      await first.store.locks.withLock(key, async (lock) => {
        seen.push(lock.held);
        // Another replica's lease, as if ours had run out and it took the lock.
        await first.raw.set(
          `lock:${key}`,
          { v: 1, token: 'another-replica', until: Date.now() + 60_000 },
          60_000,
        );
        await sleep(200);
        seen.push(lock.held);
      });
      expect(seen).toEqual([true, false]);
      expect(await first.raw.get(`lock:${key}`)).toMatchObject({ token: 'another-replica' });
      seen = [];
    });

    it('GIVEN 300 adds of different passages to one notebook at once, from two stores THEN every one is added: this process’s own updates of a key queue instead of racing', async () => {
      const first = await open();
      const second = await first.twin();
      const scope = `${snowflake()}:${snowflake()}`;
      const results = await Promise.all(
        Array.from({ length: 300 }, (_, i) =>
          (i % 2 === 0 ? first.store : second).notebooks.add(scope, {
            citation: `khojaly-1992:${i + 1}`,
            addedBy: snowflake(),
            addedAt: i,
            note: null,
          }),
        ),
      );
      expect(results.filter((r) => r.kind === 'added')).toHaveLength(300);
      expect(await first.store.notebooks.list(scope)).toHaveLength(300);
    });

    it('GIVEN a session key that is taken WHEN a session is saved with it THEN another key is drawn and both sessions read back as their own', async () => {
      const drawn = ['AAAAAAAA', 'AAAAAAAA', 'BBBBBBBB'];
      const first = await open(undefined, { sessionKeys: () => drawn.shift() ?? 'CCCCCCCC' });
      const second = await first.twin();
      const one = await first.store.sessions.save({
        userId: snowflake(),
        query: 'one',
        filters: {},
        hitIds: [],
        total: 1,
      });
      const two = await first.store.sessions.save({
        userId: snowflake(),
        query: 'two',
        filters: {},
        hitIds: [],
        total: 2,
      });
      expect([one, two]).toEqual(['AAAAAAAA', 'BBBBBBBB']);
      expect((await second.sessions.get(one))?.query).toBe('one');
      expect((await second.sessions.get(two))?.query).toBe('two');
    });

    it('GIVEN a lease left by a holder that died WHEN another store asks for the lock THEN it waits for the lease to run out, then runs', async () => {
      const first = await open();
      const until = Date.now() + 400;
      await first.raw.set('lock:pin:9:9:sumgait-1988:2', { v: 1, token: 'a-dead-replica', until }, 400);
      let entered = 0;
      await first.store.locks.withLock('pin:9:9:sumgait-1988:2', () => {
        entered = Date.now();
        return Promise.resolve();
      });
      expect(entered).toBeGreaterThanOrEqual(until);
      // Released: the key is free again at once.
      expect(await first.raw.get('lock:pin:9:9:sumgait-1988:2')).toBeUndefined();
    });

    it('GIVEN two stores WHEN each saves 200 sessions at once THEN every key is distinct and every session reads back as its own from either store', async () => {
      const first = await open();
      const second = await first.twin();
      const saves = Array.from({ length: 400 }, (_, i) =>
        (i % 2 === 0 ? first.store : second).sessions.save({
          userId: snowflake(),
          query: `q${i}`,
          filters: {},
          hitIds: [],
          total: i,
        }),
      );
      const keys = await Promise.all(saves);
      expect(new Set(keys).size).toBe(400);
      const read = await Promise.all(
        keys.map((k, i) => (i % 2 === 0 ? second : first.store).sessions.get(k)),
      );
      expect(read.map((s) => s?.total)).toEqual(keys.map((_, i) => i));
    });
  },
);
