import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Keyv from 'keyv';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../src/storage/store.js';
import type { Job } from './fixtures/replica-worker.js';
import { ROOT, tempDir } from './helpers.js';
import { snowflake } from './store-helpers.js';

// Two real processes on one database, each with its own locks and caches,
// started at the same moment: what two replicas behind a load balancer do.

const WORKER = join(ROOT, 'tests', 'fixtures', 'replica-worker.ts');

interface Database {
  /** The STORAGE_URL, or undefined for SQLite under `stateDir`. */
  readonly url: string | undefined;
  readonly stateDir: string;
  readonly namespace: string;
}

const opened: Store[] = [];
afterAll(async () => {
  for (const store of opened) await store.close().catch(() => undefined);
});

/** A fresh namespace on the backend, and a store on it for the test to look with. */
async function database(url: string | undefined): Promise<{ db: Database; store: Store }> {
  const db = { url, stateDir: tempDir(), namespace: `rr-proc-${randomBytes(4).toString('hex')}` };
  const store = await openStore(url, db.stateDir, undefined, { namespace: db.namespace, sweepIntervalMs: 0 });
  opened.push(store);
  return { db, store };
}

/** Starts one replica per job, lets them all go at once, and returns what each printed. */
async function replicas(db: Database, jobs: readonly Job[]): Promise<unknown[]> {
  const children = jobs.map((job) =>
    spawn(
      process.execPath,
      ['--import', 'tsx', WORKER, db.url ?? '-', db.stateDir, db.namespace, JSON.stringify(job)],
      { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
    ),
  );
  // Listened for at once: a quick replica may be gone before its output is read.
  const exits = children.map((c) => new Promise((resolve) => c.once('exit', resolve)));
  const lines = children.map((child) => {
    const out = createInterface({ input: child.stdout });
    const ready = new Promise<void>((resolve) => {
      out.once('line', () => {
        resolve();
      });
    });
    const result = ready.then(
      () =>
        new Promise<string>((resolve) => {
          out.once('line', resolve);
        }),
    );
    return { ready, result };
  });
  await Promise.all(lines.map((l) => l.ready));
  for (const child of children) child.stdin.end('go\n');
  const results = await Promise.all(lines.map((l) => l.result));
  await Promise.all(exits);
  return results.map((line) => {
    const parsed = JSON.parse(line) as { ok?: unknown; error?: string };
    if (parsed.error !== undefined) throw new Error(parsed.error);
    return parsed.ok;
  });
}

const kinds: [string, string | undefined][] = [['SQLite (one file)', undefined]];
if (process.env['REDIS_URL']) kinds.push(['Redis', process.env['REDIS_URL']]);
if (process.env['POSTGRES_URL']) kinds.push(['PostgreSQL', process.env['POSTGRES_URL']]);

describe.each(kinds)('two processes on %s', (_, url) => {
  it('GIVEN two replicas WHEN they add 30 different passages to one channel notebook at once THEN all 30 are kept', async () => {
    const { db, store } = await database(url);
    const scope = `${snowflake()}:${snowflake()}`;
    const citations = Array.from({ length: 30 }, (_, i) => `sumgait-1988:${i + 1}`);
    const [a, b] = (await replicas(db, [
      { op: 'notebook', scope, citations: citations.filter((_, i) => i % 2 === 0) },
      { op: 'notebook', scope, citations: citations.filter((_, i) => i % 2 === 1) },
    ])) as { kind: string }[][];
    expect([...(a ?? []), ...(b ?? [])].map((r) => r.kind)).toEqual(
      Array.from({ length: 30 }, () => 'added'),
    );
    expect((await store.notebooks.list(scope)).map((e) => e.citation).sort()).toEqual([...citations].sort());
  });

  it('GIVEN two moderators on two replicas WHEN both pin the same passage at once THEN one card is posted and pinned, one pin-log record kept, and the other is told it is pinned already', async () => {
    const { db, store } = await database(url);
    const [guildId, channelId] = [snowflake(), snowflake()];
    const pin = (firstMessageId: string): Job => ({
      op: 'pin',
      guildId,
      channelId,
      citations: ['sumgait-1988:3'],
      firstMessageId,
    });
    const results = (await replicas(db, [pin('800000000000000000'), pin('900000000000000000')])) as {
      calls: string[];
      answers: string[];
    }[];
    const calls = results.flatMap((r) => r.calls);
    expect(calls.filter((c) => c.startsWith('post'))).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith('pin'))).toHaveLength(1);
    const log = await store.pins.list(guildId, channelId);
    expect(log.map((p) => p.citation)).toEqual(['sumgait-1988:3']);
    expect(calls).toContain(`pin ${log[0]?.messageId ?? '?'}`);
    expect(results.flatMap((r) => r.answers).filter((a) => /already/i.test(a))).toHaveLength(1);
  });

  it('GIVEN two replicas WHEN they pin three different passages of one channel at once THEN all three are in the pin index', async () => {
    const { db, store } = await database(url);
    const [guildId, channelId] = [snowflake(), snowflake()];
    await replicas(db, [
      {
        op: 'pin',
        guildId,
        channelId,
        citations: ['sumgait-1988:1', 'khojaly-1992:2'],
        firstMessageId: '810000000000000000',
      },
      { op: 'pin', guildId, channelId, citations: ['sumgait-1988:2'], firstMessageId: '910000000000000000' },
    ]);
    expect((await store.pins.list(guildId)).map((p) => p.citation).sort()).toEqual([
      'khojaly-1992:2',
      'sumgait-1988:1',
      'sumgait-1988:2',
    ]);
  });

  it('GIVEN two replicas WHEN each saves 100 search sessions at once THEN no key is shared and each session reads back as saved', async () => {
    const { db, store } = await database(url);
    const [a, b] = (await replicas(db, [
      { op: 'sessions', count: 100 },
      { op: 'sessions', count: 100 },
    ])) as string[][];
    const keys = [...(a ?? []), ...(b ?? [])];
    expect(new Set(keys).size).toBe(200);
    const read = await Promise.all(keys.map((k) => store.sessions.get(k)));
    expect(read.map((s) => s?.total)).toEqual(keys.map((_, i) => i % 100));
  });
});

afterAll(async () => {
  // The servers are shared: leave no rows behind there.
  for (const [, url] of kinds) if (url) await clearPrefix(url);
});

async function clearPrefix(url: string): Promise<void> {
  if (url.startsWith('redis')) {
    const { createClient } = await import('@keyv/redis');
    const client = createClient({ url });
    await client.connect();
    for await (const keys of client.scanIterator({ MATCH: 'rr-proc-*', COUNT: 500 }))
      if (keys.length > 0) await client.del(keys);
    await client.close();
  } else {
    const { default: KeyvPostgres } = await import('@keyv/postgres');
    const pg = new KeyvPostgres({ uri: url });
    await pg.query("DELETE FROM keyv WHERE starts_with(key, 'rr-proc-')");
    await new Keyv({ store: pg }).disconnect();
  }
}
