import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CHANNEL_ID, USERS } from '../src/playground/discord/index.js';
import { ROOT, tempDir } from './helpers.js';
import { PageClient } from './playground-helpers.js';

const run = promisify(execFile);

/** Starts `src/main.ts` as `npm start` does, with only the given environment; returns its failure. */
function start(env: Record<string, string>): Promise<{ code: number; stderr: string } | null> {
  return run(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'main.ts')], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    cwd: ROOT,
  }).then(
    () => null,
    (e: unknown) => e as { code: number; stderr: string },
  );
}

describe('npm start', () => {
  it.each([
    ['no DISCORD_TOKEN', 'SIGTERM', {}, []],
    ['a token and --playground', 'SIGINT', { DISCORD_TOKEN: 'not-a-real-token' }, ['--playground']],
  ] as const)(
    'GIVEN %s WHEN the bot starts THEN it prints the playground address once, answers a command through the stand-in, keeps its own storage file, and stops on %s with exit 0',
    async (_given, signal, env, args) => {
      const stateDir = tempDir();
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'main.ts'), ...args], {
        cwd: ROOT,
        env: {
          ...env,
          PATH: process.env['PATH'] ?? '',
          STATE_DIR: stateDir,
          PLAYGROUND_PORT: '0',
          BROWSER: 'none',
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
        child.on('exit', (code, signal) => {
          resolve({ code, signal });
        }),
      );
      try {
        const url = await new Promise<string>((resolve, reject) => {
          child.stdout.on('data', (d: Buffer) => {
            stdout += d.toString('utf8');
            const line = /^Playground: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout);
            if (line?.[1]) resolve(line[1]);
          });
          void exited.then((e) => {
            reject(new Error(`exited before printing the address (${JSON.stringify(e)}):\n${stderr}`));
          });
        });
        const { page, hello } = await PageClient.open(url);
        expect(hello.commands.map((c) => c.name)).toContain('help');
        page.send({
          type: 'command',
          nonce: 'help-1',
          userId: USERS[0]?.id,
          locale: 'ru',
          channelId: CHANNEL_ID,
          name: 'help',
          options: [],
          display: '/help',
        });
        const answer = await page.next('message', (e) => e.message.interaction?.command === '/help');
        expect(answer.message.author.bot).toBe(true);
        expect(answer.message.embeds.length + answer.message.content.length).toBeGreaterThan(0);
        page.close();
        child.kill(signal);
        expect(await exited).toEqual({ code: 0, signal: null });
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
      const lines = stdout.split('\n').filter((l) => l !== '');
      expect(lines.filter((l) => l.startsWith('Playground:'))).toHaveLength(1);
      // Every other line is a log line below warning level.
      for (const l of lines.filter((x) => !x.startsWith('Playground:')))
        expect((JSON.parse(l) as { level: number }).level).toBeLessThan(40);
      expect(stderr).toBe('');
      expect(existsSync(join(stateDir, 'playground.sqlite'))).toBe(true);
      expect(existsSync(join(stateDir, 'reading-room.sqlite'))).toBe(false);
    },
    60_000,
  );

  it('GIVEN the playground port taken by another program WHEN the bot starts THEN it says to change PLAYGROUND_PORT and exits non-zero', async () => {
    const other = createServer();
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const port = String((other.address() as AddressInfo).port);
      const error = await start({
        STATE_DIR: tempDir(),
        PLAYGROUND_PORT: port,
        LOG_LEVEL: 'silent',
        BROWSER: 'none',
      });
      expect(error?.code).toBe(1);
      expect(error?.stderr).toContain(`Port ${port} is in use`);
      expect(error?.stderr).toContain('PLAYGROUND_PORT');
    } finally {
      other.close();
    }
  });

  it('GIVEN a malformed environment WHEN the bot starts THEN every problem is listed at once', async () => {
    const error = await start({ LOG_LEVEL: 'loud', STORAGE_URL: 'mysql://x' });
    expect(error?.code).toBe(1);
    expect(error?.stderr).toMatch(/STORAGE_URL[\s\S]*LOG_LEVEL|LOG_LEVEL[\s\S]*STORAGE_URL/);
  });
});
