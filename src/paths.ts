import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LibraryPaths } from './reading-room.js';

/** The repository root, wherever the process was started from. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Default locations: the bundled library in `data/`, and the index under the
 * git-ignored `state/` folder. `dataDir` and `stateDir` override them.
 */
export function libraryPaths(dataDir = join(ROOT, 'data'), stateDir = join(ROOT, 'state')): LibraryPaths {
  return {
    documentsDir: join(dataDir, 'documents'),
    glossaryFile: join(dataDir, 'glossary.yaml'),
    contentWarningsFile: join(dataDir, 'content-warnings.yaml'),
    indexFile: join(stateDir, 'index.bin'),
  };
}
