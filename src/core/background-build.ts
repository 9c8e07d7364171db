import { Worker } from 'node:worker_threads';
import type { LibraryPaths } from './types.js';

/** What the worker reports once the index file is current. */
export type BuildReport =
  | { readonly ok: true; readonly hash: string; readonly rebuilt: boolean }
  | { readonly ok: false; readonly reason: string };

/**
 * Brings the stored index up to date in a `node:worker_threads` worker: the
 * worker hashes the library and, when the stored index is stale, parses the
 * documents, builds the index and writes the index file. The main thread then
 * only loads that file (ReadingRoom.open finds it current). Rejects when the
 * worker cannot run at all (the caller then builds on its own thread).
 */
export function buildInBackground(paths: LibraryPaths): Promise<BuildReport> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(paths);
    let answered = false;
    worker.once('message', (report: BuildReport) => {
      answered = true;
      resolve(report);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`the index worker exited with code ${String(code)} before answering`));
    });
  });
}

/**
 * The worker over index-worker. Run from TypeScript (`node --import tsx`),
 * the worker registers tsx itself first: Node 20 does not carry the parent's
 * module hooks into a worker.
 */
function startWorker(paths: LibraryPaths): Worker {
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./index-worker.js', import.meta.url), { workerData: paths });
  const entry = new URL('./index-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, workerData: paths });
}
