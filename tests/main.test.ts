import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './helpers.js';

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
  it('GIVEN no DISCORD_TOKEN WHEN the bot starts THEN it points to .env.example and exits non-zero', async () => {
    const error = await start({ STATE_DIR: tempDir(), LOG_LEVEL: 'silent' });
    expect(error?.code).toBe(1);
    expect(error?.stderr).toContain('.env.example');
    expect(error?.stderr).toContain('DISCORD_TOKEN');
  });

  it('GIVEN a malformed environment WHEN the bot starts THEN every problem is listed at once', async () => {
    const error = await start({ LOG_LEVEL: 'loud', STORAGE_URL: 'mysql://x' });
    expect(error?.code).toBe(1);
    expect(error?.stderr).toMatch(/STORAGE_URL[\s\S]*LOG_LEVEL|LOG_LEVEL[\s\S]*STORAGE_URL/);
  });
});
