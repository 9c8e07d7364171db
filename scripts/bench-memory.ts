/**
 * Heap growth under many unique query words (security review, issue 8): opens
 * the bundled library, runs 60,000 unique random queries, forces a garbage
 * collection and reports the heap used before and after. Two workloads:
 * - `plausible`: one to three random words in the four scripts, a third of
 *   them typed keystroke by keystroke (autocomplete), a few overlong words;
 * - `adversarial`: every query as long as /search allows (200 characters),
 *   half one single word, half words of 20 to 40 letters, all unique: the
 *   most an attacker can make the per-word caches hold.
 *
 *   node --expose-gc --import tsx scripts/bench-memory.ts [plausible|adversarial] [--json]
 *   npx tsx scripts/bench-memory.ts      # both workloads, each in a fresh --expose-gc process
 *
 * A script, not a test: memory depends on the machine and the V8 version, so
 * the figures are recorded, not asserted. `benchMemory()` runs the measure in
 * a fresh child process (as `scripts/bench-load.ts` does for loads), so that
 * scripts/bench.ts can call it without its own heap muddying the figures.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { LANGUAGES, type Language } from '../src/languages.js';
import { libraryPaths, ROOT } from '../src/paths.js';
import { ReadingRoom } from '../src/reading-room.js';
import { analyzerCacheStats, createAnalyzers } from '../src/search/analyzer.js';
import type { CacheStats } from '../src/search/lru.js';
import { rng } from './rng.js';

/** Which queries to send: see the file comment. */
export type Workload = 'plausible' | 'adversarial';
const WORKLOADS: readonly Workload[] = ['plausible', 'adversarial'];

/** The figures of one run. Bytes are from `process.memoryUsage()` after a forced GC. */
export interface MemoryFigures {
  readonly workload: Workload;
  readonly queries: number;
  /** Of those, how many carried a word longer than 40 characters. */
  readonly longWordQueries: number;
  /** Heap used after opening the room and a warm-up, before the unique queries. */
  readonly heapBefore: number;
  /** Heap used after the unique queries. */
  readonly heapAfter: number;
  readonly heapGrowth: number;
  /** Heap growth after each tenth of the queries, to show whether it levels off. */
  readonly growthCurve: readonly number[];
  readonly rssAfter: number;
  /** Mean time per query, in milliseconds. */
  readonly meanQueryMs: number;
  /** What the analysers' caches hold at the end, by their own estimate. */
  readonly analyzerCache: CacheStats;
}

const QUERY_COUNT = 60_000;
/** As long as a /search query may be (MAX_QUERY in src/bot/limits.ts). */
const MAX_QUERY = 200;
/** Share of plausible queries with one overlong (41–120 character) word. */
const LONG_SHARE = 0.03;

/** Consonants and vowels per script: random syllables read like words of the language. */
const ALPHABETS = {
  en: { c: [...'bcdfghjklmnprstvwxyz'], v: [...'aeiouy'] },
  az: { c: [...'bcçdfgğhxjklmnpqrsştvyz'], v: [...'aeəıioöuü'] },
  ru: { c: [...'бвгджзклмнпрстфхцчшщ'], v: [...'аеиоуыэюяь'] },
  hy: { c: [...'բգդզթժլխծկհձղճմյնշչպջռսվտրցփքֆ'], v: [...'աեէըիոօ'] },
} as const satisfies Record<Language, { c: readonly string[]; v: readonly string[] }>;

function makeWord(random: () => number, language: Language, syllables: number): string {
  const { c, v } = ALPHABETS[language];
  const pick = (a: readonly string[]): string => a[Math.floor(random() * a.length)] ?? '';
  let word = '';
  for (let i = 0; i < syllables; i++) word += pick(c) + pick(v) + (random() < 0.3 ? pick(c) : '');
  // A capital now and then, as names are typed, so name keys are exercised too.
  return random() < 0.3 ? (word[0] ?? '').toUpperCase() + word.slice(1) : word;
}

/** A random word of exactly `letters` letters. */
function wordOf(random: () => number, language: Language, letters: number): string {
  let word = '';
  while ([...word].length < letters) word += makeWord(random, language, 3).toLowerCase();
  return [...word].slice(0, letters).join('');
}

/**
 * Unique queries of a workload, deterministic for a seed. Plausible: one to
 * three random words, a third of them typed keystroke by keystroke (every
 * prefix from three letters is a query, as Discord's autocomplete sends
 * them), and a few with an overlong word. Adversarial: 200 characters each.
 */
