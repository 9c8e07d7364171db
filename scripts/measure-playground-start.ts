/**
 * `npx tsx scripts/measure-playground-start.ts [runs] [--cold]`: how long
 * `npm start` without a token takes, from the command to the `Playground:`
 * line, and to the first answer of a /search sent over the page's
 * WebSocket. `--cold` starts each run on a fresh state folder, so the index
 * is rebuilt as on a clean clone; otherwise the repository's state/ is used
 * (the playground's own storage file there). Not part of `npm test`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { ROOT } from '../src/paths.js';
import { CHANNEL_ID, USERS } from '../src/playground/discord/index.js';
import type { ServerEvent } from '../src/playground/protocol.js';

const args = process.argv.slice(2);
const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 3);
const cold = args.includes('--cold');

async function once(): Promise<{ address: number; answer: number }> {
  const stateDir = cold ? mkdtempSync(join(tmpdir(), 'playground-start-')) : null;
  const started = performance.now();
  // DISCORD_TOKEN set to empty: a .env cannot supply one (Node's --env-file never overrides).
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DISCORD_TOKEN: '',
      BROWSER: 'none',
      PLAYGROUND_PORT: '0',
      LOG_LEVEL: 'warn',
      ...(stateDir !== null ? { STATE_DIR: stateDir } : {}),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString('utf8');
        const m = /^Playground: (\S+)$/m.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      child.once('exit', (code) => {
        reject(new Error(`npm start exited with ${String(code)} before printing the address`));
      });
    });
    const address = performance.now() - started;
    await new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, { origin: url });
      ws.on('error', reject);
      ws.on('message', (data: Buffer) => {
        const e = JSON.parse(data.toString('utf8')) as ServerEvent;
        if (e.type === 'hello')
          ws.send(
            JSON.stringify({
              type: 'command',
              nonce: 'measure',
              userId: USERS[0]?.id,
              locale: 'en-US',
              channelId: CHANNEL_ID,
              name: 'search',
              options: [{ name: 'query', type: 3, value: 'Xocalı' }],
              display: '/search query:Xocalı',
            }),
          );
        else if (e.type === 'message' && (e.message.flags & 128) === 0 && e.message.embeds.length > 0) {
          ws.close();
          resolve();
        } else if (e.type === 'notice') reject(new Error(e.text));
      });
    });
    return { address, answer: performance.now() - started };
  } finally {
    if (child.pid !== undefined && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    }
    if (stateDir !== null) rmSync(stateDir, { recursive: true, force: true });
  }
}

const results: { address: number; answer: number }[] = [];
for (let i = 1; i <= runs; i++) {
  const r = await once();
  results.push(r);
  console.log(
    `run ${i}: address printed after ${Math.round(r.address)} ms, first /search answer after ${Math.round(r.answer)} ms`,
  );
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
console.log(
  `median of ${runs}${cold ? ' (cold: index rebuilt)' : ''}: address ${Math.round(median(results.map((r) => r.address)))} ms, ` +
    `first answer ${Math.round(median(results.map((r) => r.answer)))} ms`,
);
