import { execFileSync, spawn, type ChildProcessByStdio } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ComponentType,
  InteractionResponseType,
  InteractionType,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ROOT, tempDir } from '../helpers.js';
import {
  BOT_USER_ID,
  DiscordStandIn,
  GUILD_ID,
  interactionBase,
  messageJson,
} from '../../src/playground/discord/index.js';
import { callbackOf, idWith, PERMS, type Callback } from './harness.js';
import type { Exit } from './spawn.js';

// `npm run start:sharded` against the fake Discord: two shard processes under
// the ShardingManager, two servers that Discord's routing puts on different
// shards, and one store they share: PostgreSQL when POSTGRES_URL is set (as in
// CI, the README's third deployment), else SQLite under one state folder.

const POSTGRES = process.env['POSTGRES_URL'];
/** This run's own key prefix in the shared database. */
const NAMESPACE = `rr-sharded-${String(process.pid)}`;
const STORAGE = POSTGRES === undefined ? 'SQLite' : 'PostgreSQL';

/** (210000000000000001 >> 22) % 2 = 1, while the stand-in's own server is on shard 0. */
const OTHER_GUILD = '210000000000000001';
const READER = '630000000000000001';

let fake: DiscordStandIn;
let manager: ChildProcessByStdio<null, Readable, Readable>;
let exited: Promise<Exit>;
let stdout = '';
let stderr = '';
/** The manager's children, read while they run: the shard processes. */
let shardPids: number[] = [];

