import type { Language } from '../languages.js';
import { isOverlong, languagesForToken, nameTerm, stemTerm, type Analyzers } from './analyzer.js';
import { queryScope, type ConceptMatch, type ConceptMatcher } from './glossary.js';
import { compare, type SearchIndex } from './index-builder.js';
import { parseQuery, type ParsedQuery } from './query.js';
import { scriptOf } from './normalize.js';
import { tokenize, type Token } from './tokenize.js';

/** BM25 parameters: the usual defaults, which suit paragraph-sized passages. */
const K1 = 1.2;
const B = 0.75;

/** How much each kind of match counts against an exact one. */
const WEIGHT = {
  correctedConcept: 0.8,
  exact: 1,
  concept: 1,
  name: 0.9,
  prefix: 0.7,
  fuzzy1: 0.5,
  fuzzy2: 0.35,
  phrase: 1.5,
} as const;
const MAX_PREFIX_TERMS = 24;
/** Share of a neighbouring passage's score that a passage inherits. */
const CONTEXT_WEIGHT = 0.2;
const MAX_PREFIX_TERMS_AFTER_EXACT = 4;
const MAX_FUZZY_TERMS = 16;

interface Alternative {
  readonly term: number;
  readonly weight: number;
}

/** One unit of the query: a word (any of its alternatives may match) or a phrase. */
interface Group {
  /** For a word: its alternatives. For a phrase: one list per phrase word. */
  readonly slots: readonly (readonly Alternative[])[];
  readonly phrase: boolean;
  /** For a phrase: word groups to score instead when the phrase matches nowhere. */
  readonly fallback: readonly Group[];
}

/** Options of one search. */
export interface SearchOptions {
  /** Language the query is written in, if known. Only a hint. */
  readonly hint?: Language | null;
  /** How many hits to return at most. */
  readonly limit?: number;
  /** Passages allowed by filters (1 = allowed); null or absent: all. */
  readonly allow?: Uint8Array | null;
}

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

/** The outcome of one search. */
export interface EngineResult {
  readonly hits: readonly EngineHit[];
  /** How many passages matched at all (before the limit), context included. */
  readonly total: number;
  /** How many of those contain the query themselves (not only as context). */
  readonly direct: number;
  /** The index terms of the query's words, for highlighting matches. */
  readonly terms: ReadonlySet<string>;
  /** For each phrase, the index terms of each of its words, in order. */
  readonly phrases: readonly (readonly ReadonlySet<string>[])[];
  /** Query words and phrases that matched nothing, as typed. */
  readonly unmatched: readonly string[];
}

/**
 * Ranked BM25 search over a {@link SearchIndex}. A query word becomes a group
 * of alternative terms (its stem under each language its script allows, its
 * romanised name key, the glossary concepts it names, prefix completions of an
 * unfinished last word, and typo corrections when nothing else matched). A
 * passage scores, per group, its best alternative, summed over groups, and is
 * scaled by the share of groups it matched.
 *
 * Scratch buffers are reused between searches, so one Searcher must not be
 * used by two searches at once (JavaScript is single-threaded: it is not).
 */
export class Searcher {
  private readonly termIndex: Map<string, number>;
  private readonly idf: Float32Array;
  /** K1·(1 − B + B·len/avgLen) per passage: the length part of BM25. */
  private readonly lengthNorm: Float32Array;
  private readonly masks: Uint32Array;
  private readonly groupScore: Float32Array;
  private readonly groupStamp: Uint32Array;
  private readonly total: Float64Array;
  private readonly matched: Uint8Array;
  private readonly ownScore: Float64Array;
  private readonly contextScore: Float64Array;
  private readonly contextBest: Float64Array;
  private readonly contextFrom: Uint32Array;
  private stamp = 0;

  constructor(
    readonly index: SearchIndex,
    private readonly analyzers: Analyzers,
    private readonly matcher: ConceptMatcher,
  ) {
    const { terms, postStart, docLen, passageCount } = index;
    this.termIndex = new Map(terms.map((t, i) => [t, i]));
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
    this.masks = new Uint32Array(terms.length);
    terms.forEach((t, i) => (this.masks[i] = charMask(termBody(t))));
    this.groupScore = new Float32Array(passageCount);
    this.groupStamp = new Uint32Array(passageCount);
    this.total = new Float64Array(passageCount);
    this.matched = new Uint8Array(passageCount);
    this.ownScore = new Float64Array(passageCount);
    this.contextScore = new Float64Array(passageCount);
    this.contextBest = new Float64Array(passageCount);
    this.contextFrom = new Uint32Array(passageCount);
  }

