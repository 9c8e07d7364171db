import type { SearchIndex } from './index-builder.js';
import { postingOf } from './phrase-probe.js';
import type { Group } from './query-plan.js';

/** BM25 parameters: the usual defaults, which suit paragraph-sized passages. */
const K1 = 1.2;
const B = 0.75;

/**
 * The scoring loop: BM25 per passage, summed over a query's groups. A word
 * group adds, per passage, the best of its alternatives; a phrase adds the sum
 * of its words' best where they stand in order. Totals and match counts are
 * kept in typed scratch arrays indexed by passage, reused between searches:
 * {@link clear} the passages a search touched before the next one.
 */
export class Scorer {
  /** Sum of group scores per passage. */
  readonly total: Float64Array;
  /** Number of groups that matched, per passage. */
  readonly matched: Uint8Array;
  private readonly idf: Float32Array;
  /** K1·(1 − B + B·len/avgLen) per passage: the length part of BM25. */
  private readonly lengthNorm: Float32Array;
  private readonly groupScore: Float32Array;
  private readonly groupStamp: Uint32Array;
  private stamp = 0;

  constructor(private readonly index: SearchIndex) {
    const { terms, postStart, docLen, passageCount } = index;
    this.idf = new Float32Array(terms.length);
    for (let t = 0; t < terms.length; t++) {
      const df = (postStart[t + 1] ?? 0) - (postStart[t] ?? 0);
      this.idf[t] = Math.log(1 + (passageCount - df + 0.5) / (df + 0.5));
    }
    let sum = 0;
    for (const len of docLen) sum += len;
    const avg = passageCount > 0 && sum > 0 ? sum / passageCount : 1;
    this.lengthNorm = new Float32Array(passageCount);
    for (let d = 0; d < passageCount; d++) this.lengthNorm[d] = K1 * (1 - B + (B * (docLen[d] ?? 0)) / avg);
    this.groupScore = new Float32Array(passageCount);
    this.groupStamp = new Uint32Array(passageCount);
    this.total = new Float64Array(passageCount);
    this.matched = new Uint8Array(passageCount);
  }

  /**
   * Adds one word group's score to every passage it matches: the best of its
   * alternatives, kept in groupScore so a better alternative replaces a worse
   * one in the total. Passages met for the first time go to `touched`.
   * Returns how many passages it matched.
   */
  scoreWord(group: Group, allow: Uint8Array | null, touched: number[]): number {
    // The hot loop of every search: plain locals over typed arrays, with the
    // length part of BM25 precomputed per passage.
    const stamp = ++this.stamp;
    let count = 0;
    const { postStart, postDoc, postTf } = this.index;
    const { groupStamp, groupScore, lengthNorm, total, matched } = this;
    for (const { term, weight } of group.slots[0] ?? []) {
      const end = postStart[term + 1] ?? 0;
      const w = weight * (this.idf[term] ?? 0) * (K1 + 1);
      for (let p = postStart[term] ?? 0; p < end; p++) {
        const d = postDoc[p] ?? 0;
        if (allow !== null && allow[d] !== 1) continue;
        const tf = postTf[p] ?? 0;
        const s = (w * tf) / (tf + (lengthNorm[d] ?? 0));
        if (groupStamp[d] !== stamp) {
          groupStamp[d] = stamp;
          groupScore[d] = s;
          const m = matched[d] ?? 0;
          if (m === 0) touched.push(d);
          matched[d] = m + 1;
          total[d] = (total[d] ?? 0) + s;
          count++;
        } else {
          const before = groupScore[d] ?? 0;
          if (s > before) {
            groupScore[d] = s;
            total[d] = (total[d] ?? 0) + s - before;
          }
        }
      }
    }
    return count;
  }

  /** Scores a phrase: passages where the words stand next to each other, in order. */
  scorePhrase(group: Group, allow: Uint8Array | null, touched: number[]): number {
    const first = group.slots[0] ?? [];
    const seen = new Set<number>();
    let count = 0;
    const { postStart, postDoc } = this.index;
    for (const { term } of first) {
      const end = postStart[term + 1] ?? 0;
      for (let p = postStart[term] ?? 0; p < end; p++) {
        const d = postDoc[p] ?? 0;
        if (seen.has(d) || (allow !== null && allow[d] !== 1)) continue;
        seen.add(d);
        const score = this.phraseScore(group, d);
        if (score <= 0) continue;
        count++;
        if (this.matched[d] === 0) touched.push(d);
        this.matched[d] = (this.matched[d] ?? 0) + 1;
        this.total[d] = (this.total[d] ?? 0) + score;
      }
    }
    return count;
  }

  /** Resets the totals of the passages a search touched. */
  clear(touched: readonly number[]): void {
    for (const d of touched) {
      this.total[d] = 0;
      this.matched[d] = 0;
    }
  }

  private bm25(posting: number, term: number): number {
    const tf = this.index.postTf[posting] ?? 0;
    const norm = this.lengthNorm[this.index.postDoc[posting] ?? 0] ?? 0;
    return ((this.idf[term] ?? 0) * tf * (K1 + 1)) / (tf + norm);
  }

  private phraseScore(group: Group, doc: number): number {
    const sets: Set<number>[] = [];
    let score = 0;
    for (const slot of group.slots) {
      const positions = new Set<number>();
      let best = 0;
      for (const { term, weight } of slot) {
        const p = postingOf(this.index, term, doc);
        if (p < 0) continue;
        best = Math.max(best, weight * this.bm25(p, term));
        const from = this.index.posStart[p] ?? 0;
        const to = this.index.posStart[p + 1] ?? 0;
        for (let k = from; k < to; k++) positions.add(this.index.positions[k] ?? 0);
      }
      if (positions.size === 0) return 0;
      sets.push(positions);
      score += best;
    }
    const [head, ...tail] = sets;
    for (const start of head ?? []) if (tail.every((s, j) => s.has(start + j + 1))) return score;
    return 0;
  }
}
