/**
 * Measures candidate analysers (stemmers) for the search index against the
 * lemmas of the Universal Dependencies treebanks, and prints one Markdown table
 * per data set. The figures and the decision they support are in
 * docs/analysers.md.
 *
 *   npx tsx scripts/measure-analysers.ts [ud-dir]
 *
 * Two forms "should" meet in the index when the treebank gives them one lemma.
 * Recall: of the pairs of distinct forms that share a lemma, the share that get
 * one stem. Precision: of the pairs of distinct forms that get one stem, the
 * share that share a lemma. Both are counted by grouping (stem groups split by
 * lemma, lemma groups split by stem), never by comparing all pairs, so the
 * script stays fast on the larger English and Russian sets.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import snowball from 'snowball-stemmers';
import { ROOT } from '../src/paths.js';
import { foldLatin, normalize } from '../src/search/normalize.js';
import { stemArmenian } from '../src/search/stem/armenian.js';
import { stemAzerbaijani } from '../src/search/stem/azerbaijani.js';

// The treebanks live beside the repository in ../shared (CI and developers'
// machines); a user's clone has none, and the script says so.
const UD_DIR = process.argv[2] ?? join(ROOT, '..', 'shared', 'corpora', 'ud');
if (!existsSync(UD_DIR)) {
  console.log(`No treebanks at ${UD_DIR}: pass their folder as the first argument.`);
  process.exit(0);
}

// Function words inflect little and are stop-listed or matched exactly anyway;
// the analyser matters for content words.
const CONTENT_UPOS = new Set(['NOUN', 'PROPN', 'VERB', 'ADJ', 'ADV']);
const NOMINAL_UPOS = new Set(['NOUN', 'PROPN']);
const LETTERS_ONLY = /^\p{L}+$/u;

type Lang = 'hy' | 'az' | 'ru' | 'en';

interface Pair {
  readonly form: string;
  readonly lemma: string;
  /** Running-text tokens with this form and lemma. */
  readonly tokens: number;
}

interface Dataset {
  readonly id: string;
  readonly lang: Lang;
  readonly description: string;
  readonly files: readonly string[];
  readonly pairs: readonly Pair[];
  readonly tokens: number;
}

interface Candidate {
  readonly name: string;
  readonly stem: (word: string) => string;
}

interface Scores {
  readonly recall: number;
  readonly precision: number;
  readonly f1: number;
  readonly sameLemmaPairs: number;
  readonly stems: number;
  readonly lemmas: number;
  readonly idempotence: number;
  readonly wordsPerSecond: number;
}

// ---------------------------------------------------------------- reading

function readConllu(
  files: readonly string[],
  upos: ReadonlySet<string> = CONTENT_UPOS,
): { pairs: Pair[]; tokens: number } {
  // Keyed by "form<TAB>lemma"; a Map keeps first-seen order, so output is stable.
  const counts = new Map<string, number>();
  for (const file of files) {
    for (const line of readFileSync(join(UD_DIR, file), 'utf8').split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      const cols = line.split('\t');
      const id = cols[0] ?? '';
      // Multiword-token ranges (3-4) repeat their parts; empty nodes (3.1) have no form.
      if (id.includes('-') || id.includes('.')) continue;
      if (!upos.has(cols[3] ?? '')) continue;
      const form = normalize(cols[1] ?? '');
      const lemma = normalize(cols[2] ?? '');
      if (!LETTERS_ONLY.test(form) || !LETTERS_ONLY.test(lemma)) continue;
      increment(counts, `${form}\t${lemma}`);
    }
  }
  const pairs = [...counts].map(([key, tokens]) => {
    const [form = '', lemma = ''] = key.split('\t');
    return { form, lemma, tokens };
  });
  return { pairs, tokens: sumTokens(pairs) };
}

const sumTokens = (pairs: readonly Pair[]): number => pairs.reduce((n, p) => n + p.tokens, 0);

