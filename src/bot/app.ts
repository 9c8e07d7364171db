import type { Client } from 'discord.js';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { createTranslations } from '../i18n/index.js';
import { libraryPaths } from '../paths.js';
import { ReadingRoom } from '../reading-room.js';
import { openStore, type OpenStoreOptions } from '../storage/store.js';
import { attachHandlers, createClient } from './gateway/client.js';
import { registry } from './registry.js';
import type { BotContext } from './types.js';
import { PostCooldown } from './cooldown.js';

/** The bot, built and not yet connected. */
export interface Bot {
  readonly client: Client;
  readonly context: BotContext;
  /** Disconnects the client and closes storage. */
  readonly close: () => Promise<void>;
}

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
  const started = performance.now();
  const { room, report } = ReadingRoom.open(libraryPaths(config.DATA_DIR, config.STATE_DIR));
  for (const problem of report.problems) log.warn({ problem }, 'skipped a broken document');
  log.info(
    {
      documents: room.documents.length,
      passages: room.passageCount,
      rebuilt: report.rebuilt,
      ms: Math.round(performance.now() - started),
    },
    'library ready',
  );
  const store = await openStore(
    where.storageUrl,
    config.STATE_DIR,
    (key, issue) => {
      log.warn({ key, issue }, 'ignored a bad stored record');
    },
    where.store,
  );
  const translations = await createTranslations();
  const client = createClient(where.apiUrl);
  const context: BotContext = { room, translations, store, log, cooldown: new PostCooldown() };
  attachHandlers(client, registry, context);
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
      await client.destroy();
      await store.close();
    },
  };
}
