import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { createTranslations } from '../i18n/index.js';
import { libraryPaths } from '../paths.js';
import { ReadingRoom } from '../reading-room.js';
import { openStore, type OpenStoreOptions } from '../storage/store.js';
import { PostCooldown } from './cooldown.js';
import type { BotContext } from './types.js';

/**
 * What every transport's handlers use, built one way for the gateway, the
 * playground and the HTTP mode: the library (a stale index rebuilt, broken
 * documents reported and left out), storage and the translations.
 */
export async function openContext(
  config: Config,
  log: Logger,
  where: { readonly storageUrl: string | undefined; readonly store?: OpenStoreOptions } = {
    storageUrl: config.STORAGE_URL,
  },
): Promise<BotContext> {
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
  return { room, translations, store, log, cooldown: new PostCooldown() };
}