export function memoryQueries(
  workload: Workload,
  count = QUERY_COUNT,
  seed = 8,
): { queries: string[]; long: number } {
  const random = rng(seed);
  const seen = new Set<string>();
  const out: string[] = [];
  let long = 0;
  const add = (q: string): void => {
    if (out.length >= count || seen.has(q)) return;
    seen.add(q);
    out.push(q);
    if (q.split(' ').some((w) => [...w].length > 40)) long++;
  };
  while (out.length < count) {
    const language = LANGUAGES[Math.floor(random() * LANGUAGES.length)] ?? 'en';
    const r = random();
    if (workload === 'adversarial') {
      if (r < 0.5) {
        add(wordOf(random, language, MAX_QUERY));
      } else {
        const words: string[] = [];
        let length = 0;
        for (;;) {
          const n = 20 + Math.floor(random() * 21);
          if (length + n + 1 > MAX_QUERY) break;
          words.push(wordOf(random, language, n));
          length += n + 1;
        }
        add(words.join(' '));
      }
    } else if (r < LONG_SHARE) {
      add(wordOf(random, language, 41 + Math.floor(random() * 80)));
    } else if (r < 0.35) {
      const head = random() < 0.5 ? `${makeWord(random, language, 2)} ` : '';
      const letters = [...makeWord(random, language, 2 + Math.floor(random() * 4))];
      for (let n = 3; n <= letters.length; n++) add(head + letters.slice(0, n).join(''));
    } else {
      const n = 1 + Math.floor(random() * 3);
      const words = Array.from({ length: n }, () => makeWord(random, language, 1 + Math.floor(random() * 5)));
      add(`${words.join(' ')} `);
    }
  }
  return { queries: out, long };
}

/** Runs the measure in this process; needs `--expose-gc`. */
export function measureMemory(workload: Workload): MemoryFigures {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc (or call benchMemory(), which does)');
  const collect = (): number => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const dir = mkdtempSync(join(tmpdir(), 'rr-mem-'));
  const analyzers = createAnalyzers();
  const { room } = ReadingRoom.open({ ...libraryPaths(), indexFile: join(dir, 'index.bin') }, { analyzers });
  rmSync(dir, { recursive: true, force: true });
  const hints: readonly (Language | null)[] = [null, null, ...LANGUAGES];
  const { queries, long } = memoryQueries(workload);
  // Warm-up with the library's own words, so the JIT and the caches of the
  // words a real bot sees first are in the "before" figure.
  for (const q of ['Khojaly', 'Ходжалы', 'Xocalı', 'Խոջալու', 'Sumgait pogrom', 'Stepanak'])
    for (const hint of hints) room.search(q, { hint });
  const heapBefore = collect();
  const curve: number[] = [];
  const tenth = Math.ceil(queries.length / 10);
  let elapsed = 0;
  queries.forEach((q, i) => {
    const started = performance.now();
    room.search(q, { hint: hints[i % hints.length] ?? null });
    elapsed += performance.now() - started;
    if ((i + 1) % tenth === 0 || i === queries.length - 1) curve.push(collect() - heapBefore);
  });
  const heapAfter = collect();
  return {
    workload,
    queries: queries.length,
    longWordQueries: long,
    heapBefore,
    heapAfter,
    heapGrowth: heapAfter - heapBefore,
    growthCurve: curve,
    rssAfter: process.memoryUsage().rss,
    meanQueryMs: elapsed / queries.length,
    analyzerCache: analyzerCacheStats(analyzers),
  };
}

/** Runs one workload in a fresh `node --expose-gc` process and returns its figures. */
async function inChild(workload: Workload): Promise<MemoryFigures> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(ROOT, 'scripts', 'bench-memory.ts'), workload, '--json'],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout) as MemoryFigures;
}

/**
 * Both workloads, each in a fresh `node --expose-gc` process (so the caller's
 * own heap does not muddy the figures): what scripts/bench.ts can call.
 */
export async function benchMemory(): Promise<{ plausible: MemoryFigures; adversarial: MemoryFigures }> {
  // One after the other: two at once would time each other on a 2-core machine.
  const plausible = await inChild('plausible');
  return { plausible, adversarial: await inChild('adversarial') };
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Prints one workload's figures as a Markdown table. */
export function reportMemory(f: MemoryFigures): void {
  console.log(
    `\n## ${f.workload}: ${f.queries.toLocaleString('en')} unique queries ` +
      `(${f.longWordQueries.toLocaleString('en')} with a word over 40 characters), ${f.meanQueryMs.toFixed(3)} ms each on average`,
  );
  console.log('| measure | value |');
  console.log('|---|---|');
  console.log(`| heap used before (after open and warm-up, GC forced) | ${mb(f.heapBefore)} |`);
  console.log(`| heap used after (GC forced) | ${mb(f.heapAfter)} |`);
  console.log(`| heap growth | ${mb(f.heapGrowth)} |`);
  console.log(`| growth after each tenth | ${f.growthCurve.map(mb).join(', ')} |`);
  console.log(`| process RSS after | ${mb(f.rssAfter)} |`);
  const c = f.analyzerCache;
  console.log(
    `| analyser caches at the end (estimate) | ${c.entries.toLocaleString('en')} entries, ${mb(c.bytes)} of ${mb(c.maxBytes)} |`,
  );
}

async function main(): Promise<void> {
  const asked = WORKLOADS.filter((w) => process.argv.includes(w));
  const inProcess = typeof (globalThis as { gc?: unknown }).gc === 'function';
  const figures: MemoryFigures[] = [];
  if (inProcess && asked.length === 1) figures.push(measureMemory(asked[0] ?? 'plausible'));
  else for (const w of asked.length > 0 ? asked : WORKLOADS) figures.push(await inChild(w));
  if (process.argv.includes('--json')) {
    process.stdout.write(JSON.stringify(figures.length === 1 ? figures[0] : figures));
    return;
  }
  console.log(
    `# scripts/bench-memory.ts — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}`,
  );
  figures.forEach(reportMemory);
}

if (resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) await main();