  /** Runs a query (raw text or already parsed). */
  search(query: string | ParsedQuery, options: SearchOptions = {}): EngineResult {
    const parsed = typeof query === 'string' ? parseQuery(query) : query;
    const hint = options.hint ?? null;
    const limit = Math.max(1, options.limit ?? 10);
    const allow = options.allow ?? null;
    const { groups, unmatched, terms, phrases } = this.compile(parsed, hint);
    const touched: number[] = [];
    let groupCount = 0;
    for (const group of groups) {
      const matchedAny = group.phrase
        ? this.scorePhrase(group, allow, touched)
        : this.scoreWord(group, allow, touched);
      if (matchedAny > 0 || group.fallback.length === 0) {
        groupCount++;
        continue;
      }
      for (const word of group.fallback) {
        this.scoreWord(word, allow, touched);
        for (const a of word.slots[0] ?? []) terms.add(this.index.terms[a.term] ?? '');
        groupCount++;
      }
    }
    // A phrase asks for those exact words: no passage is shown for its neighbours.
    const withContext = groups.some((g) => !g.phrase);
    const { hits, total } = this.topK(touched, groupCount, limit, allow, withContext);
    const direct = touched.length;
    for (const d of touched) {
      this.total[d] = 0;
      this.matched[d] = 0;
    }
    return { hits, total, direct, terms, phrases, unmatched };
  }

  private compile(
    parsed: ParsedQuery,
    hint: Language | null,
  ): { groups: Group[]; unmatched: string[]; terms: Set<string>; phrases: Set<string>[][] } {
    const unmatched: string[] = [];
    const phrases: Set<string>[][] = [];
    const words = this.wordGroups(
      parsed.words.flatMap((w) => tokenize(w)),
      hint,
      parsed.prefixLast,
    );
    unmatched.push(...words.unmatched);
    const groups: Group[] = [...words.groups];
    const scope = queryScope(hint);
    for (const phrase of parsed.phrases) {
      const tokens = tokenize(phrase);
      const phraseConcepts = this.matcher.match(tokens, scope);
      const slots = tokens.map((token, i) => {
        const alts = new Map<number, number>();
        for (const language of languagesForToken(token.norm, hint)) {
          for (const term of [
            stemTerm(this.analyzers, language, token.norm),
            nameTerm(this.analyzers, language, token.norm),
          ]) {
            const id = this.termIndex.get(term);
            if (id !== undefined) alts.set(id, WEIGHT.phrase);
          }
        }
        for (const m of phraseConcepts) {
          const id = m.first === i ? this.termIndex.get(`#${m.concept}`) : undefined;
          if (id !== undefined) alts.set(id, WEIGHT.phrase);
        }
        return [...alts].map(([term, weight]) => ({ term, weight }));
      });
      if (slots.length === 0) continue;
      // A phrase in another language than the text cannot match word for
      // word ("Смерть армянам" vs "Death to Armenians"); its words still can.
      const fallback = this.wordGroups(tokens, hint, false);
      if (fallback.unmatched.length === tokens.length) unmatched.push(phrase);
      phrases.push(slots.map((s) => new Set(s.map((a) => this.index.terms[a.term] ?? ''))));
      groups.push({ slots, phrase: true, fallback: fallback.groups });
    }
    const terms = new Set<string>();
    for (const g of groups)
      if (!g.phrase) for (const a of g.slots[0] ?? []) terms.add(this.index.terms[a.term] ?? '');
    return { groups, unmatched, terms, phrases };
  }

