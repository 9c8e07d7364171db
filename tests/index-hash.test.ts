import { appendFileSync, copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analysisCodeHash, contentHash, indexCodeFiles } from '../src/core/content-hash.js';
import { readDocumentFiles } from '../src/library/library.js';
import { libraryPaths } from '../src/paths.js';
import { ROOT, tempDir } from './helpers.js';

const SRC = join(ROOT, 'src');

/**
 * Relative modules a file loads at run time. `import type` and `export type`
 * are erased; anything else (with verbatimModuleSyntax, even an import of
 * only inline `type` names) is kept, so it counts.
 */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  const statement = /^(import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?'(\.[^']+)'/gm;
  for (const m of text.matchAll(statement)) {
    found.push(resolve(dirname(file), (m[2] ?? '').replace(/\.js$/, '.ts')));
  }
  return found;
}

/** Every source file `entry` loads, itself included, transitively. */
function closure(entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...runtimeImports(file));
  }
  return seen;
}

const rel = (file: string): string => relative(SRC, file).split('\\').join('/');

describe('the index content hash', () => {
  it('GIVEN the code that opens, builds and stores the index WHEN its imports are followed THEN every module it loads is hashed', () => {
    const loaded = [...closure(join(SRC, 'core', 'index-store.ts'))].map(rel).sort();
    expect(loaded).toContain('search/index-builder.ts');
    expect(loaded).toContain('search/terms.ts');
    expect(loaded).toContain('library/library.ts');
    const hashed = new Set(indexCodeFiles());
    expect(loaded.filter((f) => !hashed.has(f))).toEqual([]);
  });

  it('GIVEN the hashed files WHEN listed THEN they are all of search/ and library/ and, beyond them, exactly the modules index opening loads', () => {
    const hashed = indexCodeFiles();
    const under = (dir: string): string[] =>
      readdirSync(join(SRC, dir), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts'))
        .map((f) => `${dir}/${f.split('\\').join('/')}`);
    for (const f of [...under('search'), ...under('library')]) expect(hashed).toContain(f);
    const outside = (files: Iterable<string>): string[] =>
      [...files].filter((f) => !f.startsWith('search/') && !f.startsWith('library/')).sort();
    expect(outside(hashed)).toEqual(outside([...closure(join(SRC, 'core', 'index-store.ts'))].map(rel)));
    // Query-time modules are not part of the index.
    expect(hashed).not.toContain('core/highlight.ts');
    expect(hashed).not.toContain('core/room.ts');
  });

  it('GIVEN a copy of the hashed code WHEN any one of its files changes THEN the content hash changes', () => {
    const copy = tempDir('reading-room-src-');
    const files = indexCodeFiles();
    for (const f of files) {
      mkdirSync(dirname(join(copy, f)), { recursive: true });
      copyFileSync(join(SRC, f), join(copy, f));
    }
    expect(analysisCodeHash(copy)).toBe(analysisCodeHash());
    const paths = libraryPaths();
    const documents = readDocumentFiles(paths.documentsDir);
    const glossary = readFileSync(paths.glossaryFile);
    const lexicon = readFileSync(paths.contentWarningsFile);
    const baseline = contentHash(documents, glossary, lexicon, copy);
    expect(contentHash(documents, glossary, lexicon)).toBe(baseline);
    const seen = new Set([baseline]);
    for (const f of files) {
      const original = readFileSync(join(copy, f));
      appendFileSync(join(copy, f), '\n');
      const changed = contentHash(documents, glossary, lexicon, copy);
      expect(changed, f).not.toBe(baseline);
      seen.add(changed);
      writeFileSync(join(copy, f), original);
    }
    expect(seen.size).toBe(files.length + 1);
    expect(contentHash(documents, glossary, lexicon, copy)).toBe(baseline);
  });

  it('GIVEN a new file under a hashed folder WHEN hashed THEN the hash changes', () => {
    const copy = tempDir('reading-room-src-');
    for (const f of indexCodeFiles()) {
      mkdirSync(dirname(join(copy, f)), { recursive: true });
      copyFileSync(join(SRC, f), join(copy, f));
    }
    const before = analysisCodeHash(copy);
    writeFileSync(join(copy, 'search', 'added.ts'), 'export const x = 1;\n');
    expect(analysisCodeHash(copy)).not.toBe(before);
  });
});
