import { describe, expect, it } from 'vitest';
import { SESSION_TTL_MS, SESSIONS_PER_USER, type SearchSession } from '../src/storage/store.js';
import { backends, sleep, snowflake } from './store-helpers.js';

const HOUR = 60 * 60 * 1000;
const search = (userId: string, query = 'Ходжалы'): Omit<SearchSession, 'v' | 'createdAt'> => ({
  userId,
  query,
  filters: {},
  hitIds: ['khojaly-1992:1'],
  total: 1,
});

describe.each(backends)('search sessions on %s', (_, kind, open) => {
  it('GIVEN a lock lease whose holder died WHEN the store sweeps after it expired THEN its row is gone, and a live lease stays', async () => {
    const { store, raw, has } = await open();
    await raw.set('lock:pin:1:1:sumgait-1988:1', { v: 1, token: 'dead', until: Date.now() + 5 }, 5);
    await raw.set('lock:pin:1:1:sumgait-1988:2', { v: 1, token: 'live', until: Date.now() + 60_000 }, 60_000);
    await sleep(20);
    await store.sessions.sweep();
    // Redis expired the dead one itself.
    expect(await has('lock:pin:1:1:sumgait-1988:1')).toBe(false);
    expect(await has('lock:pin:1:1:sumgait-1988:2')).toBe(true);
  });

  it('GIVEN sessions that expired and sessions still live WHEN the store sweeps THEN the expired ones are gone from the underlying table and the live ones remain', async () => {
    const { store, has } = await open();
    const now = Date.now();
    const [old, live] = [snowflake(), snowflake()];
    const expired = [];
    for (let i = 0; i < 3; i++) expired.push(await store.sessions.save(search(old), now - 25 * HOUR));
    const alive = [
      await store.sessions.save(search(live), now),
      await store.sessions.save(search(live), now),
    ];
    // Let the storage clock pass the expiry of the old ones (stored with a 1 ms TTL).
    await sleep(20);
    const swept = await store.sessions.sweep();
    for (const key of expired) expect(await has(`session:${key}`)).toBe(false);
    expect(await has(`sessions:${old}`)).toBe(false);
    for (const key of alive) {
      expect(await has(`session:${key}`)).toBe(true);
      expect((await store.sessions.get(key))?.userId).toBe(live);
    }
    // Three sessions and their user's index; Redis had expired them itself.
    expect(swept).toBe(kind === 'redis' ? 0 : 4);
  });

  it(`GIVEN a user with ${SESSIONS_PER_USER} sessions WHEN one more is saved THEN the oldest is deleted, the others stay, and another user's sessions are untouched`, async () => {
    const { store, has } = await open();
    const [alice, bob] = [snowflake(), snowflake()];
    const now = Date.now();
    const bobs = [];
    for (let i = 0; i < 3; i++) bobs.push(await store.sessions.save(search(bob), now));
    const alices = [];
    for (let i = 0; i <= SESSIONS_PER_USER; i++)
      alices.push(await store.sessions.save(search(alice, `q${i}`), now + i));
    const [oldest, ...kept] = alices;
    expect(await has(`session:${oldest ?? ''}`)).toBe(false);
    expect(await store.sessions.get(oldest ?? '')).toBeNull();
    for (const key of kept) expect(await has(`session:${key}`)).toBe(true);
    expect((await store.sessions.get(kept[0] ?? ''))?.query).toBe('q1');
    for (const key of bobs) expect((await store.sessions.get(key))?.userId).toBe(bob);
  });
});

