import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './helpers.js';

const run = promisify(execFile);

describe('npm start', () => {
  it('GIVEN no DISCORD_TOKEN WHEN the bot starts THEN it points to .env.example and exits non-zero', async () => {
    const env = { PATH: process.env['PATH'] ?? '', STATE_DIR: tempDir(), LOG_LEVEL: 'silent' };
    const error = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'main.ts')], {
      env,
      cwd: ROOT,
    }).then(
      () => null,
      (e: unknown) => e as { code: number; stderr: string },
    );
    expect(error?.code).toBe(1);
    expect(error?.stderr).toContain('.env.example');
    expect(error?.stderr).toContain('DISCORD_TOKEN');
  });

  it('GIVEN a malformed environment WHEN the bot starts THEN every problem is listed at once', async () => {
    const env = { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'loud', STORAGE_URL: 'mysql://x' };
    const error = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'main.ts')], {
      env,
      cwd: ROOT,
    }).then(
      () => null,
      (e: unknown) => e as { code: number; stderr: string },
    );
    expect(error?.code).toBe(1);
    expect(error?.stderr).toMatch(/STORAGE_URL[\s\S]*LOG_LEVEL|LOG_LEVEL[\s\S]*STORAGE_URL/);
  });
});
