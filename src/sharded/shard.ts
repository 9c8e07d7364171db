import { connectGateway } from '../bot/gateway/connect.js';
import { parseConfig } from '../config.js';
import { createLogger } from '../logging.js';

// One shard of `npm run start:sharded`: the ordinary gateway bot, forked by
// the ShardingManager (src/sharded/main.ts). The manager puts SHARDS,
// SHARD_COUNT and DISCORD_TOKEN in the environment; the discord.js Client
// reads the first two by itself and identifies as that shard. Storage is
// shared by every shard (the same STATE_DIR or STORAGE_URL), so a button can
// be answered by whichever shard receives the click.

const parsed = parseConfig(process.env);
if ('errors' in parsed) {
  process.stderr.write(`Shard configuration problems:\n${parsed.errors.map((e) => `  - ${e}`).join('\n')}\n`);
  process.exit(1);
}
const { config } = parsed;
const log = createLogger(config.LOG_LEVEL).child({ shard: process.env['SHARDS'] ?? null });
const token = config.DISCORD_TOKEN;
if (token === undefined) {
  process.stderr.write('A shard needs DISCORD_TOKEN (npm run start:sharded passes it on).\n');
  process.exit(1);
}

const running = connectGateway(config, log, token);

let stopping = false;
const stop = async (why: string): Promise<void> => {
  if (stopping) return;
  stopping = true;
  log.info({ why }, 'shard shutting down');
  await (await running.catch(() => null))?.stop();
  process.exit(0);
};
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
// The manager is gone (killed outright): no shard stays connected without it.
process.once('disconnect', () => void stop('manager gone'));
try {
  await running;
} catch (error) {
  log.fatal({ err: error }, 'the shard could not start');
  process.exit(1);
}