describe.each(backends)('what a session remembers about its search on %s', (_, __, open) => {
  it('GIVEN a session with passages shown as context of others and query words that matched nothing WHEN it is saved and read THEN both come back as saved', async () => {
    const { store, raw } = await open();
    const session = {
      ...search(snowflake(), 'Ходжалы zzyzx'),
      hitIds: ['khojaly-1992:1', 'khojaly-1992:2', 'sumgait-1988:4'],
      total: 3,
      direct: 1,
      contextOf: { 'khojaly-1992:2': 'khojaly-1992:1', 'sumgait-1988:4': 'sumgait-1988:5' },
      unmatched: ['zzyzx'],
    };
    const key = await store.sessions.save(session);
    const read = await store.sessions.get(key);
    expect(read).toMatchObject(session);
    expect(read?.contextOf).toEqual(session.contextOf);
    expect(read?.unmatched).toEqual(['zzyzx']);
    // What storage holds, as any other process reads it.
    expect(await raw.get(`session:${key}`)).toMatchObject(session);
  });

  it('GIVEN a session this process saved WHEN storage loses it THEN its buttons still work here, from memory, and an expired one does not', async () => {
    const { store, raw } = await open();
    const now = Date.now();
    const key = await store.sessions.save(search(snowflake()), now);
    await raw.delete(`session:${key}`);
    expect((await store.sessions.get(key, now + 1000))?.hitIds).toEqual(['khojaly-1992:1']);
    expect(await store.sessions.get(key, now + SESSION_TTL_MS + 1)).toBeNull();
  });

  it('GIVEN a session saved without them WHEN it is read THEN it has neither field, here or in storage', async () => {
    const { store, raw } = await open();
    const key = await store.sessions.save(search(snowflake()));
    const stored = await raw.get<Record<string, unknown>>(`session:${key}`);
    expect(stored && ('contextOf' in stored || 'unmatched' in stored)).toBe(false);
    const read = await store.sessions.get(key);
    expect(read).not.toBeNull();
    expect(read && 'contextOf' in read).toBe(false);
    expect(read && 'unmatched' in read).toBe(false);
  });

  it('GIVEN a session stored by the previous version (no direct count, no context, no unmatched words) WHEN it is read THEN it reads as it was, and nothing is reported', async () => {
    const reports: string[] = [];
    const { store, raw } = await open((key) => reports.push(key));
    const old = {
      v: 1,
      userId: snowflake(),
      query: 'Sumgait',
      filters: { documents: ['sumgait-1988'] },
      hitIds: ['sumgait-1988:1', 'sumgait-1988:2'],
      total: 2,
      createdAt: Date.now(),
    };
    await raw.set('session:oldsess1', old);
    expect(await store.sessions.get('oldsess1')).toEqual(old);
    expect(reports).toEqual([]);
  });
});

describe.each(backends.filter(([, kind]) => kind !== 'redis'))('the session sweep on %s', (_, __, open) => {
  it('GIVEN 300 searches by 15 users WHEN the store sweeps 25 h later THEN no session row is left', async () => {
    const { store, count } = await open();
    const users = Array.from({ length: 15 }, () => snowflake());
    for (let i = 0; i < 300; i++) await store.sessions.save(search(users[i % 15] ?? ''));
    // 300 sessions and one index per user: without a sweep they would stay forever.
    expect(await count('session')).toBe(315);
    expect(await store.sessions.sweep(Date.now() + 25 * HOUR)).toBe(315);
    expect(await count('session')).toBe(0);
  });

  it('GIVEN one user searching 300 times WHEN the sessions are counted THEN only the newest 20 (and the index) are stored', async () => {
    const { store, count } = await open();
    const user = snowflake();
    for (let i = 0; i < 300; i++) await store.sessions.save(search(user));
    expect(await count('session:')).toBe(SESSIONS_PER_USER);
    expect(await count('sessions:')).toBe(1);
  });

  it('GIVEN a store opened with a short sweep interval WHEN a session expires THEN the timer deletes it without being asked', async () => {
    const { store, has } = await open(undefined, { sweepIntervalMs: 50 });
    const key = await store.sessions.save(search(snowflake()), Date.now() - 25 * HOUR);
    expect(await has(`session:${key}`)).toBe(true);
    let gone = false;
    for (let i = 0; i < 200 && !gone; i++) {
      await sleep(50);
      gone = !(await has(`session:${key}`));
    }
    expect(gone).toBe(true);
  });
});

const redis = process.env['REDIS_URL'];
if (redis) {
  describe('sessions on Redis', () => {
    it('GIVEN a saved session WHEN its keys are inspected THEN Redis itself expires both the session and the user index within 24 h', async () => {
      const { createClient } = await import('@keyv/redis');
      const [, , open] = backends.find(([, kind]) => kind === 'redis') ?? [];
      if (!open) throw new Error('no Redis backend');
      const { store, raw } = await open();
      const user = snowflake();
      const key = await store.sessions.save(search(user));
      const client = createClient({ url: redis });
      await client.connect();
      try {
        const ns = raw.namespace ?? '';
        for (const k of [`session:${key}`, `sessions:${user}`]) {
          const ttl = await client.pTTL(`${ns}::${ns}:${k}`);
          expect(ttl).toBeGreaterThan(0);
          expect(ttl).toBeLessThanOrEqual(SESSION_TTL_MS);
        }
      } finally {
        await client.close();
      }
    });
  });
}
