import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { ROOT } from '../helpers.js';
import { DiscordStandIn } from '../../src/playground/discord/index.js';

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A running `src/main.ts`, connected to its own fake Discord. */
export interface Bot {
  readonly fake: DiscordStandIn;
  readonly child: ChildProcessByStdio<null, null, Readable>;
  /** Resolves when the process has exited, with its code or signal. */
  readonly exited: Promise<Exit>;
  /** What the process wrote to stderr so far. */
  readonly stderr: () => string;
}

/** Bots started by {@link spawnBot}, for the caller's cleanup. */
export const started: Bot[] = [];

/** Kills what is still running and closes the fakes: for afterEach. */
export async function stopAll(): Promise<void> {
  // A failed assertion must not leave a bot running or a port open.
  for (const bot of started.splice(0)) {
    if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGKILL');
    await bot.exited;
    await bot.fake.close();
  }
}

/**
 * Starts the real entry point (as `npm start` does) against `stateDir` and a
 * fresh DiscordStandIn, and resolves once the bot has received READY. Each
 * process gets its own fake because `DiscordStandIn.ready` resolves only once.
 */
export async function spawnBot(stateDir: string): Promise<Bot> {
  const fake = new DiscordStandIn();
  await fake.listen();
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'main.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
      DISCORD_TOKEN: 'fake-token',
      DISCORD_API_URL: fake.apiUrl,
      STATE_DIR: stateDir,
      LOG_LEVEL: 'silent',
      // For start:sharded only; discord.js would read it here too and refuse 'auto'.
      SHARD_COUNT: 'auto',
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
