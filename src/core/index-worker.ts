import { parentPort, workerData } from 'node:worker_threads';
import { createAnalyzers } from '../search/analyzer.js';
import { openIndex } from './index-store.js';
import type { LibraryPaths } from './types.js';

// The worker of buildInBackground: opens the index as the main thread would,
// so that a stale one is rebuilt and written here, off the main thread.
// What it reports back is small; the main thread then loads the written file.
const paths = workerData as LibraryPaths;
try {
  const { report, documents } = openIndex(paths, createAnalyzers());
  parentPort?.postMessage({
    ok: true,
    hash: report.hash,
    rebuilt: report.rebuilt,
    documents: documents.length,
    problems: report.problems.length,
  });
} catch (error) {
  parentPort?.postMessage({ ok: false, reason: error instanceof Error ? error.message : String(error) });
}
