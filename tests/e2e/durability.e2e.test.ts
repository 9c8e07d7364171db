import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ApplicationCommandOptionType, MessageFlags } from 'discord.js';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/storage/store.js';
import { tempDir } from '../helpers.js';
import {
  APPLICATION_ID,
  CHANNEL_ID,
  type DiscordStandIn,
  GUILD_ID,
  type RecordedRequest,
} from '../../src/playground/discord/index.js';
import { dispatchSlash, PERMS } from './harness.js';
import { spawnBot, stopAll } from './spawn.js';

// Durability: once the user has been told a write succeeded, it survives the
// bot being killed outright (SIGKILL: no shutdown hook, no close, no flush).

const MODERATOR = '610000000000000101';
/** The SQLite file openStore(undefined, stateDir) uses. */
const dbFile = (stateDir: string): string => join(stateDir, 'reading-room.sqlite');

const stateDirs: string[] = [];

afterEach(stopAll);

afterAll(() => {
  for (const dir of stateDirs) rmSync(dir, { recursive: true, force: true });
});

/** Sends /pin from a moderator; returns the interaction's id and token. */
const pinCommand = (fake: DiscordStandIn, citation: string, note: string): { id: string; token: string } =>
  dispatchSlash(
    fake,
    'pin',
    [
      { name: 'citation', type: ApplicationCommandOptionType.String, value: citation },
      { name: 'note', type: ApplicationCommandOptionType.String, value: note },
    ],
    { userId: MODERATOR, permissions: PERMS.moderator },
  );

const pinRequests = (fake: DiscordStandIn): RecordedRequest[] =>
  fake.requests.filter((r) => r.method === 'PUT' && /^\/channels\/\d+\/messages\/pins\/\d+$/.test(r.path));

/** The text of a webhook message (follow-up) or of an interaction callback. */
function content(r: RecordedRequest): string | undefined {
  const body = r.body as { content?: string; data?: { content?: string } } | null;
  return body?.content ?? body?.data?.content;
}

describe('durability of acknowledged writes', () => {
  it('GIVEN a pin the moderator was told succeeded WHEN the bot is killed with SIGKILL at that instant and restarted on the same state folder THEN the pin log has the record and the bot answers "already pinned" without pinning again', async () => {
    const stateDir = tempDir();
    stateDirs.push(stateDir);
    const citation = 'khojaly-1992:2';
    const note = 'For the anniversary';

    // GIVEN the real bot, running on a fresh state folder.
    const first = await spawnBot(stateDir);

    // WHEN a moderator pins a passage, and the bot is killed the instant the
    // private "Pinned …" follow-up (sent after the pin was logged) reaches Discord.
    const { token } = pinCommand(first.fake, citation, note);
    const acknowledged = await first.fake.next(
      (r) => r.method === 'POST' && r.path === `/webhooks/${APPLICATION_ID}/${token}`,
    );
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(content(acknowledged)).toBe(`Pinned ${citation}.`);
    expect(first.stderr()).toBe('');
    const pins = pinRequests(first.fake);
    expect(pins).toHaveLength(1);
    const [, , channelId, , , messageId] = pins[0]?.path.split('/') ?? [];
    expect(channelId).toBe(CHANNEL_ID);
    expect(messageId).toMatch(/^\d+$/);

    // THEN the database is in WAL mode (header bytes 18–19 are 2) and the
    // killed process left its write-ahead log behind, uncheckpointed.
    const header = readFileSync(dbFile(stateDir)).subarray(18, 20);
    expect([...header]).toEqual([2, 2]);
    expect(existsSync(`${dbFile(stateDir)}-wal`)).toBe(true);

    // THEN (a) the pin log, read directly, holds the record as acknowledged.
    const store = await openStore(undefined, stateDir);
    try {
      expect(await store.pins.list(GUILD_ID)).toEqual([
        {
          v: 1,
          guildId: GUILD_ID,
          channelId: CHANNEL_ID,
          messageId,
          citation,
          pinnedBy: MODERATOR,
          pinnedAt: expect.any(Number) as number,
          note,
          removedBy: null,
          removedAt: null,
        },
      ]);
    } finally {
      await store.close();
    }

    // THEN (b) a restarted bot on the same folder knows about the pin: the
    // same /pin is refused privately with a link to the original message,
    // and Discord is not asked to pin anything.
    const second = await spawnBot(stateDir);
    const again = pinCommand(second.fake, citation, note);
    const reply = await second.fake.next(
      (r) => r.method === 'POST' && r.path === `/webhooks/${APPLICATION_ID}/${again.token}`,
    );
    expect(content(reply)).toBe(
      `${citation} is already pinned in this channel: https://discord.com/channels/${GUILD_ID}/${CHANNEL_ID}/${messageId}`,
    );
    expect(((reply.body as { flags?: number }).flags ?? 0) & MessageFlags.Ephemeral).toBe(
      MessageFlags.Ephemeral,
    );
    expect(pinRequests(second.fake)).toEqual([]);
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(second.stderr()).toBe('');

    // …and still exactly one record in the log.
    const after = await openStore(undefined, stateDir);
    try {
      expect((await after.pins.list(GUILD_ID)).map((p) => p.messageId)).toEqual([messageId]);
    } finally {
      await after.close();
    }
  }, 60_000);

  it('GIVEN a notebook entry the member was told was added WHEN the bot is killed with SIGKILL at that instant THEN the notebook has it after a restart', async () => {
    const stateDir = tempDir();
    stateDirs.push(stateDir);
    const bot = await spawnBot(stateDir);
    const add = dispatchSlash(
      bot.fake,
      'notebook',
      [
        { name: 'citation', type: ApplicationCommandOptionType.String, value: 'sumgait-1988:3' },
        { name: 'note', type: ApplicationCommandOptionType.String, value: 'for Thursday' },
      ],
      { userId: MODERATOR, permissions: PERMS.moderator, sub: 'add' },
    );
    const acknowledged = await bot.fake.next(
      (r) => r.path === `/interactions/${add.id}/${add.token}/callback`,
    );
    bot.child.kill('SIGKILL');
    expect(await bot.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(content(acknowledged)).toBe("Added sumgait-1988:3 to this channel's notebook (1 entry).");

    const store = await openStore(undefined, stateDir);
    try {
      expect(await store.notebooks.list(`${GUILD_ID}:${CHANNEL_ID}`)).toEqual([
        {
          citation: 'sumgait-1988:3',
          addedBy: MODERATOR,
          addedAt: expect.any(Number) as number,
          note: 'for Thursday',
        },
      ]);
    } finally {
      await store.close();
    }
  }, 60_000);
});
