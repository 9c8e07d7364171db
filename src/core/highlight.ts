import type { Language } from '../languages.js';
import type { Analyzers } from '../search/analyzer.js';
import { documentScope, type ConceptMatcher } from '../search/glossary.js';
import type { MatchedTerms } from '../search/searcher.js';
import { conceptTerm, nameTerm, stemTerm } from '../search/terms.js';
import { tokenize } from '../search/tokenize.js';
import type { Span } from './types.js';

/**
 * What highlighting needs of a passage whatever the query: where each token
 * is, the index terms it stands for, and the glossary names of several words.
 * The same for every search that shows the passage, so the room keeps it.
 */
export interface PassageTerms {
  /** Each token's start and end in the text. */
  readonly starts: readonly number[];
  readonly ends: readonly number[];
  /** The index terms of each token: its stem, its name term if capitalised, the concepts that start there. */
  readonly termsAt: readonly (readonly string[])[];
  /** Glossary matches: the concept's term, and the tokens it covers (`first` to `last`, exclusive). */
  readonly concepts: readonly { readonly term: string; readonly first: number; readonly last: number }[];
}

/** Analyses a passage for {@link spansOf}: tokenizing, stemming and glossary matching, once. */
export function passageTerms(
  text: string,
  language: Language,
  analyzers: Analyzers,
  matcher: ConceptMatcher,
): PassageTerms {
  const tokens = tokenize(text);
  // Plain arrays, not a Set per token: a page highlights hundreds of tokens.
  const termsAt: string[][] = tokens.map((t) => {
    const stem = stemTerm(analyzers, language, t.norm);
    return t.capital ? [stem, nameTerm(analyzers, language, t.norm)] : [stem];
  });
  const concepts: { term: string; first: number; last: number }[] = [];
  for (const m of matcher.match(tokens, documentScope(language))) {
    const term = conceptTerm(m.concept);
    termsAt[m.first]?.push(term);
    concepts.push({ term, first: m.first, last: m.last });
  }
  return { starts: tokens.map((t) => t.start), ends: tokens.map((t) => t.end), termsAt, concepts };
}

/** Roughly what a {@link PassageTerms} holds in memory, for a cache's byte budget. */
export function passageTermsBytes(p: PassageTerms): number {
  let bytes = 64 + p.starts.length * 48 + p.concepts.length * 64;
  for (const terms of p.termsAt) for (const t of terms) bytes += 16 + 2 * t.length;
  return bytes;
}

/**
 * Spans of the words of a passage that matched: any token one of whose index
 * terms the query used, and for phrases only the runs where all the words
 * stand in order. A glossary name of several words is one span.
 */
export function spansOf(
  { starts, ends, termsAt, concepts }: PassageTerms,
  { terms, phrases }: MatchedTerms,
): Span[] {
  const spans: Span[] = [];
  const conceptEnd = new Map<number, number>();
  for (const c of concepts)
    if (terms.has(c.term)) conceptEnd.set(c.first, Math.max(conceptEnd.get(c.first) ?? 0, c.last));
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i] ?? 0;
    const end = conceptEnd.get(i);
    if (end !== undefined) spans.push({ start, end: ends[end - 1] ?? ends[i] ?? start });
    else if (anyIn(termsAt[i], terms)) spans.push({ start, end: ends[i] ?? start });
  }
  for (const phrase of phrases) {
    for (let i = 0; i + phrase.length <= starts.length; i++) {
      const ok = phrase.every((slot, j) => anyIn(termsAt[i + j], slot));
      const first = starts[i];
      const last = ends[i + phrase.length - 1];
      if (ok && first !== undefined && last !== undefined) spans.push({ start: first, end: last });
    }
  }
  return mergeSpans(spans);
}

/** {@link spansOf} of a passage analysed now: for callers that highlight a text once. */
export function highlight(
  text: string,
  language: Language,
  matched: MatchedTerms,
  analyzers: Analyzers,
  matcher: ConceptMatcher,
): Span[] {
  return spansOf(passageTerms(text, language, analyzers, matcher), matched);
}

/** Whether any of a token's terms is in the set. */
function anyIn(list: readonly string[] | undefined, set: ReadonlySet<string>): boolean {
  if (list === undefined) return false;
  for (const term of list) if (set.has(term)) return true;
  return false;
}

/** Sorted spans, overlapping or touching ones merged. */
function mergeSpans(spans: Span[]): Span[] {
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  for (const s of spans) {
    const last = out.at(-1);
    if (last && s.start <= last.end)
      out[out.length - 1] = { start: last.start, end: Math.max(last.end, s.end) };
    else out.push(s);
  }
  return out;
}
