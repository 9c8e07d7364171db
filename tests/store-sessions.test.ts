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
  it('GIVEN sessions that expired and sessions still live WHEN the store sweeps THEN the expired ones are gone from the underlying table and the live ones remain', async () => {
    const { store, has } = await open();
    const now = Date.now();
    const [old, live] = [snowflake(), snowflake()];
    const expired = [];
    for (let i = 0; i < 3; i++) expired.push(await store.saveSession(search(old), now - 25 * HOUR));
    const alive = [await store.saveSession(search(live), now), await store.saveSession(search(live), now)];
    // Let the storage clock pass the expiry of the old ones (stored with a 1 ms TTL).
    await sleep(20);
    const swept = await store.sweepSessions();
    for (const key of expired) expect(await has(`session:${key}`)).toBe(false);
    expect(await has(`sessions:${old}`)).toBe(false);
    for (const key of alive) {
      expect(await has(`session:${key}`)).toBe(true);
      expect((await store.session(key))?.userId).toBe(live);
    }
    // Three sessions and their user's index; Redis had expired them itself.
    expect(swept).toBe(kind === 'redis' ? 0 : 4);
  });

  it(`GIVEN a user with ${SESSIONS_PER_USER} sessions WHEN one more is saved THEN the oldest is deleted, the others stay, and another user's sessions are untouched`, async () => {
    const { store, has } = await open();
    const [alice, bob] = [snowflake(), snowflake()];
    const now = Date.now();
    const bobs = [];
    for (let i = 0; i < 3; i++) bobs.push(await store.saveSession(search(bob), now));
    const alices = [];
    for (let i = 0; i <= SESSIONS_PER_USER; i++)
      alices.push(await store.saveSession(search(alice, `q${i}`), now + i));
    const [oldest, ...kept] = alices;
    expect(await has(`session:${oldest ?? ''}`)).toBe(false);
    expect(await store.session(oldest ?? '')).toBeNull();
    for (const key of kept) expect(await has(`session:${key}`)).toBe(true);
    expect((await store.session(kept[0] ?? ''))?.query).toBe('q1');
    for (const key of bobs) expect((await store.session(key))?.userId).toBe(bob);
  });
});

describe.each(backends.filter(([, kind]) => kind !== 'redis'))('the session sweep on %s', (_, __, open) => {
  it('GIVEN 300 searches by 15 users WHEN the store sweeps 25 h later THEN no session row is left', async () => {
    const { store, count } = await open();
    const users = Array.from({ length: 15 }, () => snowflake());
    for (let i = 0; i < 300; i++) await store.saveSession(search(users[i % 15] ?? ''));
    // 300 sessions and one index per user: without a sweep they would stay forever.
    expect(await count('session')).toBe(315);
    expect(await store.sweepSessions(Date.now() + 25 * HOUR)).toBe(315);
    expect(await count('session')).toBe(0);
  });

  it('GIVEN one user searching 300 times WHEN the sessions are counted THEN only the newest 20 (and the index) are stored', async () => {
    const { store, count } = await open();
    const user = snowflake();
    for (let i = 0; i < 300; i++) await store.saveSession(search(user));
    expect(await count('session:')).toBe(SESSIONS_PER_USER);
    expect(await count('sessions:')).toBe(1);
  });

  it('GIVEN a store opened with a short sweep interval WHEN a session expires THEN the timer deletes it without being asked', async () => {
    const { store, has } = await open(undefined, { sweepIntervalMs: 50 });
    const key = await store.saveSession(search(snowflake()), Date.now() - 25 * HOUR);
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
      const key = await store.saveSession(search(user));
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
