import { commands } from '../commands/index.js';
import { attachHandlers, createClient } from './bot/client.js';
import { PostCooldown } from './bot/cooldown.js';
import { parseConfig } from './config.js';
import { createTranslations } from './i18n/index.js';
import { createLogger } from './logging.js';
import { libraryPaths } from './paths.js';
import { ReadingRoom } from './reading-room.js';
import { openStore } from './storage/store.js';

// `npm start`: parse the environment once, open the library (rebuilding a
// stale index), open storage, and connect to Discord.
const parsed = parseConfig(process.env);
if ('errors' in parsed) {
  process.stderr.write(
    `Configuration problems (see .env.example):\n${parsed.errors.map((e) => `  - ${e}`).join('\n')}\n`,
  );
  process.exit(1);
}
const { config } = parsed;
const log = createLogger(config.LOG_LEVEL);
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
if (config.DISCORD_TOKEN === undefined) {
  process.stderr.write(
    'No DISCORD_TOKEN is set, so the bot cannot connect to Discord.\n' +
      'Copy .env.example to .env, fill in DISCORD_TOKEN and DISCORD_APPLICATION_ID, and run `npm start` again.\n' +
      'The library works offline meanwhile: npm run cli -- search "Khojaly"\n',
  );
  process.exit(1);
}
const store = await openStore(config.STORAGE_URL, config.STATE_DIR, (key, issue) => {
  log.warn({ key, issue }, 'ignored a bad stored record');
});
const translations = await createTranslations();
const client = createClient(config.DISCORD_API_URL);
attachHandlers(client, commands, { room, translations, store, log, cooldown: new PostCooldown() });
client.once('clientReady', (c) => {
  log.info({ user: c.user.tag }, 'connected to Discord');
});
client.on('error', (error) => {
  log.error({ err: error }, 'client error');
});

const stop = async (signal: string): Promise<void> => {
  log.info({ signal }, 'shutting down');
  await client.destroy();
  await store.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
await client.login(config.DISCORD_TOKEN);