/** The shard processes the manager `pid` forked (its other child is tsx's esbuild service). */
function shardsOf(pid: number): number[] {
  return execFileSync('ps', ['-A', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .flatMap((m) => (m && Number(m[2]) === pid && m[3]?.includes('shard.ts') ? [Number(m[1])] : []));
}

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** An interaction built for the stand-in's server, moved to `guildId`. */
function inGuild(interaction: Record<string, unknown>, guildId: string): Record<string, unknown> {
  const channel = interaction['channel'] as Record<string, unknown>;
  return {
    ...interaction,
    guild_id: guildId,
    channel: { ...channel, guild_id: guildId },
    authorizing_integration_owners: { '0': guildId },
  };
}

/** Sends a reader's interaction of `guildId` through the fake and waits for its answer. */
function send(guildId: string, fields: Record<string, unknown>): Promise<{ body: Callback }> {
  const base = interactionBase({
    userId: READER,
    locale: 'en-US',
    permissions: PERMS.member,
    appPermissions: PERMS.bot,
  });
  fake.dispatchInteraction(inGuild({ ...base, ...fields }, guildId));
  return callbackOf(fake, { id: String(base['id']), token: String(base['token']) });
}

function search(guildId: string, query: string): Promise<{ body: Callback }> {
  return send(guildId, {
    type: InteractionType.ApplicationCommand,
    data: {
      id: '700000000000000009',
      name: 'search',
      type: ApplicationCommandType.ChatInput,
      options: [{ name: 'query', type: ApplicationCommandOptionType.String, value: query }],
    },
  });
}

function click(guildId: string, customId: string): Promise<{ body: Callback }> {
  return send(guildId, {
    type: InteractionType.MessageComponent,
    message: messageJson({ id: '800000000000000001', authorId: BOT_USER_ID, content: '', flags: 64 }),
    data: { custom_id: customId, component_type: ComponentType.Button },
  });
}

/** The log lines (pino JSON on stdout) of every process so far. */
const logLines = (): { shard?: unknown; msg?: unknown }[] =>
  stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { shard?: unknown; msg?: unknown });

beforeAll(async () => {
  fake = new DiscordStandIn({ guildIds: [GUILD_ID, OTHER_GUILD], shards: 2 });
  await fake.listen();
  const bothIdentified = new Promise<void>((resolve) => {
    fake.on('ready', () => {
      if (fake.identified.length === 2) resolve();
    });
  });
  manager = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'sharded', 'main.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
      DISCORD_TOKEN: 'fake-token',
      DISCORD_API_URL: fake.apiUrl,
      SHARD_COUNT: '2',
      STATE_DIR: tempDir(),
      LOG_LEVEL: 'info',
      WATCH_LIBRARY: 'false',
      ...(POSTGRES === undefined ? {} : { STORAGE_URL: POSTGRES, STORAGE_NAMESPACE: NAMESPACE }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  manager.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  manager.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  exited = new Promise<Exit>((resolve) =>
    manager.on('exit', (code, signal) => {
      resolve({ code, signal });
    }),
  );
  const early = await Promise.race([bothIdentified.then(() => null), exited]);
  if (early)
    throw new Error(
      `start:sharded exited before both shards identified (${JSON.stringify(early)}):\n${stderr}`,
    );
  shardPids = shardsOf(manager.pid ?? -1);
}, 60_000);

afterAll(async () => {
  // A failed assertion must leave no process running and no port open.
  if (manager.exitCode === null && manager.signalCode === null) manager.kill('SIGKILL');
  for (const pid of shardPids.filter(isRunning)) process.kill(pid, 'SIGKILL');
  await exited;
  await fake.close();
  if (POSTGRES !== undefined) {
    // The server is shared: leave no rows behind there.
    const { default: KeyvPostgres } = await import('@keyv/postgres');
    const pg = new KeyvPostgres({ uri: POSTGRES });
    // The shards' sessions were there: the shared store was PostgreSQL indeed.
    const rows = (await pg.query('DELETE FROM keyv WHERE starts_with(key, $1) RETURNING 1', [
      `${NAMESPACE}:`,
    ])) as unknown[];
    expect(rows.length).toBeGreaterThan(0);
    await pg.disconnect();
  }
});

describe(`npm run start:sharded against the fake Discord, storage on ${STORAGE}`, () => {
  it('GIVEN SHARD_COUNT=2 WHEN the manager starts THEN two shard processes identify as [0, 2] and [1, 2], each receiving its own server', () => {
    expect(shardPids).toHaveLength(2);
    expect([...fake.identified].sort(([a], [b]) => a - b)).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(fake.shardsOf(GUILD_ID)).toEqual([[0, 2]]);
    expect(fake.shardsOf(OTHER_GUILD)).toEqual([[1, 2]]);
  });

  it('GIVEN a server on each shard WHEN a member searches in each THEN each search is answered with a result list', async () => {
    for (const guild of [GUILD_ID, OTHER_GUILD]) {
      const reply = (await search(guild, 'Sumgait')).body;
      expect(reply.type).toBe(InteractionResponseType.ChannelMessageWithSource);
      expect(reply.data?.embeds?.length ?? 0).toBeGreaterThan(0);
      expect(reply.data?.allowed_mentions).toEqual({ parse: [] });
    }
  }, 20_000);

  it('GIVEN a result list from one shard WHEN its next button reaches the other shard THEN that shard finds the session in the shared store and shows the next page', async () => {
    for (const [searchedIn, clickedIn] of [
      [GUILD_ID, OTHER_GUILD],
      [OTHER_GUILD, GUILD_ID],
    ] as const) {
      const list = (await search(searchedIn, 'Sumgait')).body;
      const next = idWith(list, 'page', (id) => id.page === 1);
      const update = (await click(clickedIn, next)).body;
      expect(update.type).toBe(InteractionResponseType.UpdateMessage);
      expect(update.data?.embeds?.map((e) => e.title)).not.toEqual(list.data?.embeds?.map((e) => e.title));
    }
  }, 20_000);

  it('GIVEN both shards running WHEN the manager gets SIGHUP THEN every shard reloads its own library and the manager keeps running', async () => {
    manager.kill('SIGHUP');
    await vi.waitFor(
      () => {
        const reloaded = logLines().filter((l) => l.msg === 'library reloaded');
        expect(reloaded.map((l) => l.shard).sort()).toEqual(['0', '1']);
      },
      { timeout: 15_000, interval: 50 },
    );
    expect(manager.exitCode).toBeNull();
    expect((await search(OTHER_GUILD, 'Khojaly')).body.type).toBe(
      InteractionResponseType.ChannelMessageWithSource,
    );
  }, 20_000);

  it('GIVEN a shard process killed with SIGKILL WHEN the manager notices THEN it starts that shard again, no sooner than Discord’s IDENTIFY spacing, and its server is answered again', async () => {
    const [victim] = shardPids;
    if (victim === undefined) throw new Error('no shard process');
    const before = fake.identified.length;
    const killedAt = Date.now();
    process.kill(victim, 'SIGKILL');
    await vi.waitFor(
      () => {
        expect(fake.identified.length).toBe(before + 1);
      },
      { timeout: 25_000, interval: 100 },
    );
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(5_500);
    expect(logLines().some((l) => l.msg === 'shard exited; starting it again')).toBe(true);
    shardPids = shardsOf(manager.pid ?? -1);
    expect(shardPids).toHaveLength(2);
    expect(shardPids).not.toContain(victim);
    for (const guild of [GUILD_ID, OTHER_GUILD])
      expect((await search(guild, 'Sumgait')).body.type).toBe(
        InteractionResponseType.ChannelMessageWithSource,
      );
  }, 40_000);

  it('GIVEN both shards running WHEN the manager gets SIGTERM THEN it exits with 0 once every shard process has exited', async () => {
    manager.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(shardPids.filter(isRunning)).toEqual([]);
    await vi.waitFor(() => {
      expect(fake.connected).toBe(false);
    });
    expect(stderr).toBe('');
  }, 20_000);
});
