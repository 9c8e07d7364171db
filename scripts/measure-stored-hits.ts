/**
 * `npx tsx scripts/measure-stored-hits.ts`: what a page click costs at
 * 100,000 passages, where the bot shows the stored hits of a search again
 * with {@link ReadingRoom.storedHits} instead of searching. The shared corpus
 * (../shared/corpora, read only) is written out as library documents of
 * 1,000 passages each, so the room opens it as it opens the bundled library.
 *
 * A script, not a test: timings depend on the machine.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Language } from '../src/languages.js';
import { libraryPaths } from '../src/paths.js';
import { ReadingRoom, type StoredHit } from '../src/reading-room.js';
import type { PassageInput } from '../src/search/index-builder.js';
import { loadLargeCorpus, makeQueries } from './bench.js';
import { rng } from './rng.js';

const PER_DOCUMENT = 1_000;
/** As the bot: up to 30 hits a session, three a page. */
const MAX_HITS = 30;
const PAGE_SIZE = 3;
const ROUNDS = 5;

/** Writes the passages as documents of one language each; returns the folder. */
function writeLibrary(passages: readonly PassageInput[]): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'rr-stored-hits-')), 'documents');
  mkdirSync(dir, { recursive: true });
  const byLanguage = new Map<Language, string[]>();
  for (const p of passages) {
    // A blank line would split a passage in two.
    const text = p.text.replace(/\s*\n\s*/g, ' ').trim();
    if (text === '' || text.startsWith('<!--')) continue;
    byLanguage.set(p.language, [...(byLanguage.get(p.language) ?? []), text]);
  }
  let count = 0;
  for (const [language, texts] of byLanguage) {
    for (let i = 0; i < texts.length; i += PER_DOCUMENT) {
      const id = `corpus-${language}-${String(i / PER_DOCUMENT).padStart(3, '0')}`;
      const front = [
        '---',
        `id: ${id}`,
        'title: Benchmark corpus',
        'author:',
        '  name: Various',
        '  affiliation: null',
        'outlet: null',
        'published: 2020-01-01',
        `language: ${language}`,
        'genre: corpus',
        'url: null',
        'context:',
        '  en: Benchmark text.',
        '  hy: Փորձնական տեքստ։',
        '  az: Sınaq mətni.',
        '  ru: Тестовый текст.',
        '---',
        '',
      ].join('\n');
      writeFileSync(join(dir, `${id}.md`), `${front}${texts.slice(i, i + PER_DOCUMENT).join('\n\n')}\n`);
      count++;
    }
  }
  console.log(`${count} documents written to ${dir}`);
  return dir;
}

interface Session {
  readonly query: string;
  readonly stored: readonly StoredHit[];
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Per metric, the times of each round, click by click. */
type Rounds = Map<string, number[][]>;

function record(rounds: Rounds, name: string, times: number[]): void {
  rounds.set(name, [...(rounds.get(name) ?? []), times]);
}

/**
 * Per metric, its quietest round (lowest p99), and the least time of each
 * click over all rounds: the machine is shared, and another process's burst
 * lands in the tail of whatever round it meets, so the second figure is the
 * cost of the work itself, the first what a member may wait.
 */
function report(rounds: Rounds): void {
  const f = (x: number): string => x.toFixed(3);
  const sorted = (times: readonly number[]): number[] => [...times].sort((a, b) => a - b);
  for (const [name, all] of rounds) {
    const quietest = all.map(sorted).sort((a, b) => percentile(a, 99) - percentile(b, 99))[0] ?? [];
    const least = sorted((all[0] ?? []).map((_, i) => Math.min(...all.map((r) => r[i] ?? Infinity))));
    console.log(
      `${name.padEnd(40)} quietest round p50 ${f(percentile(quietest, 50))} p99 ${f(percentile(quietest, 99))} ms;` +
        ` least of ${all.length} p50 ${f(percentile(least, 50))} p99 ${f(percentile(least, 99))} ms (${least.length} clicks)`,
    );
  }
}

function main(): void {
  const large = loadLargeCorpus();
  if (!large) {
    console.log('The shared corpus is absent: nothing to measure.');
    return;
  }
  const documentsDir = writeLibrary(large.passages);
  const paths = { ...libraryPaths(), documentsDir, indexFile: join(documentsDir, '..', 'index.bin') };
  const built = performance.now();
  const searched = ReadingRoom.open(paths).room;
  console.log(
    `${searched.passageCount} passages indexed in ${((performance.now() - built) / 1000).toFixed(1)} s`,
  );
  // The bench's queries (typos and unfinished words among them), a tenth of
  // them as phrases, which may fall back to their words.
  const random = rng(7);
  const queries = makeQueries(large.passages, []).map((q) => (random() < 0.1 ? `"${q}"` : q));
  const sessions: Session[] = queries.flatMap((query) => {
    const hits = searched.search(query, { limit: MAX_HITS }).hits;
    const stored: StoredHit[] = hits.map((h) => ({ id: h.passage.id, contextOf: h.contextOf }));
    return stored.length > 0 ? [{ query, stored }] : [];
  });
  console.log(`${sessions.length} of ${queries.length} queries found something\n`);

  // Read after the runs, so that the spans read are not optimised away.
  let marked = 0;
  const click = (room: ReadingRoom, clicks: readonly Session[], withSpans: boolean): number[] =>
    clicks.map(({ query, stored }, i) => {
      const pages = Math.ceil(stored.length / PAGE_SIZE);
      const page = i % pages;
      const t = performance.now();
      const hits = room.storedHits(query, stored);
      if (withSpans)
        for (const h of hits.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE)) marked += h.spans.length;
      return performance.now() - t;
    });
  const rounds: Rounds = new Map();
  // The searching room remembers every query's terms; warm its JIT first.
  click(searched, sessions, true);
  const half = Math.floor(sessions.length / 2);
  const quarter = Math.floor(sessions.length / 4);
  for (let round = 0; round < ROUNDS; round++) {
    record(rounds, 'remembered: storedHits', click(searched, sessions, false));
    record(rounds, 'remembered: storedHits + spans of a page', click(searched, sessions, true));
    // A room that never searched, as after a restart, plans each query once:
    // warmed on one half, measured on the other.
    const fresh = ReadingRoom.open(paths).room;
    click(fresh, sessions.slice(0, half), true);
    record(rounds, 'planned: storedHits', click(fresh, sessions.slice(half, half + quarter), false));
    record(
      rounds,
      'planned: storedHits + spans of a page',
      click(fresh, sessions.slice(half + quarter), true),
    );
    const search = sessions.map(({ query }) => {
      const t = performance.now();
      searched.search(query, { limit: MAX_HITS });
      return performance.now() - t;
    });
    record(rounds, 'search again (what a click did before)', search);
  }
  report(rounds);
  console.log(`(${marked} spans highlighted in all)`);
}

main();
