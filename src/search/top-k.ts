import type { SearchIndex } from './index-builder.js';

/** Share of a neighbouring passage's score that a passage inherits. */
const CONTEXT_WEIGHT = 0.2;

/** A ranked passage, by its number in the index. */
export interface EngineHit {
  readonly passage: number;
  readonly score: number;
  /**
   * For a passage that matched no query word: the neighbouring passage it is
   * shown as context of. Null for a passage that matched.
   */
  readonly contextOf: number | null;
}

/** What the scoring loop left for ranking. */
export interface Scored {
  /** The passages that matched at least one group, in the order first met. */
  readonly touched: readonly number[];
  /** BM25 sum per passage. */
  readonly total: Float64Array;
  /** Groups matched per passage. */
  readonly matched: Uint8Array;
  /** How many groups the query had. */
  readonly groups: number;
}

/**
 * The k best passages. A passage's own score is its BM25 sum scaled by the
 * share of query groups it matched; it then takes a share of its neighbours'
 * own scores in the same document, because a passage often continues the one
 * before it ("The troops continued to do nothing…" after "Soviet troops were
 * introduced to Sumgait"). A neighbour that matched no word itself can rank
 * too, marked as context of the passage it follows or precedes.
 *
 * Scratch buffers are reused between rankings and left zeroed.
 */
export class Ranker {
  private readonly ownScore: Float64Array;
  private readonly contextScore: Float64Array;
  private readonly contextBest: Float64Array;
  private readonly contextFrom: Uint32Array;

  constructor(private readonly index: SearchIndex) {
    const { passageCount } = index;
    this.ownScore = new Float64Array(passageCount);
    this.contextScore = new Float64Array(passageCount);
    this.contextBest = new Float64Array(passageCount);
    this.contextFrom = new Uint32Array(passageCount);
  }

  /** The `k` best, and how many passages ranked at all, context included. */
  top(
    { touched, total, matched, groups }: Scored,
    k: number,
    allow: Uint8Array | null,
    withContext: boolean,
  ): { hits: EngineHit[]; total: number } {
    const { passageDocument } = this.index;
    const { ownScore, contextScore, contextBest, contextFrom } = this;
    const last = this.index.passageCount - 1;
    for (const d of touched) {
      const coverage = (matched[d] ?? 0) / Math.max(1, groups);
      ownScore[d] = (total[d] ?? 0) * (0.4 + 0.6 * coverage * coverage);
    }
    // Each neighbour inherits a share of the passage's own score, and keeps
    // the passage it inherits most from. Typed scratch arrays, not a Map: a
    // common word touches tens of thousands of passages.
    const lent: number[] = [];
    const lend = (to: number, from: number, s: number): void => {
      if (contextScore[to] === 0) lent.push(to);
      contextScore[to] = (contextScore[to] ?? 0) + s;
      if (s > (contextBest[to] ?? 0)) {
        contextBest[to] = s;
        contextFrom[to] = from;
      }
    };
    for (const d of touched) {
      const s = (ownScore[d] ?? 0) * CONTEXT_WEIGHT;
      if (s <= 0) continue;
      const doc = passageDocument[d];
      if (d > 0 && passageDocument[d - 1] === doc) lend(d - 1, d, s);
      if (d < last && passageDocument[d + 1] === doc) lend(d + 1, d, s);
    }
    // A small sorted buffer beats a heap for k ≤ ~50 and stays simple.
    const best: EngineHit[] = [];
    const consider = (passage: number, score: number, contextOf: number | null): void => {
      if (best.length === k && score <= (best[k - 1]?.score ?? 0)) return;
      let i = best.length;
      while (i > 0 && (best[i - 1]?.score ?? 0) < score) i--;
      best.splice(i, 0, { passage, score, contextOf });
      if (best.length > k) best.pop();
    };
    for (const d of touched) consider(d, (ownScore[d] ?? 0) + (contextScore[d] ?? 0), null);
    let count = touched.length;
    for (const d of lent) {
      if (withContext && matched[d] === 0 && (allow === null || allow[d] === 1)) {
        consider(d, contextScore[d] ?? 0, contextFrom[d] ?? 0);
        count++;
      }
      contextScore[d] = 0;
      contextBest[d] = 0;
    }
    return { hits: best, total: count };
  }
}