function dataset(
  id: string,
  lang: Lang,
  description: string,
  files: readonly string[],
  upos?: ReadonlySet<string>,
): Dataset {
  if (files.length === 0) throw new Error(`no treebank files for ${id} in ${UD_DIR}`);
  return { id, lang, description, files, ...readConllu(files, upos) };
}

function loadDatasets(): Dataset[] {
  const all = readdirSync(UD_DIR)
    .filter((f) => f.endsWith('.conllu'))
    .sort();
  const of = (prefix: string): string[] => all.filter((f) => f.startsWith(prefix));
  const hyTrainFile = 'hy_bsut-ud-train.conllu';
  const azFile = 'az_tuecl-ud-test.conllu';
  const hyTrain = dataset('hy-train', 'hy', 'tuning set of stemArmenian', [hyTrainFile]);
  const hyHeldFiles = of('hy_').filter((f) => f !== hyTrainFile);
  const hyHeld = dataset('hy-heldout', 'hy', 'all hy files except the tuning set', hyHeldFiles);
  // Held-out forms of lemmas never seen in training: rules tuned on train cannot
  // have been shaped around these words.
  const trainLemmas = new Set(hyTrain.pairs.map((p) => p.lemma));
  const unseen = hyHeld.pairs.filter((p) => !trainLemmas.has(p.lemma));
  return [
    dataset('hy', 'hy', 'all Eastern Armenian treebanks', of('hy_')),
    hyTrain,
    hyHeld,
    {
      ...hyHeld,
      id: 'hy-heldout-unseen',
      description: 'held-out pairs whose lemma is not in hy-train',
      pairs: unseen,
      tokens: sumTokens(unseen),
    },
    // Search queries are mostly names and nouns, so their slice is shown apart.
    dataset('hy-nouns', 'hy', 'NOUN and PROPN only, all hy files', of('hy_'), NOMINAL_UPOS),
    dataset('az', 'az', 'the only Azerbaijani treebank, also the tuning set', [azFile]),
    dataset('az-nouns', 'az', 'NOUN and PROPN only', [azFile], NOMINAL_UPOS),
    dataset('ru', 'ru', 'Russian GSD + Taiga', of('ru_')),
    dataset('en', 'en', 'English EWT', of('en_')),
  ];
}

// ---------------------------------------------------------------- candidates

function snowballStem(algorithm: string): (word: string) => string {
  const stemmer = snowball.newStemmer(algorithm);
  return (word) => stemmer.stem(word);
}

const prefix =
  (n: number) =>
  (word: string): string =>
    word.slice(0, n);

const PREFIX_LENGTHS = [4, 5, 6, 7] as const;

function candidatesFor(lang: Lang): Candidate[] {
  const truncations = (fold: (w: string) => string): Candidate[] =>
    PREFIX_LENGTHS.map((n) => ({ name: `prefix-${n}`, stem: (w: string) => prefix(n)(fold(w)) }));
  switch (lang) {
    case 'hy': {
      const armenian = snowballStem('armenian');
      return [
        { name: 'identity', stem: (w) => w },
        ...truncations((w) => w),
        { name: 'snowball-armenian', stem: armenian },
        { name: 'stemArmenian', stem: stemArmenian },
      ];
    }
    case 'az': {
      // Every az analyser ends in foldLatin, so text typed without ə ı ş ç ğ ö ü
      // reaches the same stem.
      const turkish = snowballStem('turkish');
      return [
        { name: 'identity', stem: foldLatin },
        ...truncations(foldLatin),
        { name: 'snowball-turkish, then fold', stem: (w) => foldLatin(turkish(w)) },
        // Turkish Snowball may put ı/ğ back into a folded word (qarabag → qarabagı).
        { name: 'fold, snowball-turkish, fold', stem: (w) => foldLatin(turkish(foldLatin(w))) },
        { name: 'stemAzerbaijani', stem: stemAzerbaijani },
      ];
    }
    case 'ru': {
      return [
        { name: 'identity', stem: (w) => w },
        ...truncations((w) => w),
        { name: 'snowball-russian', stem: snowballStem('russian') },
      ];
    }
    case 'en': {
      return [
        { name: 'identity', stem: (w) => w },
        ...truncations((w) => w),
        { name: 'snowball-english', stem: snowballStem('english') },
      ];
    }
  }
}

