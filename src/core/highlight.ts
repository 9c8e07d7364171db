import type { Language } from '../languages.js';
import type { Analyzers } from '../search/analyzer.js';
import { documentScope, type ConceptMatcher } from '../search/glossary.js';
import type { MatchedTerms } from '../search/searcher.js';
import { conceptTerm, nameTerm, stemTerm } from '../search/terms.js';
import { tokenize } from '../search/tokenize.js';
import type { Span } from './types.js';

/**
 * Spans of the words of a passage that matched: any token one of whose index
 * terms the query used, and for phrases only the runs where all the words
 * stand in order. A glossary name of several words is one span.
 */
export function highlight(
  text: string,
  language: Language,
  { terms, phrases }: MatchedTerms,
  analyzers: Analyzers,
  matcher: ConceptMatcher,
): Span[] {
  const tokens = tokenize(text);
  // Plain arrays, not a Set per token: a page highlights hundreds of tokens,
  // and every allocation here is garbage a moment later.
  const termsAt: string[][] = tokens.map((t) => {
    const stem = stemTerm(analyzers, language, t.norm);
    return t.capital ? [stem, nameTerm(analyzers, language, t.norm)] : [stem];
  });
  const spans: Span[] = [];
  const conceptEnd = new Map<number, number>();
  for (const m of matcher.match(tokens, documentScope(language))) {
    const term = conceptTerm(m.concept);
    termsAt[m.first]?.push(term);
    if (terms.has(term)) conceptEnd.set(m.first, Math.max(conceptEnd.get(m.first) ?? 0, m.last));
  }
  tokens.forEach((t, i) => {
    const end = conceptEnd.get(i);
    if (end !== undefined) spans.push({ start: t.start, end: tokens[end - 1]?.end ?? t.end });
    else if (anyIn(termsAt[i], terms)) spans.push({ start: t.start, end: t.end });
  });
  for (const phrase of phrases) {
    for (let i = 0; i + phrase.length <= tokens.length; i++) {
      const ok = phrase.every((slot, j) => anyIn(termsAt[i + j], slot));
      const first = tokens[i];
      const last = tokens[i + phrase.length - 1];
      if (ok && first && last) spans.push({ start: first.start, end: last.end });
    }
  }
  return mergeSpans(spans);
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
