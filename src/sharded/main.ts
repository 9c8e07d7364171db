import { fileURLToPath } from 'node:url';
import { exitWithProblems } from '../config.js';
import { createLogger } from '../logging.js';
import { parseShardedConfig } from './config.js';
import { startShards } from './manager.js';

// `npm run start:sharded`: the gateway bot split over SHARD_COUNT processes,
// one per shard, under discord.js's ShardingManager. The environment is
// checked once here, every problem listed at once, before any shard starts.
const parsed = parseShardedConfig(process.env);
if ('errors' in parsed) exitWithProblems(parsed.errors);
const { sharded } = parsed;
const log = createLogger(sharded.config.LOG_LEVEL).child({ shard: 'manager' });

const shards = startShards(sharded, log, {
  file: fileURLToPath(new URL('./shard.ts', import.meta.url)),
  // The shards are TypeScript too; resolved here so that they start from any working directory.
  execArgv: ['--import', import.meta.resolve('tsx')],
  // Called only after a shard died, by when `failed` below is defined.
  onGiveUp: (error) => void failed(error),
});

let stopping = false;
const stop = async (signal: string): Promise<void> => {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down every shard');
  await shards.stop();
  process.exit(0);
};
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
// Each shard reloads its own library; without this handler SIGHUP would end the manager.
process.on('SIGHUP', () => {
  log.info({ signal: 'SIGHUP' }, 'reloading the library of every shard');
  shards.reload();
});

const failed = async (error: unknown): Promise<void> => {
  // Stopping kills shards that were still starting: that is no failure.
  if (stopping) return;
  stopping = true;
  log.fatal({ err: error }, 'the shards could not start, or one kept exiting');
  await shards.stop();
  process.exit(1);
};
await shards.ready.then(() => {
  log.info('every shard is connected');
}, failed);
