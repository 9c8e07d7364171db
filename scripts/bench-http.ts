/**
 * `npm run bench:http [-- --profile]`: the real HTTP interactions endpoint (`src/http/main.ts`) under load.
 * Replicas are child processes with a key generated here, a local fake Discord REST (nothing leaves the
 * machine) and STORAGE_URL (redis://127.0.0.1:6379 unless set). Pools of distinct signed bodies
 * (/search, and PING for the endpoint's own cost) are driven by autocannon: 1 replica at 32
 * connections and at 1, then 2 replicas (one autocannon per replica, concurrently, in this process:
 * throughput summed, latency the worse replica's; no proxy). Also: Ed25519 verification alone. Each row
 * has the replicas' own CPU time per request (from /proc), which other load on the two shared cores
 * does not change much. `--profile`: one replica's /search under `--cpu-prof`, its top costs named.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { PermissionFlagsBits as P } from 'discord.js';
import { ROOT } from '../src/paths.js';
import { startFakeRest } from '../tests/http/fake-rest.js';

const CONNECTIONS = 32;
const DURATION_S = 10;
const POOL = 4096;
const USERS = 512;
const APP = '100000000000000001';
const MEMBER = P.ViewChannel | P.SendMessages;
const BOT = MEMBER | P.EmbedLinks | P.PinMessages;
const profile = process.argv.includes('--profile');
const storage = process.env['STORAGE_URL'] ?? 'redis://127.0.0.1:6379';

/** Whether a TCP server answers at the URL's host and port. */
async function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port || 6379), hostname);
  try {
    return await once(socket, 'connect').then(() => true);
  } catch {
    return false;
  } finally {
    socket.destroy();
  }
}

/** Real words of the bundled library (five letters or more, any script), for varied queries. */
function libraryWords(): string[] {
  const dir = join(ROOT, 'data', 'documents');
  const text = readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
  return [...new Set(text.match(/\p{L}{5,}/gu) ?? [])];
}

type Pool = { body: string; headers: Record<string, string> }[];

/**
 * `POOL` distinct signed bodies, signed now: /search with varied words, users and interaction ids,
 * or PING (the endpoint's own cost: HTTP, verification, JSON, no dispatcher and no store).
 */
function signedPool(privateKey: KeyObject, kind: 'search' | 'ping'): Pool {
  const words = libraryWords();
  const timestamp = String(Math.floor(Date.now() / 1000));
  let id = 800_000_000_000_000_000n;
  return Array.from({ length: POOL }, (_, i) => {
    const user = String(700_000_000_000_000_000n + BigInt(i % USERS));
    const query = words[(i * 7919) % words.length] ?? 'Sumgait';
    const envelope = { id: String(id++), application_id: APP, token: `bench-token-${String(i)}`, version: 1 };
    const search = {
      ...envelope,
      type: 2,
      guild_id: '600000000000000001',
      channel_id: '600000000000000002',
      channel: { id: '600000000000000002', type: 0, name: 'reading-room' },
      member: { user: { id: user, username: 'reader' }, permissions: String(MEMBER), roles: [] },
      app_permissions: String(BOT),
      locale: 'en-US',
      data: {
        id: '500000000000000001',
        name: 'search',
        type: 1,
        options: [{ name: 'query', type: 3, value: query }],
      },
    };
    const body = JSON.stringify(kind === 'ping' ? { ...envelope, type: 1 } : search);
    const signature = sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');
    const headers = { 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp };
    return { body, headers: { 'content-type': 'application/json', ...headers } };
  });
}

type Replica = Readonly<{ child: ChildProcess; url: string; exited: Promise<void> }>;

/** Starts one replica on a port of its own choosing (PORT=0: no race for a port on a shared machine). */
async function startReplica(env: Record<string, string>, args: string[]): Promise<Replica> {
  const main = join(ROOT, 'src', 'http', 'main.ts');
  const child = spawn(process.execPath, [...args, '--import', 'tsx', main], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', ...env, PORT: '0', HTTP_HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    // stdout is read for the port, then drained; stderr shows a crash.
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit').then(() => undefined);
  let out = '';
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out = `${out}${d.toString('utf8')}`.slice(-4096);
      const listening = /"port":(\d+)[^\n]*interactions endpoint listening/.exec(out);
      if (listening?.[1] !== undefined) resolve(listening[1]);
    });
    void exited.then(() => {
      reject(new Error(`a replica exited at start:\n${out}`));
    });
  });
  return { child, url: `http://127.0.0.1:${port}`, exited };
}

