import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import { reloadOnSignal, watchWanted } from '../../core/library-holder.js';
import { libraryPaths } from '../../paths.js';
import { buildBot } from '../app.js';

/** A gateway bot that is connected, and how to stop it. */
export interface Connected {
  readonly stop: () => Promise<void>;
}

/**
 * Builds the gateway bot and logs it in: `npm start` and each shard of
 * `npm run start:sharded`. SIGHUP, and in development a change in the
 * documents folder, reload the library; `stop` ends both and closes the bot.
 */
export async function connectGateway(config: Config, log: Logger, token: string): Promise<Connected> {
  const bot = await buildBot(config, log, { apiUrl: config.DISCORD_API_URL, storageUrl: config.STORAGE_URL });
  const library = bot.context.library;
  const unreload = library
    ? reloadOnSignal(library, {
        documentsDir: libraryPaths(config.DATA_DIR, config.STATE_DIR).documentsDir,
        watch: watchWanted(process.env),
        log,
      })
    : () => undefined;
  await bot.client.login(token);
  return {
    stop: async () => {
      unreload();
      await bot.close();
    },
  };
}
