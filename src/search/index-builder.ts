import { LANGUAGES, type Language } from '../languages.js';
import type { Analyzers } from './analyzer.js';
import { documentScope, type ConceptMatcher } from './glossary.js';
import { scriptOf } from './normalize.js';
import { conceptTerm, nameTerm, stemTerm } from './terms.js';
import { tokenize } from './tokenize.js';

/**
 * An inverted index over passages in flat typed arrays: BM25 needs only term
 * frequencies and lengths, phrases need positions, and typed arrays load from
 * disk without parsing. Passages are numbered 0..passageCount-1.
 *
 * Terms are namespaced strings (stems, romanised names, glossary concepts:
 * see terms.ts), sorted so that prefixes are contiguous ranges.
 */
export interface SearchIndex {
  readonly passageCount: number;
  readonly terms: readonly string[];
  /** Postings of term t are postDoc[postStart[t] .. postStart[t+1]). */
  readonly postStart: Uint32Array;
  readonly postDoc: Uint32Array;
  readonly postTf: Uint16Array;
  /** Positions of posting p are positions[posStart[p] .. posStart[p+1]). */
  readonly posStart: Uint32Array;
  readonly positions: Uint16Array;
  /** Tokens per passage, for BM25 length normalisation. */
  readonly docLen: Uint16Array;
  /** Index into LANGUAGES of each passage's language. */
  readonly passageLanguage: Uint8Array;
  /** Which document each passage belongs to; neighbours in a document share context. */
  readonly passageDocument: Uint32Array;
}

/** What the builder needs of a passage. */
export interface PassageInput {
  readonly text: string;
  readonly language: Language;
  /**
   * Searchable words that are not part of the quoted text, such as the name
   * and year of the source a passage reprints ("The New York Times 1992").
   */
  readonly extra?: string;
  /** The document the passage belongs to (any number, equal for one document). */
  readonly document?: number;
}

class U32 {
  data = new Uint32Array(1 << 16);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Uint32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

const MAX_POSITION = 0xffff;

/**
 * Builds the index. `onProgress(done, total)` is called every 1,000 passages
 * so a caller can draw a progress bar over a large corpus.
 */
export function buildIndex(
  passages: readonly PassageInput[],
  analyzers: Analyzers,
  matcher: ConceptMatcher,
  onProgress?: (done: number, total: number) => void,
): SearchIndex {
  const termIds = new Map<string, number>();
  const termNames: string[] = [];
  const tTerm = new U32();
  const tDoc = new U32();
  const tPos = new U32();
  const docLen = new Uint16Array(passages.length);
  const passageLanguage = new Uint8Array(passages.length);
  const passageDocument = new Uint32Array(passages.length);
  const scopes = new Map(LANGUAGES.map((l) => [l, documentScope(l)]));

  const emit = (term: string, doc: number, pos: number): void => {
    let id = termIds.get(term);
    if (id === undefined) {
      id = termNames.push(term) - 1;
      termIds.set(term, id);
    }
    tTerm.push(id);
    tDoc.push(doc);
    tPos.push(pos);
  };

  passages.forEach((passage, doc) => {
    const { language } = passage;
    const tokens = tokenize(passage.text).slice(0, MAX_POSITION);
    docLen[doc] = tokens.length;
    passageLanguage[doc] = LANGUAGES.indexOf(language);
    // Without a document, a passage stands alone: its own number is unique.
    passageDocument[doc] = passage.document ?? doc;
    for (const token of tokens) {
      emit(stemTerm(analyzers, language, token.norm), doc, token.position);
      if (token.capital && scriptOf(token.norm) !== 'digit') {
        emit(nameTerm(analyzers, language, token.norm), doc, token.position);
      }
    }
    const scope = scopes.get(language);
    if (scope) {
      for (const m of matcher.match(tokens, scope))
        emit(conceptTerm(m.concept), doc, tokens[m.first]?.position ?? 0);
      // Extra words sit two positions past the text, so no phrase spans both.
      const offset = tokens.length + 2;
      const extra =
        passage.extra === undefined ? [] : tokenize(passage.extra).slice(0, MAX_POSITION - offset);
      for (const token of extra)
        emit(stemTerm(analyzers, language, token.norm), doc, offset + token.position);
      for (const m of matcher.match(extra, scope)) {
        emit(conceptTerm(m.concept), doc, offset + (extra[m.first]?.position ?? 0));
      }
    }
    if (onProgress && (doc + 1) % 1000 === 0) onProgress(doc + 1, passages.length);
  });
  onProgress?.(passages.length, passages.length);

  // Sort terms so that prefix search is a binary-searched range, then lay the
  // postings out by a stable counting sort on the sorted term id: emission
  // order already runs by passage and then by position.
  const order = termNames.map((_, i) => i).sort((a, b) => compare(termNames[a] ?? '', termNames[b] ?? ''));
  const rank = new Uint32Array(termNames.length);
  order.forEach((old, r) => (rank[old] = r));
  const terms = order.map((old) => termNames[old] ?? '');

  const n = tTerm.length;
  const counts = new Uint32Array(terms.length + 1);
  for (let i = 0; i < n; i++) {
    const r = (rank[tTerm.data[i] ?? 0] ?? 0) + 1;
    counts[r] = (counts[r] ?? 0) + 1;
  }
  for (let t = 0; t < terms.length; t++) counts[t + 1] = (counts[t + 1] ?? 0) + (counts[t] ?? 0);
  const sorted = new Uint32Array(n);
  const cursor = counts.slice();
  for (let i = 0; i < n; i++) {
    const r = rank[tTerm.data[i] ?? 0] ?? 0;
    const c = cursor[r] ?? 0;
    sorted[c] = i;
    cursor[r] = c + 1;
  }

  const postStart = new Uint32Array(terms.length + 1);
  const postDoc = new U32();
  const postTf: number[] = [];
  const posStart = new U32();
  const positions = new Uint16Array(n);
  let t = 0;
  for (let k = 0; k < n; k++) {
    const i = sorted[k] ?? 0;
    const term = rank[tTerm.data[i] ?? 0] ?? 0;
    const doc = tDoc.data[i] ?? 0;
    while (t <= term) postStart[t++] = postDoc.length;
    const last = postDoc.length - 1;
    if (
      last >= 0 &&
      postDoc.data[last] === doc &&
      k > 0 &&
      rank[tTerm.data[sorted[k - 1] ?? 0] ?? 0] === term
    ) {
      postTf[last] = Math.min(0xffff, (postTf[last] ?? 0) + 1);
    } else {
      postDoc.push(doc);
      postTf.push(1);
      posStart.push(k);
    }
    positions[k] = tPos.data[i] ?? 0;
  }
  while (t <= terms.length) postStart[t++] = postDoc.length;
  posStart.push(n);

  return {
    passageCount: passages.length,
    terms,
    postStart,
    postDoc: postDoc.data.slice(0, postDoc.length),
    postTf: Uint16Array.from(postTf),
    posStart: posStart.data.slice(0, posStart.length),
    positions,
    docLen,
    passageLanguage,
    passageDocument,
  };
}

/** Code-unit order, the order binary search in `terms` relies on. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
