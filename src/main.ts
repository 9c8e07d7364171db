import { pino } from 'pino';
import { parseConfig } from './config.js';
import { libraryPaths } from './paths.js';
import { ReadingRoom } from './reading-room.js';

// `npm start`: parse the environment, open the library (rebuilding a stale
// index), then run the bot. The Discord client arrives with the bot issue;
// until a token is configured there is nothing to connect, so say how to
// configure one instead of failing obscurely.
const parsed = parseConfig(process.env);
if ('errors' in parsed) {
  process.stderr.write(
    `Configuration problems (see .env.example):\n${parsed.errors.map((e) => `  - ${e}`).join('\n')}\n`,
  );
  process.exit(1);
}
const { config } = parsed;
const log = pino({ level: config.LOG_LEVEL, redact: ['config.DISCORD_TOKEN', 'token'] });
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
log.error('the Discord client is not part of this build yet');
process.exit(1);