type Figures = Readonly<Record<'total' | 'rps' | 'p50' | 'p99' | 'max' | 'non2xx' | 'errors', number>>;

/** One autocannon per replica, concurrently; every request takes the next body of the shared pool. */
async function drive(
  urls: string[],
  pool: Pool,
  seconds: number,
  connections = CONNECTIONS,
): Promise<Figures> {
  let next = 0;
  const runs = urls.map((url) =>
    autocannon({
      url: `${url}/interactions`,
      connections: Math.max(1, Math.floor(connections / urls.length)),
      pipelining: 1,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => {
            const item = pool[next++ % pool.length];
            return { ...req, method: 'POST', body: item?.body, headers: item?.headers };
          },
        },
      ],
    }),
  );
  const results = await Promise.all(runs);
  return {
    total: results.reduce((n, r) => n + r.requests.total, 0),
    rps: results.reduce((n, r) => n + r.requests.average, 0),
    p50: Math.max(...results.map((r) => r.latency.p50)),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    max: Math.max(...results.map((r) => r.latency.max)),
    non2xx: results.reduce((n, r) => n + r.non2xx, 0),
    errors: results.reduce((n, r) => n + r.errors + r.timeouts, 0),
  };
}

/** µs per `crypto.verify` of a typical signed body, in this process. */
function verifyCost(publicKey: KeyObject, privateKey: KeyObject, body: string): number {
  const message = Buffer.from(`${String(Math.floor(Date.now() / 1000))}${body}`);
  const signature = sign(null, message, privateKey);
  const n = 20_000;
  for (let i = 0; i < 2000; i++) verify(null, message, publicKey, signature);
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) if (!verify(null, message, publicKey, signature)) throw new Error('unsigned');
  return Number(process.hrtime.bigint() - started) / 1000 / n;
}

/** Where a profile node's code lives: a src/ folder, a package, a Node module, or V8's own bucket. */
function area(url: string, name: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  const src = /\/(src\/[^/]+\/(?:[^/]+\/)*[^/]+)\.ts$/.exec(url)?.[1];
  return url === '' ? name : (pkg ?? src ?? url.replace(/^node:internal\/([^/]+).*$/, 'node:$1'));
}

/**
 * A `.cpuprofile`'s top costs as shares of all samples: self time by area, and inclusive time
 * (the function and all it calls) of the project's own functions, which names what to make cheaper.
 */
function topCosts(file: string, count = 12): string[] {
  type Node = {
    id: number;
    hitCount?: number;
    children?: number[];
    callFrame: Record<'functionName' | 'url', string>;
  };
  const { nodes } = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[] };
  const parent = new Map(nodes.flatMap((n) => (n.children ?? []).map((c) => [c, n] as const)));
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number): void => void m.set(k, (m.get(k) ?? 0) + v);
  let total = 0;
  for (const n of nodes) {
    const hits = n.hitCount ?? 0;
    total += hits;
    add(self, area(n.callFrame.url, n.callFrame.functionName), hits);
    const seen = new Set<string>();
    for (let at: Node | undefined = n; at; at = parent.get(at.id)) {
      const where = area(at.callFrame.url, '');
      const key = `${at.callFrame.functionName || '(anonymous)'} (${where})`;
      if (where.startsWith('src/') && !seen.has(key)) add(inclusive, key, hits);
      seen.add(key);
    }
  }
  const top = (m: Map<string, number>): string[] =>
    [...m.entries()]
      .sort((x, y) => y[1] - x[1])
      .slice(0, count)
      .map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
  return ['self time by area:', ...top(self), 'inclusive time, src/ functions:', ...top(inclusive)];
}

/**
 * CPU time (user + system) a process has used so far, in ms, from /proc (NaN elsewhere): the cost of
 * a request measured where it is paid, whatever else the two shared cores are doing.
 */
