import type { Language } from '../languages.js';
import { languagesForToken, type Analyzers } from './analyzer.js';
import { queryScope, type ConceptMatch, type ConceptMatcher } from './glossary.js';
import { scriptOf } from './normalize.js';
import type { ParsedQuery } from './query.js';
import { correctable, type TermDictionary } from './term-dictionary.js';
import { conceptTerm, nameTerm, stemTerm, termBody } from './terms.js';
import { tokenize, type Token } from './tokenize.js';

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
const MAX_PREFIX_TERMS_AFTER_EXACT = 4;

/** An index term that may stand for a query word, and how much it counts. */
export interface Alternative {
  readonly term: number;
  readonly weight: number;
}

/** One unit of the query: a word (any of its alternatives may match) or a phrase. */
export interface Group {
  /** For a word: its alternatives. For a phrase: one list per phrase word. */
  readonly slots: readonly (readonly Alternative[])[];
  readonly phrase: boolean;
  /** For a phrase: word groups to score instead when the phrase matches nowhere. */
  readonly fallback: readonly Group[];
}

/** A query compiled against one index. */
export interface QueryPlan {
  readonly groups: readonly Group[];
  /** Query words and phrases that matched nothing, as typed. */
  readonly unmatched: readonly string[];
  /** The index terms of the query's words, for highlighting matches. */
  readonly terms: Set<string>;
  /** For each phrase, the index terms of each of its words, in order. */
  readonly phrases: readonly (readonly ReadonlySet<string>[])[];
}

/**
 * Turns a parsed query into groups of alternative index terms: for a word,
 * its stem under each language its script allows, its romanised name key, the
 * glossary concepts it names, prefix completions of an unfinished last word,
 * and typo corrections when nothing else matched; for a phrase, the same per
 * word, with its words as a fallback.
 */
export class QueryPlanner {
  constructor(
    private readonly dictionary: TermDictionary,
    private readonly analyzers: Analyzers,
    private readonly matcher: ConceptMatcher,
  ) {}

  plan(parsed: ParsedQuery, hint: Language | null): QueryPlan {
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
            const id = this.dictionary.id(term);
            if (id !== undefined) alts.set(id, WEIGHT.phrase);
          }
        }
        for (const m of phraseConcepts) {
          const id = m.first === i ? this.dictionary.id(conceptTerm(m.concept)) : undefined;
          if (id !== undefined) alts.set(id, WEIGHT.phrase);
        }
        return [...alts].map(([term, weight]) => ({ term, weight }));
      });
      if (slots.length === 0) continue;
      // A phrase in another language than the text cannot match word for
      // word ("Смерть армянам" vs "Death to Armenians"); its words still can.
      const fallback = this.wordGroups(tokens, hint, false);
      if (fallback.unmatched.length === tokens.length) unmatched.push(phrase);
      phrases.push(slots.map((s) => new Set(s.map((a) => this.dictionary.term(a.term)))));
      groups.push({ slots, phrase: true, fallback: fallback.groups });
    }
    const terms = new Set<string>();
    for (const g of groups) if (!g.phrase) this.addWordTerms(g, terms);
    return { groups, unmatched, terms, phrases };
  }

  /** Adds the index terms of a word group to `terms`. */
  addWordTerms(group: Group, terms: Set<string>): void {
    for (const a of group.slots[0] ?? []) terms.add(this.dictionary.term(a.term));
  }

  /** One group per content word: its alternatives under every language its script allows. */
  private wordGroups(
    tokens: readonly Token[],
    hint: Language | null,
    prefixLast: boolean,
  ): { groups: Group[]; unmatched: string[] } {
    const dictionary = this.dictionary;
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
          add(alts, dictionary.id(conceptTerm(m.concept)), weight);
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
        add(alts, dictionary.id(stemTerm(this.analyzers, language, token.norm)), WEIGHT.exact);
        if (bridge) add(alts, dictionary.id(nameTerm(this.analyzers, language, token.norm)), WEIGHT.name);
      }
      // A word the glossary knows is finished: completing it would turn the
      // Armenian ՊԱԿ (KGB), romanised "pak", into "Pakistan".
      if (prefixLast && !named && token === lastToken && [...token.norm].length >= 3) {
        // A finished word needs few completions; an unfinished one needs more.
        const cap = dictionary.anyPosted(alts.keys()) ? MAX_PREFIX_TERMS_AFTER_EXACT : MAX_PREFIX_TERMS;
        for (const id of dictionary.completions(token.norm, hint, cap)) add(alts, id, WEIGHT.prefix);
      }
      if (!dictionary.anyPosted(alts.keys()) && correctable(token.norm)) {
        const fuzzy = dictionary.corrections(token.norm, hint);
        for (const { id, d } of fuzzy) add(alts, id, d <= 1 ? WEIGHT.fuzzy1 : WEIGHT.fuzzy2);
        const best = fuzzy[0];
        if (best) corrections.set(token, termBody(dictionary.term(best.id)));
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
    this.mergeUnnamedEvents(tokens, concepts, altsOf, add);
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

  /**
   * A named event of several words that the library never names as such
   * ("Xocalı faciəsi", the Khojaly tragedy) is one unit found by the names in
   * it: its common word ("tragedy") must not pull in other events. The names'
   * alternatives merge into the first name's group; the other words' groups go.
   */
  private mergeUnnamedEvents(
    tokens: readonly Token[],
    concepts: readonly ConceptMatch[],
    altsOf: Map<Token, Map<number, number>>,
    add: (alts: Map<number, number>, id: number | undefined, weight: number) => void,
  ): void {
    for (const m of concepts) {
      if (m.last - m.first < 2 || this.matcher.kindOf(m.concept) === 'term') continue;
      // Only when the library never names the event itself; otherwise its
      // words keep their own weight ("Karabakh war" also means the fighting).
      if (this.dictionary.has(conceptTerm(m.concept))) continue;
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
  }

  private isStopword(norm: string, hint: Language | null): boolean {
    return languagesForToken(norm, hint).some((l) =>
      this.analyzers[l].stopwords.has(this.analyzers[l].fold(norm)),
    );
  }
}
