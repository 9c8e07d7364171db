import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { LANGUAGES, type Language } from '../languages.js';
import type { ReadingRoom } from '../reading-room.js';

/** One judged query: the passages that answer it. */
export const judgedQuerySchema = z.strictObject({
  lang: z.enum(LANGUAGES),
  query: z.string().min(1),
  relevant: z.array(z.string().regex(/^[a-z0-9-]+:\d+$/)).min(1),
});

/** A judged query of the retrieval set. */
export type JudgedQuery = z.infer<typeof judgedQuerySchema>;

/** Reads and validates a retrieval set file. */
export function loadRetrievalSet(file: string): JudgedQuery[] {
  return z.strictObject({ queries: z.array(judgedQuerySchema) }).parse(parse(readFileSync(file, 'utf8')))
    .queries;
}

/** How the query language reaches the engine in one evaluation run. */
export type HintMode = 'none' | 'correct' | 'wrong';

/** Figures for one language. */
export interface LanguageFigures {
  readonly queries: number;
  /** Mean over queries of |relevant ∩ top 5| / min(|relevant|, 5). */
  readonly recallAt5: number;
  /** Mean reciprocal rank of the first relevant passage (0 when none in the top 10). */
  readonly mrr: number;
  /** Queries with no relevant passage in the top 5. */
  readonly misses: readonly { query: string; top: readonly string[]; relevant: readonly string[] }[];
}

const WRONG_HINT: Readonly<Record<Language, Language>> = { en: 'ru', ru: 'hy', hy: 'az', az: 'ru' };

/** Runs every query and returns recall@5 and MRR per language. */
export function evaluate(
  room: ReadingRoom,
  queries: readonly JudgedQuery[],
  mode: HintMode,
): Record<Language, LanguageFigures> {
  const out = {} as Record<Language, LanguageFigures>;
  for (const language of LANGUAGES) {
    const mine = queries.filter((q) => q.lang === language);
    let recall = 0;
    let rr = 0;
    const misses: { query: string; top: string[]; relevant: string[] }[] = [];
    for (const q of mine) {
      const hint = mode === 'none' ? null : mode === 'correct' ? q.lang : WRONG_HINT[q.lang];
      const top = room.search(q.query, { hint, limit: 10 }).hits.map((h) => h.passage.id);
      const relevant = new Set(q.relevant);
      const found = top.slice(0, 5).filter((id) => relevant.has(id)).length;
      recall += found / Math.min(relevant.size, 5);
      const rank = top.findIndex((id) => relevant.has(id));
      rr += rank >= 0 ? 1 / (rank + 1) : 0;
      if (found === 0) misses.push({ query: q.query, top: top.slice(0, 5), relevant: q.relevant });
    }
    const n = Math.max(1, mine.length);
    out[language] = { queries: mine.length, recallAt5: recall / n, mrr: rr / n, misses };
  }
  return out;
}
