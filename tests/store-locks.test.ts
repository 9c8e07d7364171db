import { describe, expect, it } from 'vitest';
import { LocalLocks, type Locks } from '../src/storage/store.js';
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

  withLock<R>(key: string, fn: () => Promise<R>): Promise<R> {
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

  it('GIVEN a store opened with counting locks WHEN pins are added and removed, a session saved and a setting changed THEN each read-modify-write of an index or a record took its lock there', async () => {
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
    expect(locks.taken).toEqual([`pinchannels:${guild}`, `pins:${guild}:${channel}`]);
    locks.taken.length = 0;
    await store.pins.markRemoved(guild, pin.messageId, user, 2);
    expect(locks.taken).toEqual([`pins:${guild}:${channel}`]);
    locks.taken.length = 0;
    await store.sessions.save({ userId: user, query: 'q', filters: {}, hitIds: [], total: 0 });
    expect(locks.taken).toEqual([`sessions:${user}`]);
    locks.taken.length = 0;
    await store.preferences.updateGuildSettings(guild, { contentWarnings: false });
    expect(locks.taken).toEqual([`guild:${guild}`]);
    expect((await store.pins.list(guild))[0]?.removedBy).toBe(user);
  });

  it('GIVEN a store opened with counting locks WHEN twenty notebook adds run at once, each under the notebook lock the handlers take THEN none is lost, and the store took no lock of its own that would wait for theirs', async () => {
    const locks = new CountingLocks();
    const { store } = await open(undefined, { locks });
    const scope = `${snowflake()}:${snowflake()}`;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.locks.withLock(`notebook:${scope}`, () =>
          store.notebooks.add(scope, {
            citation: `sumgait-1988:${i + 1}`,
            addedBy: snowflake(),
            addedAt: i,
            note: null,
          }),
        ),
      ),
    );
    expect(await store.notebooks.list(scope)).toHaveLength(20);
    expect(locks.taken).toEqual(Array.from({ length: 20 }, () => `notebook:${scope}`));
  });
});
