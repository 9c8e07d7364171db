/**
 * Child process of `npm run bench`: loads one serialised index in a fresh
 * process and prints how long that took and what it cost in memory, so the
 * figures are not muddied by whatever the benchmark process built before.
 *
 *   node --expose-gc --import tsx scripts/bench-load.ts ours <index.bin>
 *   node --expose-gc --import tsx scripts/bench-load.ts minisearch <index.json>
 */
import { readFileSync } from 'node:fs';
import MiniSearch from 'minisearch';
import { createAnalyzers } from '../src/search/analyzer.js';
import { ConceptMatcher, type Glossary } from '../src/search/glossary.js';
import { deserializeIndex, readIndexMeta } from '../src/search/index-format.js';
import { Searcher } from '../src/search/searcher.js';

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const [kind, file] = process.argv.slice(2);

function load(): unknown {
  if (kind === 'minisearch')
    return MiniSearch.loadJSON(readFileSync(file ?? '', 'utf8'), { fields: ['text'] });
  // As the room starts: the index file carries the validated glossary.
  const bytes = readFileSync(file ?? '');
  const glossary = readIndexMeta(bytes)?.['glossary'] as Glossary | undefined;
  const index = deserializeIndex(bytes);
  if (!index || !glossary) throw new Error('not an index');
  const analyzers = createAnalyzers();
  return new Searcher(index, analyzers, new ConceptMatcher(glossary, analyzers));
}

gc();
const before = process.memoryUsage();
const started = performance.now();
const loaded = load();
const ms = performance.now() - started;
gc();
const after = process.memoryUsage();
process.stdout.write(
  JSON.stringify({
    ms,
    heap: after.heapUsed - before.heapUsed,
    buffers: after.arrayBuffers - before.arrayBuffers,
    rss: after.rss,
    rssDelta: after.rss - before.rss,
    alive: loaded !== null,
  }),
);
