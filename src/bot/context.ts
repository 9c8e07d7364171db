import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { createTranslations } from '../i18n/index.js';
import { buildInBackground } from '../core/background-build.js';
import { LibraryHolder } from '../core/library-holder.js';
import { libraryPaths } from '../paths.js';
import { ReadingRoom } from '../reading-room.js';
import { openStore, type OpenStoreOptions } from '../storage/store.js';
import { PostCooldown } from './cooldown.js';
import type { BotContext } from './types.js';

/**
 * What every transport's handlers use, built one way for the gateway, the
 * playground and the HTTP mode: the library (a stale index rebuilt, broken
 * documents reported and left out) in a {@link LibraryHolder} that can
 * reload it, storage and the translations.
 */
export async function openContext(
  config: Config,
  log: Logger,
  where: { readonly storageUrl: string | undefined; readonly store?: OpenStoreOptions } = {
    storageUrl: config.STORAGE_URL,
  },
): Promise<BotContext & { readonly library: LibraryHolder }> {
  const started = performance.now();
  const paths = libraryPaths(config.DATA_DIR, config.STATE_DIR);
  const opened = ReadingRoom.open(paths);
  const { room, report } = opened;
  for (const problem of report.problems) log.warn({ problem }, 'skipped a broken document');
  log.info(
    {
      documents: room.documents.length,
      passages: room.passageCount,
      rebuilt: report.rebuilt,
      hash: report.hash,
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
    { namespace: config.STORAGE_NAMESPACE, ...where.store },
  );
  const translations = await createTranslations();
  // SIGHUP (and a watch of the documents folder) reload it: see reloadOnSignal.
  // A stale index is rebuilt in a worker thread, which writes the index file;
  // this thread then only loads it. If the worker cannot run, this thread builds.
  const reopen = async (): Promise<ReturnType<typeof ReadingRoom.open>> => {
    try {
      const built = await buildInBackground(paths);
      if (built.ok) log.debug({ hash: built.hash, rebuilt: built.rebuilt }, 'index built in a worker');
      else log.warn({ reason: built.reason }, 'the index worker could not open the library');
    } catch (error) {
      log.warn({ err: error }, 'the index worker did not run; building on the main thread');
    }
    return ReadingRoom.open(paths);
  };
  const library = new LibraryHolder(opened, reopen, log);
  const cooldown = new PostCooldown();
  return {
    // The room serving now; the dispatcher reads it once per interaction.
    get room() {
      return library.current;
    },
    library,
    translations,
    store,
    log,
    cooldown,
  };
}
