import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ApplicationCommandType, InteractionType, PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers.js';
import { FakeDiscord, interactionBase } from './fake-discord.js';

let fake: FakeDiscord;
beforeAll(async () => {
  fake = new FakeDiscord();
  await fake.listen();
});
afterAll(async () => {
  await fake.close();
});

describe('npm start against the fake Discord', () => {
  it('GIVEN a token and DISCORD_API_URL WHEN the real entry point starts THEN it connects, answers /help, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'main.ts')], {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        DISCORD_TOKEN: 'fake-token',
        DISCORD_API_URL: fake.apiUrl,
        STATE_DIR: tempDir(),
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => {
        resolve(code);
      }),
    );
    await fake.ready;
    const base = interactionBase({
      userId: '600000000000000001',
      locale: 'ru',
      permissions: PermissionFlagsBits.SendMessages,
      appPermissions: PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks,
    });
    fake.dispatchInteraction({
      ...base,
      type: InteractionType.ApplicationCommand,
      data: { id: '700000000000000001', name: 'help', type: ApplicationCommandType.ChatInput, options: [] },
    });
    const callback = await fake.next((r) => r.path.endsWith('/callback'));
    expect((callback.body as { type: number }).type).toBe(4);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  });
});
