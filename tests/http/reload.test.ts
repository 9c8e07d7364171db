import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers.js';

const { publicKey } = generateKeyPairSync('ed25519');
const PUBLIC_KEY_HEX = publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('hex');

type Child = ChildProcessByStdio<null, Readable, Readable>;
const children: Child[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
});

/** `npm run start:http` over `dataDir`, its JSON log lines handed to whoever waits for one. */
function startHttp(dataDir: string): {
  child: Child;
  logged: (message: string) => Promise<Record<string, unknown>>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'http', 'main.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
      DISCORD_TOKEN: 'fake-token',
      DISCORD_PUBLIC_KEY: PUBLIC_KEY_HEX,
      DISCORD_API_URL: 'http://127.0.0.1:9/api',
      DATA_DIR: dataDir,
      STATE_DIR: tempDir(),
      PORT: '0',
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'debug',
      // Only the signal reloads here: no watch of the folder.
      WATCH_LIBRARY: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const seen: Record<string, unknown>[] = [];
  const waiting: { message: string; resolve: (line: Record<string, unknown>) => void }[] = [];
  createInterface({ input: child.stdout }).on('line', (text) => {
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    seen.push(line);
    for (const w of waiting.splice(0)) {
      if (line['msg'] === w.message) w.resolve(line);
      else waiting.push(w);
    }
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) => {
      reject(new Error(`start:http exited (${String(code ?? signal)}):\n${stderr}`));
    }),
  );
  exited.catch(() => undefined);
  const logged = (message: string): Promise<Record<string, unknown>> => {
    const already = seen.find((l) => l['msg'] === message);
    if (already) return Promise.resolve(already);
    return Promise.race([
      new Promise<Record<string, unknown>>((resolve) => waiting.push({ message, resolve })),
      exited,
    ]);
  };
  return { child, logged };
}

describe('SIGHUP in the HTTP mode', () => {
  it('GIVEN start:http serving a library WHEN a document is added and the process gets SIGHUP THEN the index is rebuilt in a worker, and /healthz reports a new content hash and one more document', async () => {
    const data = join(tempDir(), 'data');
    cpSync(join(ROOT, 'data'), data, { recursive: true });
    const { child, logged } = startHttp(data);
    const listening = await logged('interactions endpoint listening');
    const healthz = async (): Promise<{ hash: string; documents: number }> => {
      const res = await fetch(`http://127.0.0.1:${String(listening['port'])}/healthz`);
      expect(res.status).toBe(200);
      return (await res.json()) as { hash: string; documents: number };
    };
    const before = await healthz();
    expect(before.hash).toMatch(/^[0-9a-f]{64}$/);

    writeFileSync(
      join(data, 'documents', 'extra-note.md'),
      readFileSync(join(ROOT, 'tests', 'fixtures', 'extra-document.md')),
    );
    child.kill('SIGHUP');
    const reloaded = await logged('library reloaded');
    const after = await healthz();

    expect(after.hash).not.toBe(before.hash);
    expect(after.hash).toBe(reloaded['hash']);
    expect(after.documents).toBe(before.documents + 1);
    // The stale index was built in the worker thread; the main thread only loaded the file it wrote.
    expect(await logged('index built in a worker')).toMatchObject({ hash: after.hash, rebuilt: true });
    expect(reloaded['rebuilt']).toBe(false);
    expect(child.exitCode).toBeNull();
  }, 30_000);
});