  /** One group per content word: its alternatives under every language its script allows. */
  private wordGroups(
    tokens: readonly Token[],
    hint: Language | null,
    prefixLast: boolean,
  ): { groups: Group[]; unmatched: string[] } {
    const scope = queryScope(hint);
    const concepts = this.matcher.match(tokens, scope);
    const content = tokens.filter((t) => !this.isStopword(t.norm, hint));
    const kept = content.length > 0 ? content : tokens;
    const lastToken = tokens.at(-1);
    const altsOf = new Map<Token, Map<number, number>>();
    const corrections = new Map<Token, string>();
    const add = (alts: Map<number, number>, id: number | undefined, weight: number): void => {
      if (id !== undefined && (alts.get(id) ?? 0) < weight) alts.set(id, weight);
    };
    const addConcepts = (matches: readonly ConceptMatch[], token: Token, weight: number): boolean => {
      const i = tokens.indexOf(token);
      const alts = altsOf.get(token);
      let named = false;
      for (const m of matches) {
        if (alts && m.first <= i && i < m.last) {
          add(alts, this.termIndex.get(`#${m.concept}`), weight);
          named = true;
        }
      }
      return named;
    };
    for (const token of kept) {
      const alts = new Map<number, number>();
      altsOf.set(token, alts);
      const named = addConcepts(concepts, token, WEIGHT.concept);
      // A romanised key bridges scripts for names the glossary lacks; for a
      // name it knows, the key only adds noise (ՊԱԿ, the KGB, reads "pak").
      const bridge = !named || scriptOf(token.norm) === 'latin';
      for (const language of languagesForToken(token.norm, hint)) {
        add(alts, this.termIndex.get(stemTerm(this.analyzers, language, token.norm)), WEIGHT.exact);
        if (bridge)
          add(alts, this.termIndex.get(nameTerm(this.analyzers, language, token.norm)), WEIGHT.name);
      }
      // A word the glossary knows is finished: completing it would turn the
      // Armenian ՊԱԿ (KGB), romanised "pak", into "Pakistan".
      if (prefixLast && !named && token === lastToken && [...token.norm].length >= 3) {
        // A finished word needs few completions; an unfinished one needs more.
        const cap = this.hasPostings(alts) ? MAX_PREFIX_TERMS_AFTER_EXACT : MAX_PREFIX_TERMS;
        for (const [id, w] of this.prefixAlternatives(token.norm, hint, cap)) add(alts, id, w);
      }
      if (!this.hasPostings(alts) && correctable(token.norm)) {
        const fuzzy = this.fuzzyAlternatives(token.norm, hint);
        for (const { id, d } of fuzzy) add(alts, id, d <= 1 ? WEIGHT.fuzzy1 : WEIGHT.fuzzy2);
        const best = fuzzy[0];
        if (best) corrections.set(token, termBody(this.index.terms[best.id] ?? ''));
      }
    }
    // A corrected typo may complete a glossary name: "Sumgiat pogrom" is the
    // Sumgait pogroms once "Sumgiat" reads "sumgait".
    if (corrections.size > 0) {
      const corrected = tokens.map((t) => {
        const fix = corrections.get(t);
        return fix === undefined ? t : { ...t, norm: fix };
      });
      const fixedConcepts = this.matcher.match(corrected, scope);
      for (const token of kept) addConcepts(fixedConcepts, token, WEIGHT.correctedConcept);
    }
    // A named event of several words that the library never names as such
    // ("Xocalı faciəsi", the Khojaly tragedy) is one unit found by the names in
    // it: its common word ("tragedy") must not pull in other events.
    for (const m of concepts) {
      if (m.last - m.first < 2 || this.matcher.kindOf(m.concept) === 'term') continue;
      // Only when the library never names the event itself; otherwise its
      // words keep their own weight ("Karabakh war" also means the fighting).
      if (this.termIndex.has(`#${m.concept}`)) continue;
      const span = tokens.slice(m.first, m.last).filter((t) => altsOf.has(t));
      const named = span.filter((t) =>
        concepts.some(
          (c) =>
            c !== m &&
            c.first === c.last - 1 &&
            tokens[c.first] === t &&
            this.matcher.kindOf(c.concept) !== 'term',
        ),
      );
      const head = named[0];
      if (!head) continue;
      const merged = altsOf.get(head) ?? new Map<number, number>();
      for (const t of span) {
        if (t === head) continue;
        if (named.includes(t)) for (const [id, w] of altsOf.get(t) ?? []) add(merged, id, w);
        altsOf.delete(t);
      }
    }
    const groups: Group[] = [];
    const unmatched: string[] = [];
    for (const token of kept) {
      const alts = altsOf.get(token);
      if (!alts) continue;
      if (alts.size === 0) unmatched.push(token.norm);
      groups.push({
        slots: [[...alts].map(([term, weight]) => ({ term, weight }))],
        phrase: false,
        fallback: [],
      });
    }
    return { groups, unmatched };
  }

  private isStopword(norm: string, hint: Language | null): boolean {
    return languagesForToken(norm, hint).some((l) =>
      this.analyzers[l].stopwords.has(this.analyzers[l].fold(norm)),
    );
  }

  private hasPostings(alts: Map<number, number>): boolean {
    for (const id of alts.keys()) if (this.df(id) > 0) return true;
    return false;
  }

  private df(term: number): number {
    return (this.index.postStart[term + 1] ?? 0) - (this.index.postStart[term] ?? 0);
  }

  private bm25(posting: number, term: number): number {
    const tf = this.index.postTf[posting] ?? 0;
    const norm = this.lengthNorm[this.index.postDoc[posting] ?? 0] ?? 0;
    return ((this.idf[term] ?? 0) * tf * (K1 + 1)) / (tf + norm);
  }

