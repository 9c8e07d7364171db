/**
 * `npx tsx scripts/measure-storage.ts`: what the storage fixes of issue 8
 * change, on the default SQLite store in a temporary folder.
 * - Search sessions (M2): rows left by 300 searches of one user and of 300
 *   users, and after a sweep 25 hours later.
 * - The pin log (L3): the read behind a `/pins remove` autocomplete keystroke
 *   at 5,000 pins over 50 channels: this channel only (now) against the whole
 *   server (what every keystroke read before).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import { openStore } from '../src/storage/store.js';

const dir = mkdtempSync(join(tmpdir(), 'rr-measure-'));
const store = await openStore(undefined, dir, undefined, { sweepIntervalMs: 0 });
const probe = new KeyvSqlite(`sqlite://${join(dir, 'reading-room.sqlite')}`);
const rows = async (): Promise<number> =>
  (
    (await probe.query("SELECT count(*) AS n FROM keyv WHERE key LIKE 'reading-room:session%'")) as {
      n: number;
    }[]
  )[0]?.n ?? 0;
const session = (userId: string, i: number) => ({
  userId,
  query: `q${String(i)}`,
  filters: {},
  hitIds: ['sumgait-1988:1'],
  total: 1,
});
const later = Date.now() + 25 * 3600_000;

console.log('| sessions (M2) | rows |');
console.log('|---|---|');
for (let i = 0; i < 300; i++) await store.sessions.save(session('100000000000000001', i));
console.log(`| one user, 300 searches | ${String(await rows())} |`);
await store.sessions.sweep(later);
console.log(`| … after a sweep 25 h later | ${String(await rows())} |`);
for (let i = 0; i < 300; i++) await store.sessions.save(session(String(200000000000000000n + BigInt(i)), i));
console.log(`| 300 users, one search each | ${String(await rows())} |`);
await store.sessions.sweep(later);
console.log(`| … after a sweep 25 h later | ${String(await rows())} |`);

const guild = '200000000000000001';
for (let i = 0; i < 5000; i++) {
  await store.pins.add({
    guildId: guild,
    channelId: String(300000000000000000n + BigInt(i % 50)),
    messageId: String(400000000000000000n + BigInt(i)),
    citation: `sumgait-1988:${String((i % 26) + 1)}`,
    pinnedBy: '500000000000000001',
    pinnedAt: i,
    note: null,
  });
}
const perCall = async (f: () => Promise<unknown>): Promise<string> => {
  await f();
  const t = performance.now();
  for (let i = 0; i < 20; i++) await f();
  return ((performance.now() - t) / 20).toFixed(1);
};
const channel = '300000000000000007';
console.log('\n| pin log read, 5,000 pins in 50 channels (L3) | ms per read |');
console.log('|---|---|');
console.log(
  `| this channel's pins (the autocomplete now) | ${await perCall(() => store.pins.list(guild, channel))} |`,
);
console.log(
  `| the whole server's, filtered (every keystroke before) | ${await perCall(async () => (await store.pins.list(guild)).filter((p) => p.channelId === channel))} |`,
);
await probe.disconnect();
await store.close();
