/**
 * `npm run eval`: recall@5 and MRR per language over the judged retrieval set
 * (tests/fixtures/retrieval-set.yaml), with the query language detected (no
 * hint), given correctly, and given wrongly. `npm test` asserts the target.
 */
import { join } from 'node:path';
import { LANGUAGES } from '../src/languages.js';
import { evaluate, loadRetrievalSet, type HintMode } from '../src/eval/retrieval.js';
import { libraryPaths, ROOT } from '../src/paths.js';
import { ReadingRoom } from '../src/reading-room.js';

const verbose = process.argv.includes('--verbose');
const { room } = ReadingRoom.open(libraryPaths());
const queries = loadRetrievalSet(join(ROOT, 'tests', 'fixtures', 'retrieval-set.yaml'));
console.log(
  `retrieval set: ${queries.length} queries over ${room.passageCount} passages (target: recall@5 ≥ 0.9 per language)`,
);
for (const mode of ['none', 'correct', 'wrong'] as HintMode[]) {
  const figures = evaluate(room, queries, mode);
  console.log(`\nhint: ${mode}`);
  console.log('| language | queries | recall@5 | MRR |');
  console.log('|---|---|---|---|');
  for (const l of LANGUAGES) {
    const f = figures[l];
    console.log(`| ${l} | ${f.queries} | ${f.recallAt5.toFixed(3)} | ${f.mrr.toFixed(3)} |`);
  }
  if (verbose || mode === 'none') {
    for (const l of LANGUAGES) {
      for (const m of figures[l].misses)
        console.log(`  miss [${l}] ${m.query} → ${m.top.join(' ')} (wanted ${m.relevant.join(' ')})`);
    }
  }
}
