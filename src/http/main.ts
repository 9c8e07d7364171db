import { REST } from 'discord.js';
import { registry } from '../bot/registry.js';
import { exitWithProblems, parseConfig } from '../config.js';
import { createLogger } from '../logging.js';
import { openContext } from '../bot/context.js';
import { reloadOnSignal, watchWanted } from '../core/library-holder.js';
import { libraryPaths } from '../paths.js';
import { createInteractionsServer } from './server.js';
import { publicKeyFromHex } from './verify.js';

// `npm run start:http`: the HTTP interactions endpoint. Parse the environment
// once and report every problem at once, the ones only this mode has included.
const env = process.env;
const parsed = parseConfig(env);
const missing = (['DISCORD_PUBLIC_KEY', 'DISCORD_TOKEN'] as const)
  .filter((name) => (env[name] ?? '').trim() === '')
  .map((name) => `${name}: required by the HTTP interactions mode`);
const problems = [...('errors' in parsed ? parsed.errors : []), ...missing];
if (problems.length > 0 || !('config' in parsed)) exitWithProblems(problems);
const { config } = parsed;
const log = createLogger(config.LOG_LEVEL);

const ctx = await openContext(config, log);
// SIGHUP, and in development a change in the documents folder, reload the library.
const unreload = reloadOnSignal(ctx.library, {
  documentsDir: libraryPaths(config.DATA_DIR, config.STATE_DIR).documentsDir,
  watch: watchWanted(env),
  log,
});
const rest = new REST({ api: config.DISCORD_API_URL }).setToken(config.DISCORD_TOKEN ?? '');
const endpoint = createInteractionsServer({
  registry,
  ctx,
  publicKey: publicKeyFromHex(config.DISCORD_PUBLIC_KEY ?? ''),
  rest,
});

let stopping = false;
const stop = async (signal: string): Promise<void> => {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down: finishing the requests in flight');
  unreload();
  await endpoint.close();
  // A store that cannot close cleanly (storage down) loses nothing: every
  // acknowledged write already landed. Still a clean stop.
  await ctx.store.close().catch((error: unknown) => {
    log.warn({ err: error }, 'storage did not close cleanly');
  });
  log.info('stopped');
  process.exit(0);
};
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));

try {
  const address = await endpoint.listen(config.PORT, config.HTTP_HOST);
  log.info({ host: address.address, port: address.port }, 'interactions endpoint listening');
} catch (error) {
  const busy = (error as { code?: unknown }).code === 'EADDRINUSE';
  log.fatal({ err: error }, busy ? 'the port is in use' : 'could not start');
  if (busy) process.stderr.write(`Port ${config.PORT} is in use. Set PORT to another port.\n`);
  await ctx.store.close();
  process.exit(1);
}
