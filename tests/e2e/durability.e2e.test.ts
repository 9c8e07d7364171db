import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionType,
  PermissionFlagsBits,
} from 'discord.js';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/storage/store.js';
import { ROOT, tempDir } from '../helpers.js';
import {
  APPLICATION_ID,
  CHANNEL_ID,
  FakeDiscord,
  GUILD_ID,
  interactionBase,
  type RecordedRequest,
} from './fake-discord.js';

// Durability: once the user has been told a write succeeded, it survives the
// bot being killed outright (SIGKILL: no shutdown hook, no close, no flush).

const MODERATOR = '610000000000000101';
const MOD =
  PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel | PermissionFlagsBits.PinMessages;
const BOT =
  PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.PinMessages;
/** The SQLite file openStore(undefined, stateDir) uses. */
const dbFile = (stateDir: string): string => join(stateDir, 'reading-room.sqlite');

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A running `src/main.ts`, connected to its own fake Discord. */
interface Bot {
  readonly fake: FakeDiscord;
  readonly child: ChildProcessByStdio<null, null, Readable>;
  /** Resolves when the process has exited, with its code or signal. */
  readonly exited: Promise<Exit>;
  /** What the process wrote to stderr so far. */
  readonly stderr: () => string;
}

const started: Bot[] = [];
const stateDirs: string[] = [];

afterEach(async () => {
  // A failed assertion must not leave a bot running or a port open.
  for (const bot of started.splice(0)) {
    if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGKILL');
    await bot.exited;
    await bot.fake.close();
  }
});

afterAll(() => {
  for (const dir of stateDirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * Starts the real entry point (as `npm start` does) against `stateDir` and a
 * fresh FakeDiscord, and resolves once the bot has received READY. Each
 * process gets its own fake because `FakeDiscord.ready` resolves only once.
 */
async function startBot(stateDir: string): Promise<Bot> {
  const fake = new FakeDiscord();
  await fake.listen();
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'main.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
      DISCORD_TOKEN: 'fake-token',
      DISCORD_API_URL: fake.apiUrl,
      STATE_DIR: stateDir,
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const exited = new Promise<Exit>((resolve) =>
    child.on('exit', (code, signal) => {
      resolve({ code, signal });
    }),
  );
  const bot: Bot = { fake, child, exited, stderr: () => stderr };
  started.push(bot);
  // Fail at once, with the reason, if the bot dies before connecting.
  const early = await Promise.race([fake.ready.then(() => null), exited]);
  if (early) throw new Error(`the bot exited before READY (${JSON.stringify(early)}):\n${stderr}`);
  return bot;
}

/** Sends /pin from a moderator; returns the interaction's id and token. */
function pinCommand(fake: FakeDiscord, citation: string, note: string): { id: string; token: string } {
  const base = interactionBase({ userId: MODERATOR, locale: 'en-US', permissions: MOD, appPermissions: BOT });
  fake.dispatchInteraction({
    ...base,
    type: InteractionType.ApplicationCommand,
    data: {
      id: '700000000000000005',
      name: 'pin',
      type: ApplicationCommandType.ChatInput,
      options: [
        { name: 'citation', type: ApplicationCommandOptionType.String, value: citation },
        { name: 'note', type: ApplicationCommandOptionType.String, value: note },
      ],
    },
  });
  return { id: String(base['id']), token: String(base['token']) };
}

const pinRequests = (fake: FakeDiscord): RecordedRequest[] =>
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
    const first = await startBot(stateDir);

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
      expect(await store.pins(GUILD_ID)).toEqual([
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
    const second = await startBot(stateDir);
    const again = pinCommand(second.fake, citation, note);
    const reply = await second.fake.next(
      (r) => r.method === 'POST' && r.path === `/webhooks/${APPLICATION_ID}/${again.token}`,
    );
    expect(content(reply)).toBe(
      `${citation} is already pinned in this channel: https://discord.com/channels/${GUILD_ID}/${CHANNEL_ID}/${messageId}`,
    );
    expect(((reply.body as { flags?: number }).flags ?? 0) & 64).toBe(64);
    expect(pinRequests(second.fake)).toEqual([]);
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(second.stderr()).toBe('');

    // …and still exactly one record in the log.
    const after = await openStore(undefined, stateDir);
    try {
      expect((await after.pins(GUILD_ID)).map((p) => p.messageId)).toEqual([messageId]);
    } finally {
      await after.close();
    }
  }, 60_000);

  it('GIVEN a notebook entry the member was told was added WHEN the bot is killed with SIGKILL at that instant THEN the notebook has it after a restart', async () => {
    const stateDir = tempDir();
    stateDirs.push(stateDir);
    const bot = await startBot(stateDir);
    const base = interactionBase({
      userId: MODERATOR,
      locale: 'en-US',
      permissions: MOD,
      appPermissions: BOT,
    });
    bot.fake.dispatchInteraction({
      ...base,
      type: InteractionType.ApplicationCommand,
      data: {
        id: '700000000000000010',
        name: 'notebook',
        type: ApplicationCommandType.ChatInput,
        options: [
          {
            name: 'add',
            type: ApplicationCommandOptionType.Subcommand,
            options: [
              { name: 'citation', type: ApplicationCommandOptionType.String, value: 'sumgait-1988:3' },
              { name: 'note', type: ApplicationCommandOptionType.String, value: 'for Thursday' },
            ],
          },
        ],
      },
    });
    const acknowledged = await bot.fake.next(
      (r) => r.path === `/interactions/${String(base['id'])}/${String(base['token'])}/callback`,
    );
    bot.child.kill('SIGKILL');
    expect(await bot.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(content(acknowledged)).toBe("Added sumgait-1988:3 to this channel's notebook (1 entry).");

    const store = await openStore(undefined, stateDir);
    try {
      expect(await store.notebook(`${GUILD_ID}:${CHANNEL_ID}`)).toEqual([
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