// ---------------------------------------------------------------- scoring

const pairsOf = (n: number): number => (n * (n - 1)) / 2;

function increment<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function groupInto<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function score(pairs: readonly Pair[], candidate: Candidate): Scores {
  const lemmasOf = new Map<string, string[]>();
  for (const { form, lemma } of pairs) groupInto(lemmasOf, form, lemma);
  const forms = [...lemmasOf.keys()];

  const stemOf = new Map<string, string>();
  let idempotent = 0;
  for (const form of forms) {
    const stem = candidate.stem(form);
    stemOf.set(form, stem);
    if (candidate.stem(stem) === stem) idempotent++;
  }

  // Recall: lemma groups, split by stem. A form under two lemmas counts in both.
  const formsOfLemma = new Map<string, string[]>();
  for (const { form, lemma } of pairs) groupInto(formsOfLemma, lemma, form);
  let sameLemmaPairs = 0;
  let sameLemmaSameStem = 0;
  for (const group of formsOfLemma.values()) {
    sameLemmaPairs += pairsOf(group.length);
    const byStem = new Map<string, number>();
    for (const form of group) increment(byStem, stemOf.get(form));
    for (const n of byStem.values()) sameLemmaSameStem += pairsOf(n);
  }

  // Precision: stem groups, split by lemma.
  const formsOfStem = new Map<string, string[]>();
  for (const form of forms) groupInto(formsOfStem, stemOf.get(form) ?? form, form);
  let sameStemPairs = 0;
  let sameStemSameLemma = 0;
  for (const group of formsOfStem.values()) {
    sameStemPairs += pairsOf(group.length);
    const byLemma = new Map<string, number>();
    for (const form of group) for (const lemma of lemmasOf.get(form) ?? []) increment(byLemma, lemma);
    for (const n of byLemma.values()) sameStemSameLemma += pairsOf(n);
  }

  const recall = sameLemmaPairs === 0 ? 1 : sameLemmaSameStem / sameLemmaPairs;
  // A pair of forms that share two lemmas is counted twice above; cap at 1.
  const precision = sameStemPairs === 0 ? 1 : Math.min(1, sameStemSameLemma / sameStemPairs);
  const f1 = recall + precision === 0 ? 0 : (2 * recall * precision) / (recall + precision);
  return {
    recall,
    precision,
    f1,
    sameLemmaPairs,
    stems: formsOfStem.size,
    lemmas: formsOfLemma.size,
    idempotence: forms.length === 0 ? 1 : idempotent / forms.length,
    wordsPerSecond: throughput(forms, candidate.stem),
  };
}

/** Words per second over the data set's forms, repeated for at least 250 ms. */
function throughput(words: readonly string[], stem: (w: string) => string): number {
  if (words.length === 0) return 0;
  let sink = 0;
  for (const w of words) sink += stem(w).length; // warm-up: let the JIT compile the stemmer
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    for (const w of words) sink += stem(w).length;
    calls += words.length;
    elapsed = performance.now() - start;
  } while (elapsed < 250);
  // Keep the sink observable so the loop cannot be optimised away.
  if (sink < 0) console.log(sink);
  return (calls / elapsed) * 1000;
}

// ---------------------------------------------------------------- output

const pct = (x: number): string => (x * 100).toFixed(1);
const thousands = (x: number): string => Math.round(x).toLocaleString('en-US');

