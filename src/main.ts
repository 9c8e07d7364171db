import { buildBot } from './bot/app.js';
import { parseConfig, type Config } from './config.js';
import { reloadOnSignal, watchWanted } from './core/library-holder.js';
import { libraryPaths } from './paths.js';
import { createLogger } from './logging.js';
import { startPlayground } from './playground/start.js';
import type { Logger } from 'pino';

// `npm start`: parse the environment once, then connect the bot to Discord;
// without a token (or with --playground), run it in the local playground.
const parsed = parseConfig(process.env);
if ('errors' in parsed) {
  process.stderr.write(
    `Configuration problems (see .env.example):\n${parsed.errors.map((e) => `  - ${e}`).join('\n')}\n`,
  );
  process.exit(1);
}
const { config } = parsed;
const log = createLogger(config.LOG_LEVEL);
// --playground (npm run playground) plays even with a token set.
const token = process.argv.slice(2).includes('--playground') ? undefined : config.DISCORD_TOKEN;

async function connect(config: Config, log: Logger, token: string): Promise<{ stop: () => Promise<void> }> {
  const bot = await buildBot(config, log, { apiUrl: config.DISCORD_API_URL, storageUrl: config.STORAGE_URL });
  // SIGHUP, and in development a change in the documents folder, reload the library.
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

const running = token === undefined ? startPlayground(config, log) : connect(config, log, token);
const stop = async (signal: string): Promise<void> => {
  log.info({ signal }, 'shutting down');
  await (await running.catch(() => null))?.stop();
  process.exit(0);
};
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
try {
  await running;
} catch (error) {
  const busy = (error as { code?: unknown }).code === 'EADDRINUSE';
  log.fatal({ err: error }, busy ? 'the playground port is in use' : 'could not start');
  if (busy)
    process.stderr.write(
      `Port ${config.PLAYGROUND_PORT} is in use. Set PLAYGROUND_PORT to another port, or to 0 for any free one.\n`,
    );
  process.exit(1);
}
