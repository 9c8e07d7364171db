import { connectGateway } from './bot/gateway/connect.js';
import { exitWithProblems, parseConfig } from './config.js';
import { createLogger } from './logging.js';
import { startPlayground } from './playground/start.js';

// `npm start`: parse the environment once, then connect the bot to Discord;
// without a token (or with --playground), run it in the local playground.
const parsed = parseConfig(process.env);
if ('errors' in parsed) exitWithProblems(parsed.errors);
const { config } = parsed;
const log = createLogger(config.LOG_LEVEL);
// discord.js's Client reads SHARD_COUNT (and SHARDS) from the environment by
// itself; they are for `npm run start:sharded`, whose manager sets them for
// its children. Here, one process is one whole bot.
delete process.env['SHARD_COUNT'];
delete process.env['SHARDS'];
// --playground (npm run playground) plays even with a token set.
const token = process.argv.slice(2).includes('--playground') ? undefined : config.DISCORD_TOKEN;

const running = token === undefined ? startPlayground(config, log) : connectGateway(config, log, token);
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