function printDataset(ds: Dataset): void {
  const forms = new Set(ds.pairs.map((p) => p.form));
  const lemmas = new Set(ds.pairs.map((p) => p.lemma));
  const formLemmas = new Map<string, number>();
  for (const p of ds.pairs) increment(formLemmas, p.form);
  const ambiguous = [...formLemmas.values()].filter((n) => n > 1).length;

  console.log(`\n### ${ds.id} — ${ds.description}\n`);
  console.log(`Files: ${ds.files.join(', ')}  `);
  console.log(
    `Tokens: ${thousands(ds.tokens)}; distinct (form, lemma) pairs: ${thousands(ds.pairs.length)}; ` +
      `forms: ${thousands(forms.size)}; lemmas: ${thousands(lemmas.size)}; forms with >1 lemma: ${ambiguous}\n`,
  );

  const rows = candidatesFor(ds.lang).map((c) => ({ name: c.name, s: score(ds.pairs, c) }));
  const first = rows[0]?.s;
  if (first !== undefined) {
    console.log(`Same-lemma pairs (recall denominator): ${thousands(first.sameLemmaPairs)}\n`);
  }
  const bestF1 = Math.max(...rows.map((r) => r.s.f1));
  console.log(
    '| analyser | recall % | precision % | F1 % | stems | stems / lemmas | idempotent % | words/s |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const { name, s } of rows) {
    const mark = s.f1 === bestF1 ? ' **(best F1)**' : '';
    console.log(
      `| ${name}${mark} | ${pct(s.recall)} | ${pct(s.precision)} | ${pct(s.f1)} | ${thousands(s.stems)} | ` +
        `${(s.stems / s.lemmas).toFixed(2)} | ${pct(s.idempotence)} | ${thousands(s.wordsPerSecond)} |`,
    );
  }
}

// Hand-picked inflection sets of names and terms the library's documents use.
// They are illustrations, not data: each line should print one stem.
const SPOT_CHECKS: Readonly<Record<'hy' | 'az', readonly (readonly string[])[]>> = {
  hy: [
    ['ցեղասպանություն', 'ցեղասպանության', 'ցեղասպանությունը', 'ցեղասպանությունների', 'ցեղասպանությամբ'],
    ['Սումգայիթ', 'Սումգայիթում', 'Սումգայիթի', 'Սումգայիթից', 'Սումգայիթը'],
    ['Ղարաբաղ', 'Ղարաբաղի', 'Ղարաբաղում', 'Ղարաբաղից', 'Ղարաբաղը'],
    ['փախստական', 'փախստականներ', 'փախստականների', 'փախստականները', 'փախստականին'],
    ['ջարդ', 'ջարդեր', 'ջարդերի', 'ջարդերը', 'ջարդերից'],
  ],
  az: [
    ['Xocalı', 'Xocalının', 'Xocalinin', 'Xocalıda', 'Xocalıya', 'Xocalıdan'],
    ['Şuşa', 'Şuşanın', 'Şuşada', 'Şuşaya', 'Susa', 'Şuşadan'],
    ['Qarabağ', 'Qarabağın', 'Qarabağda', 'Qarabağa', 'Qarabağdan', 'Qarabag'],
    ['qaçqın', 'qaçqınlar', 'qaçqınların', 'qaçqınlara', 'qaçqınlardan'],
    ['soyqırım', 'soyqırımı', 'soyqırımın', 'soyqırımda', 'soyqırımına'],
  ],
};

function printSpotChecks(lang: 'hy' | 'az'): void {
  console.log(`\n### Spot checks (${lang}): each line should have one stem\n`);
  const candidates = candidatesFor(lang).filter(
    (c) => !c.name.startsWith('prefix-') && c.name !== 'identity',
  );
  for (const c of candidates) {
    console.log(`- ${c.name}:`);
    for (const group of SPOT_CHECKS[lang]) {
      const stems = new Set(group.map((w) => c.stem(normalize(w))));
      const verdict = stems.size === 1 ? 'one stem' : `${stems.size} stems`;
      console.log(`  - ${verdict}: ${group.map((w) => `${w}→${c.stem(normalize(w))}`).join(', ')}`);
    }
  }
}

function main(): void {
  const started = performance.now();
  console.log(`# Analyser measurements\n`);
  console.log(`Node ${process.version}; treebanks from ${UD_DIR}.`);
  for (const ds of loadDatasets()) printDataset(ds);
  printSpotChecks('hy');
  printSpotChecks('az');
  console.log(`\nTotal run time: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main();
