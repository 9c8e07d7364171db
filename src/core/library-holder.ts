import { watch, type FSWatcher } from 'node:fs';
import type { SourceProblem } from '../library/yaml.js';
import type { OpenReport } from './types.js';
import type { ReadingRoom } from './room.js';

/** The part of a pino logger the holder uses. */
export interface HolderLog {
  info: (fields: object, message: string) => void;
  warn: (fields: object, message: string) => void;
}

/** Opens the library (ReadingRoom.open over the library's paths). May throw (an unusable glossary). */
export type OpenLibrary = () =>
  { room: ReadingRoom; report: OpenReport } | Promise<{ room: ReadingRoom; report: OpenReport }>;

/** What one reload did. */
export type ReloadOutcome =
  | {
      readonly kind: 'swapped';
      readonly hash: string;
      readonly documents: number;
      readonly passages: number;
      readonly rebuilt: boolean;
    }
  | {
      /** The old room keeps serving: the new library has broken documents, or could not be opened. */
      readonly kind: 'kept';
      readonly hash: string;
      readonly problems: readonly SourceProblem[];
      readonly reason: string;
    };

/**
 * The room currently serving, and the one way to replace it. A reload opens
 * the library again (the index store rebuilds it when the content hash
 * changed) and swaps the new room in with one assignment; a library with any
 * broken document, or one that cannot be opened, leaves the old room serving.
 *
 * Callers that must see one room for a whole piece of work (an interaction)
 * read {@link current} once and keep that reference: a swap never changes a
 * room, it only changes which room the next reader gets.
 *
 * Two reloads never run at once: a reload asked for while one runs is
 * queued, and every request made during that run shares the one queued
 * reload (it reads the files as they are once the running one is done).
 *
 * What `open` does is the caller's: the transports build a stale index in a
 * worker thread first and then only load it (see openContext); a plain
 * `ReadingRoom.open` builds on the calling thread.
 */
export class LibraryHolder {
  private room: ReadingRoom;
  private contentHash: string;
  private running: Promise<ReloadOutcome> | null = null;
  private queued: Promise<ReloadOutcome> | null = null;

  constructor(
    initial: { room: ReadingRoom; report: OpenReport },
    private readonly open: OpenLibrary,
    private readonly log: HolderLog,
  ) {
    this.room = initial.room;
    this.contentHash = initial.report.hash;
  }

  /** The room serving now. Read it once per piece of work. */
  get current(): ReadingRoom {
    return this.room;
  }

  /** The content hash of the library serving now (documents, glossary, lexicon, indexing code). */
  get hash(): string {
    return this.contentHash;
  }

  /** Reloads the library, or joins the reload queued behind the running one. Never rejects. */
  reload(): Promise<ReloadOutcome> {
    if (this.running === null) {
      const run = this.run().finally(() => {
        this.running = null;
      });
      this.running = run;
      return run;
    }
    this.queued ??= this.running.then(() => {
      this.queued = null;
      return this.reload();
    });
    return this.queued;
  }

  private async run(): Promise<ReloadOutcome> {
    // Let the caller (a signal handler, a watch event) return first.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const started = performance.now();
    let opened: Awaited<ReturnType<OpenLibrary>>;
    try {
      opened = await this.open();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.log.warn(
        { hash: this.contentHash, reason },
        'library not reloaded: it could not be opened; the previous library keeps serving',
      );
      return { kind: 'kept', hash: this.contentHash, problems: [], reason };
    }
    const { room, report } = opened;
    if (report.problems.length > 0) {
      for (const p of report.problems) {
        this.log.warn(
          { file: p.file, line: p.line, field: p.field, code: p.code, detail: p.message },
          'broken document',
        );
      }
      this.log.warn(
        { problems: report.problems.length, hash: this.contentHash, rejectedHash: report.hash },
        'library not reloaded: it has broken documents; the previous library keeps serving',
      );
      return {
        kind: 'kept',
        hash: this.contentHash,
        problems: report.problems,
        reason: 'broken documents',
      };
    }
    this.room = room;
    this.contentHash = report.hash;
    const counts = {
      hash: report.hash,
      documents: room.documents.length,
      passages: room.passageCount,
      rebuilt: report.rebuilt,
    };
    this.log.info({ ...counts, ms: Math.round(performance.now() - started) }, 'library reloaded');
    return { kind: 'swapped', ...counts };
  }
}

/**
 * Whether the documents folder is watched: `WATCH_LIBRARY=true|1` or
 * `false|0` decides; unset, it is watched unless NODE_ENV is `production`.
 */
export function watchWanted(env: Readonly<Record<string, string | undefined>>): boolean {
  const flag = (env['WATCH_LIBRARY'] ?? '').trim().toLowerCase();
  if (flag === 'true' || flag === '1') return true;
  if (flag === 'false' || flag === '0') return false;
  return env['NODE_ENV'] !== 'production';
}

/** How long the documents folder must stay quiet before a watch event reloads. */
export const WATCH_DEBOUNCE_MS = 300;

/**
 * Reloads when the documents folder changes, once it has been quiet for
 * `debounceMs` (an editor saves a file in several writes). Returns the
 * function that stops watching.
 */
export function watchLibrary(
  holder: LibraryHolder,
  documentsDir: string,
  log: HolderLog,
  debounceMs = WATCH_DEBOUNCE_MS,
): () => void {
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher;
  try {
    watcher = watch(documentsDir, { persistent: false }, () => {
      clearTimeout(timer);
      timer = setTimeout(() => void holder.reload(), debounceMs);
      timer.unref();
    });
  } catch (error) {
    log.warn({ dir: documentsDir, err: error }, 'cannot watch the documents folder');
    return () => undefined;
  }
  watcher.on('error', (error) => {
    log.warn({ dir: documentsDir, err: error }, 'stopped watching the documents folder');
  });
  log.info({ dir: documentsDir }, 'watching the documents folder; a change reloads the library');
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}

/**
 * SIGHUP reloads the library (and, when wanted, so does a change in the
 * documents folder). Returns the function that undoes both.
 */
export function reloadOnSignal(
  holder: LibraryHolder,
  options: { readonly documentsDir: string; readonly watch: boolean; readonly log: HolderLog },
): () => void {
  const onHup = (): void => {
    options.log.info({ signal: 'SIGHUP' }, 'reloading the library');
    void holder.reload();
  };
  process.on('SIGHUP', onHup);
  const unwatch = options.watch ? watchLibrary(holder, options.documentsDir, options.log) : () => undefined;
  return () => {
    process.off('SIGHUP', onHup);
    unwatch();
  };
}
