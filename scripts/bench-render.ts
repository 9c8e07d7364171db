/**
 * The worst case of escaping and rendering (issue 8, H1): runs of markup
 * characters as long as a Discord option allows, and the longest paragraphs
 * of the bundled library and of the shared corpus, rendered as a quote card.
 * Compared with discord.js's `escapeMarkdown`, which the bot used before and
 * whose time grows with the square of such runs. Target: < 5 ms each.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeMarkdown } from 'discord.js';
import { errorPayload } from '../src/bot/errors.js';
import { escapeText } from '../src/bot/render.js';
import { UserFacingError } from '../src/bot/types.js';
import { quoteEmbeds } from '../src/bot/views/quote-card.js';
import { createTranslations } from '../src/i18n/index.js';
import { libraryPaths, ROOT } from '../src/paths.js';
import { ReadingRoom } from '../src/reading-room.js';

/** The target for one escape or one rendered card. */
const TARGET_MS = 5;

/** discord.js's escaper with the options the bot passed it before. */
const before = (text: string): string =>
  escapeMarkdown(text, {
    codeBlock: true,
    inlineCode: true,
    bold: true,
    italic: true,
    underline: true,
    strikethrough: true,
    spoiler: true,
    codeBlockContent: true,
    inlineCodeContent: true,
    escape: true,
    heading: true,
    bulletedList: true,
    numberedList: true,
    maskedLink: false,
  });

/**
 * p50 and p99 over warm runs, wall clock, in milliseconds: what a user waits
 * for. On a busy shared machine p99 also counts time spent waiting for a
 * core, so run it on a quiet one for the record.
 */
function timings(fn: () => unknown, runs = 200): { p50: number; p99: number } {
  for (let i = 0; i < 5; i++) fn();
  const wall: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    wall.push(performance.now() - t);
  }
  wall.sort((a, b) => a - b);
  return { p50: wall[Math.floor(runs / 2)] ?? 0, p99: wall[Math.floor(runs * 0.99)] ?? 0 };
}

function longestCorpusParagraph(): string | null {
  const file = join(ROOT, '..', 'shared', 'corpora', 'paragraphs.jsonl');
  if (!existsSync(file)) return null;
  let longest = '';
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line === '') continue;
    const { text } = JSON.parse(line) as { text: string };
    if (text.length > longest.length) longest = text;
  }
  return longest;
}

/** Prints the table; returns false when a row misses the target. */
export async function benchRender(): Promise<boolean> {
  const t = (await createTranslations()).t('en');
  const { room } = ReadingRoom.open(libraryPaths());
  const sample = room.quote('sumgait-1988:3');
  if (!('quote' in sample)) throw new Error('the bundled library lacks sumgait-1988:3');
  const card = (text: string) => (): unknown =>
    quoteEmbeds({ ...sample.quote, passage: { ...sample.quote.passage, text } }, t, 'en', 'spoiler');
  const bundledLongest = room.documents
    .flatMap((d) => d.passages.map((p) => p.text))
    .reduce((a, b) => (b.length > a.length ? b : a), '');
  const rows: [string, string, () => unknown, () => unknown][] = [];
  for (const c of ['`', '*', '_', '|', '\\', '~']) {
    const s = c.repeat(6000);
    rows.push([`escape 6,000 × ${c}`, s, () => escapeText(s), () => before(s)]);
  }
  const mixed = '*_`|~\\'.repeat(1000);
  rows.push(['escape 6,000 mixed markup', mixed, () => escapeText(mixed), () => before(mixed)]);
  const option = '`'.repeat(6000);
  rows.push([
    'error reply echoing a 6,000-character option',
    option,
    () => errorPayload(new UserFacingError('unknownDocument', { document: option }), t),
    () => before(option),
  ]);
  rows.push(['quote card, 6,000 × `', option, card(option), () => before(option)]);
  rows.push([
    `quote card, longest bundled paragraph`,
    bundledLongest,
    card(bundledLongest),
    () => before(bundledLongest),
  ]);
  const corpus = longestCorpusParagraph();
  if (corpus !== null)
    rows.push(['quote card, longest shared-corpus paragraph', corpus, card(corpus), () => before(corpus)]);

  console.log('\n## Escaping and rendering, worst cases (issue 8, H1)');
  console.log(
    `| input | characters | now p50 | now p99 | before p50 (escapeMarkdown) | p99 under ${TARGET_MS} ms |`,
  );
  console.log('|---|---|---|---|---|---|');
  let ok = true;
  // Ours first, all of them: the old escaper's garbage would otherwise be
  // collected during our runs and charged to them.
  const ours = rows.map(([, , now]) => timings(now));
  for (const [i, [name, input, , old]] of rows.entries()) {
    const after = ours[i] ?? { p50: 0, p99: 0 };
    const was = timings(old, 5);
    ok &&= after.p99 < TARGET_MS;
    console.log(
      `| ${name} | ${input.length.toLocaleString('en')} | ${after.p50.toFixed(3)} ms | ${after.p99.toFixed(3)} ms | ${was.p50.toFixed(1)} ms | ${after.p99 < TARGET_MS ? 'yes' : 'NO'} |`,
    );
  }
  return ok;
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  if (!(await benchRender())) process.exitCode = 1;
}
