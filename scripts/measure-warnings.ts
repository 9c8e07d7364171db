/**
 * `npm run measure-warnings`: how the lexicon detector agrees with the
 * reviewed lists of the bundled documents, per category. The reviewed lists
 * are what the bot uses; this says how far a document nobody has reviewed
 * can trust the detector. The lexicon was written with these documents in
 * view, so the figures flatter it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLexicon, WARNING_CATEGORIES, warningsFor } from '../src/library/content-warnings.js';
import { loadLibrary } from '../src/library/library.js';
import { libraryPaths, ROOT } from '../src/paths.js';

const file = libraryPaths().contentWarningsFile;
const parsed = parseLexicon(file, readFileSync(file));
if (!parsed.lexicon)
  throw new Error(parsed.problems.map((p) => `${p.file}:${p.line} ${p.message}`).join('\n'));
const { documents } = loadLibrary(join(ROOT, 'data', 'documents'));

const rows: string[][] = [['document', 'category', 'reviewed', 'caught', 'extra', 'precision', 'recall']];
const total = new Map(WARNING_CATEGORIES.map((c) => [c, { reviewed: 0, caught: 0, extra: 0 }]));
for (const d of documents) {
  const detected = warningsFor(null, d.passages, d.language, parsed.lexicon);
  for (const category of WARNING_CATEGORIES) {
    let reviewed = 0;
    let caught = 0;
    let extra = 0;
    d.passages.forEach((p, i) => {
      const inReview = p.warning?.categories.includes(category) ?? false;
      const found = detected[i]?.categories.includes(category) ?? false;
      if (inReview) reviewed++;
      if (inReview && found) caught++;
      if (!inReview && found) extra++;
    });
    const t = total.get(category);
    if (t)
      Object.assign(t, {
        reviewed: t.reviewed + reviewed,
        caught: t.caught + caught,
        extra: t.extra + extra,
      });
    rows.push(row(d.id, category, reviewed, caught, extra));
  }
}
for (const [category, t] of total) rows.push(row('all', category, t.reviewed, t.caught, t.extra));

function row(doc: string, category: string, reviewed: number, caught: number, extra: number): string[] {
  const precision = caught + extra === 0 ? '–' : (caught / (caught + extra)).toFixed(2);
  const recall = reviewed === 0 ? '–' : (caught / reviewed).toFixed(2);
  return [doc, category, String(reviewed), String(caught), String(extra), precision, recall];
}

const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  '));
