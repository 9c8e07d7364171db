import { join } from 'node:path';
import type { Logger } from 'pino';
import { buildBot } from '../bot/app.js';
import { deployCommands } from '../bot/deploy.js';
import type { Config } from '../config.js';
import { APPLICATION_ID, DiscordStandIn } from './discord/index.js';
import { openBrowser, shouldOpenBrowser } from './open-browser.js';
import { PlaygroundServer } from './server.js';

/** The running playground: the stand-in, the bot connected to it, and the page server. */
export interface Playground {
  readonly url: string;
  readonly standIn: DiscordStandIn;
  readonly server: PlaygroundServer;
  /** Stops the page server, the bot and the stand-in, in that order. */
  readonly stop: () => Promise<void>;
}

/** The playground's own storage: `STORAGE_URL` when set, else a SQLite file of its own under STATE_DIR. */
export function playgroundStorage(config: Pick<Config, 'STORAGE_URL' | 'STATE_DIR'>): string {
  return config.STORAGE_URL ?? `sqlite://${join(config.STATE_DIR, 'playground.sqlite')}`;
}

/** The token the bot presents to the stand-in, which accepts any. */
const STAND_IN_TOKEN = 'playground';

/**
 * `npm start` without a token (or with --playground): starts the Discord
 * stand-in, the bot's real discord.js client connected to it, registers the
 * commands as `deploy-commands` does, and serves the page on
 * PLAYGROUND_PORT. Prints `Playground: <address>` once everything answers,
 * and opens it in the browser for a person at a terminal.
 */
export async function startPlayground(
  config: Config,
  log: Logger,
  {
    print = (line) => {
      process.stdout.write(`${line}\n`);
    },
    tty = process.stdout.isTTY,
  }: {
    /** Where the address line goes; standard output by default. */
    readonly print?: (line: string) => void;
    /** Whether a person is at the terminal (then the browser opens); standard output's by default. */
    readonly tty?: boolean;
  } = {},
): Promise<Playground> {
  const standIn = new DiscordStandIn();
  await standIn.listen();
  const server = new PlaygroundServer({ standIn, log: log.child({ part: 'playground' }) });
  try {
    // The port first: a busy one fails before the library is loaded.
    await server.listen(config.PLAYGROUND_PORT);
  } catch (error) {
    await standIn.close();
    throw error;
  }
  const stopServers = async (): Promise<void> => {
    await server.close();
    await standIn.close();
  };
  let bot: Awaited<ReturnType<typeof buildBot>>;
  try {
    // A shared STORAGE_URL gets a namespace of its own: playing never touches a real bot's records.
    bot = await buildBot(config, log, {
      apiUrl: standIn.apiUrl,
      storageUrl: playgroundStorage(config),
      ...(config.STORAGE_URL !== undefined ? { store: { namespace: 'reading-room-playground' } } : {}),
    });
  } catch (error) {
    await stopServers();
    throw error;
  }
  try {
    await bot.client.login(STAND_IN_TOKEN);
    await standIn.ready;
    await deployCommands(bot.client.rest, APPLICATION_ID);
  } catch (error) {
    await bot.close();
    await stopServers();
    throw error;
  }
  print(`Playground: ${server.url}`);
  if (shouldOpenBrowser(config, tty)) openBrowser(server.url);
  return {
    url: server.url,
    standIn,
    server,
    stop: async () => {
      await server.close();
      await bot.close();
      await standIn.close();
    },
  };
}
