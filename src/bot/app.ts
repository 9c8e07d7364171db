import type { Client } from 'discord.js';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { OpenStoreOptions } from '../storage/store.js';
import { openContext } from './context.js';
import { attachHandlers, createClient } from './gateway/client.js';
import { registry } from './registry.js';
import type { BotContext } from './types.js';

/** The bot, built and not yet connected. */
export interface Bot {
  readonly client: Client;
  readonly context: BotContext;
  /** Disconnects the client and closes storage. */
  readonly close: () => Promise<void>;
}

/** How long closing waits for the interactions still being answered. */
export const DRAIN_MS = 8000;

/**
 * Builds the bot the same way for Discord and for the playground: opens the
 * library (rebuilding a stale index), storage and the translations, and
 * attaches every command to a discord.js client whose REST goes to `apiUrl`.
 */
export async function buildBot(
  config: Config,
  log: Logger,
  where: {
    readonly apiUrl: string;
    readonly storageUrl: string | undefined;
    readonly store?: OpenStoreOptions;
  },
): Promise<Bot> {
  const context = await openContext(config, log, where);
  const { store } = context;
  const client = createClient(where.apiUrl);
  const inFlight = attachHandlers(client, registry, context);
  client.once('clientReady', (c) => {
    log.info({ user: c.user.tag }, 'connected to Discord');
  });
  client.on('error', (error) => {
    log.error({ err: error }, 'client error');
  });
  return {
    client,
    context,
    close: async () => {
      // Interactions already taken are answered first (a pin posted is also
      // pinned and logged), within a bound below the shard manager's grace.
      await inFlight.drain(DRAIN_MS);
      await client.destroy();
      await store.close();
    },
  };
}
