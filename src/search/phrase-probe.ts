import type { SearchIndex } from './index-builder.js';
import type { Group } from './query-plan.js';

/**
 * Whether a phrase stands, word after word, in some allowed passage: the
 * question that decides whether a search falls back to the phrase's words,
 * asked without scoring anything. It matches what {@link Scorer.scorePhrase}
 * counts (a phrase scores in a passage exactly when its words line up), so a
 * caller that only needs the outcome, such as re-highlighting stored hits,
 * decides the fallback as the search did.
 *
 * The slot found in the fewest passages drives, and the first passage where
 * the words line up ends the probe: a phrase that occurs costs a few binary
 * searches; one that does not, a walk over the rarest word's postings.
 */
export function phraseOccurs(
  index: SearchIndex,
  group: Group,
  allows: ((passage: number) => boolean) | null,
): boolean {
  const { slots } = group;
  let driver = -1;
  let fewest = Infinity;
  for (let k = 0; k < slots.length; k++) {
    let df = 0;
    for (const { term } of slots[k] ?? []) df += postingsEnd(index, term) - postingsStart(index, term);
    if (df === 0) return false;
    if (df < fewest) {
      fewest = df;
      driver = k;
    }
  }
  if (driver < 0) return false;
  const seen = new Set<number>();
  for (const { term } of slots[driver] ?? []) {
    const end = postingsEnd(index, term);
    for (let p = postingsStart(index, term); p < end; p++) {
      const doc = index.postDoc[p] ?? 0;
      if (seen.has(doc) || (allows !== null && !allows(doc))) continue;
      seen.add(doc);
      if (linesUp(index, group, doc)) return true;
    }
  }
  return false;
}

/** Whether the phrase's words stand in order somewhere in one passage. */
function linesUp(index: SearchIndex, group: Group, doc: number): boolean {
  const sets: Set<number>[] = [];
  for (const slot of group.slots) {
    const positions = new Set<number>();
    for (const { term } of slot) {
      const p = postingOf(index, term, doc);
      if (p < 0) continue;
      const to = index.posStart[p + 1] ?? 0;
      for (let k = index.posStart[p] ?? 0; k < to; k++) positions.add(index.positions[k] ?? 0);
    }
    if (positions.size === 0) return false;
    sets.push(positions);
  }
  const [head, ...tail] = sets;
  for (const start of head ?? []) if (tail.every((s, j) => s.has(start + j + 1))) return true;
  return false;
}

function postingsStart(index: SearchIndex, term: number): number {
  return index.postStart[term] ?? 0;
}

function postingsEnd(index: SearchIndex, term: number): number {
  return index.postStart[term + 1] ?? 0;
}

/** Binary search for the posting of `term` in passage `doc`; -1 if none. */
export function postingOf(index: SearchIndex, term: number, doc: number): number {
  let lo = postingsStart(index, term);
  let hi = postingsEnd(index, term) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const d = index.postDoc[mid] ?? 0;
    if (d === doc) return mid;
    if (d < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
