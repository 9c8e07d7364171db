import {
  ApplicationCommandType,
  InteractionResponseType,
  InteractionType,
  PermissionFlagsBits,
} from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { interactionBase } from '../../src/playground/discord/index.js';
import { spawnBot, stopAll } from './spawn.js';

afterEach(stopAll);

describe('npm start against the fake Discord', () => {
  it('GIVEN a token and DISCORD_API_URL WHEN the real entry point starts THEN it connects, answers /help, and stops cleanly on SIGTERM', async () => {
    const { fake, child, exited, stderr } = await spawnBot(tempDir());
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
    expect((callback.body as { type: number }).type).toBe(InteractionResponseType.ChannelMessageWithSource);
    child.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(stderr()).toBe('');
  }, 60_000);
});