  /**
   * Adds one word group's score to every passage it matches: the best of its
   * alternatives, kept in groupScore so a better alternative replaces a worse
   * one in the total. Returns how many passages it matched.
   */
  private scoreWord(group: Group, allow: Uint8Array | null, touched: number[]): number {
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
  private scorePhrase(group: Group, allow: Uint8Array | null, touched: number[]): number {
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

  private phraseScore(group: Group, doc: number): number {
    const sets: Set<number>[] = [];
    let score = 0;
    for (const slot of group.slots) {
      const positions = new Set<number>();
      let best = 0;
      for (const { term, weight } of slot) {
        const p = this.postingOf(term, doc);
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

  /** Binary search for the posting of `term` in passage `doc`; -1 if none. */
  private postingOf(term: number, doc: number): number {
    let lo = this.index.postStart[term] ?? 0;
    let hi = (this.index.postStart[term + 1] ?? 0) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const d = this.index.postDoc[mid] ?? 0;
      if (d === doc) return mid;
      if (d < doc) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /**
   * The k best passages. A passage's own score is its BM25 sum scaled by the
   * share of query groups it matched; it then takes a share of its
   * neighbours' own scores in the same document, because a passage often
   * continues the one before it ("The troops continued to do nothing…" after
   * "Soviet troops were introduced to Sumgait"). A neighbour that matched no
   * word itself can rank too, marked as context of the passage it follows or
   * precedes.
   */
  private topK(
    touched: readonly number[],
    groups: number,
    k: number,
    allow: Uint8Array | null,
    withContext: boolean,
  ): { hits: EngineHit[]; total: number } {
    const { passageDocument } = this.index;
    const { total, matched, ownScore, contextScore, contextBest, contextFrom } = this;
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

  /** Index terms starting with what the user typed, most frequent first. */
  private prefixAlternatives(norm: string, hint: Language | null, cap: number): Map<number, number> {
    const found = new Map<number, number>();
    for (const language of languagesForToken(norm, hint)) {
      const a = this.analyzers[language];
      for (const prefix of [`${language}:${a.fold(norm)}`, `~${a.nameKey(norm)}`]) {
        const [lo, hi] = this.range(prefix);
        const ids: number[] = [];
        for (let t = lo; t < hi; t++) ids.push(t);
        ids.sort((x, y) => this.df(y) - this.df(x));
        for (const id of ids.slice(0, cap)) found.set(id, WEIGHT.prefix);
      }
    }
    return found;
  }

  /** [lo, hi) of the sorted terms that start with `prefix`. */
  private range(prefix: string): [number, number] {
    const terms = this.index.terms;
    const lower = (key: string): number => {
      let lo = 0;
      let hi = terms.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compare(terms[mid] ?? '', key) < 0) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    return [lower(prefix), lower(`${prefix}\uffff`)];
  }

  /**
   * Terms within a small edit distance of the word's stem or name key: one
   * edit from 5 letters, two from 9. A character-set bitmask rules out most
   * of the vocabulary before any distance is computed.
   */
  private fuzzyAlternatives(norm: string, hint: Language | null): { id: number; d: number }[] {
    const candidates: { id: number; d: number }[] = [];
    if (!correctable(norm)) return candidates;
    for (const language of languagesForToken(norm, hint)) {
      const a = this.analyzers[language];
      for (const [namespace, body] of [
        [`${language}:`, a.stem(norm)],
        ['~', a.nameKey(norm)],
      ] as const) {
        const max = [...body].length >= 9 ? 2 : 1;
        const mask = charMask(body);
        const [lo, hi] = this.range(namespace);
        for (let t = lo; t < hi; t++) {
          if (popcount((this.masks[t] ?? 0) ^ mask) > 2 * max) continue;
          const term = this.index.terms[t] ?? '';
          const d = boundedDistance(body, term.slice(namespace.length), max);
          if (d <= max) candidates.push({ id: t, d });
        }
      }
    }
    candidates.sort((x, y) => x.d - y.d || this.df(y.id) - this.df(x.id));
    const seen = new Set<number>();
    return candidates.filter(({ id }) => !seen.has(id) && seen.add(id)).slice(0, MAX_FUZZY_TERMS);
  }
}

/**
 * Whether a word without exact matches is corrected for typos: from five
 * letters (shorter words are one edit from too many others), and up to
 * MAX_WORD_LENGTH (analyzer.ts), beyond which no word is real and the scan of the
 * vocabulary would be work done for an attacker.
 */
export function correctable(norm: string): boolean {
  return !isOverlong(norm) && [...norm].length >= 5;
}

function termBody(term: string): string {
  if (term.startsWith('~') || term.startsWith('#')) return term.slice(1);
  const colon = term.indexOf(':');
  return colon >= 0 ? term.slice(colon + 1) : term;
}

/** A 32-bit set of the characters of a word (hashed), for the fuzzy prefilter. */
function charMask(word: string): number {
  let mask = 0;
  for (let i = 0; i < word.length; i++) mask |= 1 << (Math.imul(word.charCodeAt(i), 0x9e3779b1) >>> 27);
  return mask >>> 0;
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent swaps, so
 * "Sumgiat" is one edit from "Sumgait"), abandoned once it must exceed `max`.
 */
export function boundedDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n] ?? max + 1;
}
