import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { libraryPaths, ROOT } from '../src/paths.js';
import { ReadingRoom } from '../src/reading-room.js';
import { parseGlossary, type Glossary } from '../src/search/glossary.js';

/** A fresh temporary folder. */
export function tempDir(prefix = 'reading-room-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The real glossary of the repository. */
export function realGlossary(): Glossary {
  const file = libraryPaths().glossaryFile;
  const parsed = parseGlossary(file, readFileSync(file));
  if (!parsed.glossary) throw new Error(parsed.problems.map((p) => p.message).join('\n'));
  return parsed.glossary;
}

/** The bundled library with a throw-away index file, so tests never touch state/. */
export function bundledRoom(): ReadingRoom {
  const paths = { ...libraryPaths(), indexFile: join(tempDir(), 'index.bin') };
  return ReadingRoom.open(paths).room;
}

export { ROOT };