function cpuMs(pid: number | undefined): number {
  try {
    // After the command's ")": utime and stime are fields 14 and 15 of stat(5), in 1/100 s.
    const fields = readFileSync(`/proc/${String(pid)}/stat`, 'utf8')
      .split(') ')[1]
      ?.split(' ');
    return (Number(fields?.[11]) + Number(fields?.[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

const ms = (n: number): string => `${n.toFixed(1)} ms`;
const loadAverage = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function main(): Promise<void> {
  if (storage.startsWith('redis://') && !(await reachable(storage))) {
    console.log(`Redis is not answering at ${storage}: start it, or set STORAGE_URL. Nothing was measured.`);
    return;
  }
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const hex = publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('hex');
  const rest = await startFakeRest();
  const pool = signedPool(privateKey, 'search');
  const env = {
    DISCORD_PUBLIC_KEY: hex,
    DISCORD_TOKEN: 'bench-token',
    DISCORD_API_URL: rest.api,
    STORAGE_URL: storage,
    STATE_DIR: mkdtempSync(join(tmpdir(), 'bench-http-')),
  };
  const verifyUs = verifyCost(publicKey, privateKey, pool[0]?.body ?? '').toFixed(1);
  console.log(`${String(cpus().length)} cores, Node ${process.version}; load average ${loadAverage()}`);
  console.log(`storage ${storage}; ${String(CONNECTIONS)} connections, ${String(DURATION_S)} s`);
  console.log(`Ed25519 verify alone: ${verifyUs} µs/op`);
  const rows: string[] = [];
  const profDir = mkdtempSync(join(tmpdir(), 'bench-http-prof-'));
  const pools = { search: pool, ping: signedPool(privateKey, 'ping') };
  const scenarios: { replicas: number; load: { kind: 'search' | 'ping'; connections?: number }[] }[] = profile
    ? [{ replicas: 1, load: [{ kind: 'search' }] }]
    : [
        { replicas: 1, load: [{ kind: 'ping' }, { kind: 'search' }, { kind: 'search', connections: 1 }] },
        { replicas: 2, load: [{ kind: 'search' }] },
      ];
  for (const { replicas: n, load } of scenarios) {
    const args = profile ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [];
    const replicas = await Promise.all(Array.from({ length: n }, () => startReplica(env, args)));
    const urls = replicas.map((r) => r.url);
    // A warm-up, so that the JIT and the store's connections are not part of the figures.
    await drive(urls, pool, 2);
    for (const { kind, connections } of load) {
      const cpu = (): number => replicas.reduce((t, r) => t + cpuMs(r.child.pid), 0);
      const cpuBefore = cpu();
      const f = await drive(urls, pools[kind], DURATION_S, connections);
      const us = ((cpu() - cpuBefore) * 1000) / f.total;
      // One connection: the latency of one request at a time, without queueing behind the others.
      const what = `${kind === 'ping' ? 'PING' : '/search'}${connections === 1 ? ', 1 connection' : ''}`;
      rows.push(
        `| ${String(n)} | ${what} | ${f.rps.toFixed(0)} | ${ms(f.p50)} | ${ms(f.p99)} | ${ms(f.max)} | ${String(f.non2xx)} | ${String(f.errors)} | ${us.toFixed(0)} µs | ${(1e6 / us).toFixed(0)} |`,
      );
    }
    for (const r of replicas) r.child.kill('SIGTERM');
    await Promise.all(replicas.map((r) => r.exited));
  }
  console.log(`load average after: ${loadAverage()} (the load generator, this process, shares the cores)`);
  console.log(
    '\n| replicas | load | req/s | p50 | p99 | max | non-2xx | errors | replica CPU per request | req/s one core would give |\n|---|---|---|---|---|---|---|---|---|---|',
  );
  console.log(rows.join('\n'));
  if (profile) {
    // The largest profile is the main thread's; the other is tsx's loader thread.
    const files = readdirSync(profDir).map((f) => join(profDir, f));
    const file = files.sort((x, y) => statSync(y).size - statSync(x).size)[0];
    if (file) console.log(`\nProfile ${file}:\n${topCosts(file).join('\n')}`);
  }
  console.log(`\nFake REST calls (a /search answers in the body): ${String(rest.calls.length)}`);
  await rest.close();
}

await main();
