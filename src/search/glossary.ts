import { z } from 'zod';
import { LANGUAGES, type Language } from '../languages.js';
import { decodeUtf8, parseYamlWithLines, zodProblems, type SourceProblem } from '../library/yaml.js';
import { isOverlong, languagesForToken, stemTerm, type Analyzers } from './analyzer.js';
import { arrayEntryBytes, CacheBudget, LruCache, statsOf, type CacheStats } from './lru.js';
import { tokenize, type Token } from './tokenize.js';

// YAML reads bare `true`, `no` or `366` as non-strings; a variant is always a
// word, so scalars are taken as the text the operator wrote.
const variant = z
  .union([z.string(), z.number(), z.boolean()])
  .transform((v) => String(v).trim())
  .pipe(z.string().min(1, 'a variant must not be empty'));
const variants = z.array(variant).min(1, 'at least one variant');

/**
 * Byte budget shared by a matcher's candidate caches (one per scope: five
 * for queries, four for indexing). Most words name no concept, so an entry
 * is small, about 110 bytes. Index building of the 100,000 passages of
 * `npm run bench` needs 6.3 MiB, and the cache keeps at least the most
 * recent half of its budget: such a build computes 61,700 candidate lists
 * in 2.2 million look-ups, against 58,900 with an unbounded cache. With
 * ANALYZER_CACHE_BYTES (analyzer.ts), 32 MiB for all the caches of a room.
 */
export const GLOSSARY_CACHE_BYTES = 12 * 1024 * 1024;

/** Kinds of concept. Names match inflected forms; terms match by stem. */
export const CONCEPT_KINDS = ['place', 'person', 'organisation', 'event', 'work', 'term'] as const;

/** One concept of the glossary with its variants in every language. */
export const conceptSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and hyphens'),
  kind: z.enum(CONCEPT_KINDS),
  note: z.string().optional(),
  en: variants,
  hy: variants,
  az: variants,
  ru: variants,
});

/** The glossary file: `data/glossary.yaml`. */
export const glossarySchema = z.strictObject({ concepts: z.array(conceptSchema) });

/** A validated glossary. */
export type Glossary = z.infer<typeof glossarySchema>;
/** One concept of the glossary. */
export type Concept = z.infer<typeof conceptSchema>;

/** Parses and validates glossary YAML; problems name the line and field. */
export function parseGlossary(
  file: string,
  bytes: Uint8Array,
): { glossary: Glossary; problems: [] } | { glossary: null; problems: SourceProblem[] } {
  const decoded = decodeUtf8(bytes);
  if ('badLine' in decoded) {
    return {
      glossary: null,
      problems: [
        { file, line: decoded.badLine, field: null, code: 'encoding', message: 'bytes that are not UTF-8' },
      ],
    };
  }
  const parsed = parseYamlWithLines(file, decoded.text, 0);
  if (parsed.problems.length > 0) return { glossary: null, problems: parsed.problems };
  const result = glossarySchema.safeParse(parsed.value);
  // Duplicates are checked on the raw entries too, so that one pass reports
  // every problem of the file, not the schema's first and then the rest.
  const problems = [
    ...(result.success ? [] : zodProblems(file, parsed, result.error)),
    ...duplicateIds(file, parsed),
  ];
  if (!result.success || problems.length > 0) return { glossary: null, problems };
  return { glossary: result.data, problems: [] };
}

function duplicateIds(file: string, parsed: ReturnType<typeof parseYamlWithLines>): SourceProblem[] {
  const concepts = (parsed.value as { concepts?: unknown } | null | undefined)?.concepts;
  if (!Array.isArray(concepts)) return [];
  const seen = new Set<unknown>();
  const problems: SourceProblem[] = [];
  concepts.forEach((c: unknown, i) => {
    const id = (c as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') return;
    if (seen.has(id)) {
      problems.push({
        file,
        line: parsed.lineOf(['concepts', i, 'id']),
        field: `concepts.${i}.id`,
        code: 'duplicate-id',
        message: `duplicate id "${id}"`,
      });
    }
    seen.add(id);
  });
  return problems;
}

/** A concept found in a token sequence. */
export interface ConceptMatch {
  readonly concept: string;
  /** Index of the first token of the match in the token array. */
  readonly first: number;
  /** Index just past the last token of the match. */
  readonly last: number;
}

interface Slot {
  /** Stem term, compared for every kind. */
  readonly stem: string;
  /** Folded name form, for names only: inflected forms may follow it. */
  readonly name: string | null;
}

interface Variant {
  readonly concept: string;
  readonly language: Language;
  readonly slots: readonly Slot[];
}

/** Where a token may be analysed: which languages for terms, which for names. */
export interface MatchScope {
  /** Languages whose term variants may match (the document's language when indexing). */
  readonly termLanguages: (token: string) => readonly Language[];
  /** Languages whose name variants may match: every language of the token's script. */
  readonly nameLanguages: (token: string) => readonly Language[];
  /**
   * Languages whose inflectional endings may follow a name. Elsewhere a name
   * matches only whole, so the Azerbaijani ABŞ (USA) never tags "absence" in
   * an English text.
   */
  readonly inflectedLanguages: (token: string) => readonly Language[];
}

/**
 * Finds glossary concepts in token sequences. Variants are analysed once with
 * their own language's analyser; a token is compared with them under each
 * language its script allows, so both sides' names for a place, in any of the
 * four languages, find the same concept.
 */
export class ConceptMatcher {
  private readonly variants: Variant[] = [];
  private readonly byFirstStem = new Map<string, number[]>();
  private readonly byFirstName = new Map<string, number[]>();
  // Per scope, then per token: a corpus repeats its words, and scopes are few
  // (nine: one per hint for queries, one per language for documents).
  private readonly firstCache = new Map<MatchScope, LruCache<string, readonly number[]>>();
  private readonly budget: CacheBudget;
  private readonly kinds = new Map<string, Concept['kind']>();

  constructor(
    glossary: Glossary,
    private readonly analyzers: Analyzers,
    options: { readonly cacheBytes?: number } = {},
  ) {
    this.budget = new CacheBudget(options.cacheBytes ?? GLOSSARY_CACHE_BYTES);
    for (const concept of glossary.concepts) {
      this.kinds.set(concept.id, concept.kind);
      for (const language of LANGUAGES) {
        for (const text of concept[language]) {
          const tokens = tokenize(text);
          if (tokens.length === 0) continue;
          const slots = tokens.map((t) => ({
            stem: stemTerm(analyzers, language, t.norm),
            name: concept.kind === 'term' ? null : `${language}|${analyzers[language].fold(t.norm)}`,
          }));
          const index = this.variants.push({ concept: concept.id, language, slots }) - 1;
          const first = slots[0];
          if (!first) continue;
          // Terms match by stem; names by their folded form plus an ending,
          // because light stems of short names collide (Ağdam, Ağdərə → agd).
          if (first.name === null) push(this.byFirstStem, first.stem, index);
          else push(this.byFirstName, first.name, index);
        }
      }
    }
  }

  /** The kind of a concept: names (places, people…) or terms. */
  kindOf(concept: string): Concept['kind'] | undefined {
    return this.kinds.get(concept);
  }

  /** What the candidate caches hold now, over all scopes (for the memory benchmark and tests). */
  cacheStats(): CacheStats {
    return { ...statsOf(this.firstCache.values()), maxBytes: this.budget.maxBytes };
  }

  /** Concepts in a token sequence, longest variant first at each position. */
  match(tokens: readonly Token[], scope: MatchScope): ConceptMatch[] {
    const out: ConceptMatch[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      if (!token) continue;
      for (const v of this.firstCandidates(token.norm, scope)) {
        const variant = this.variants[v];
        if (!variant) continue;
        let ok = true;
        for (let j = 1; j < variant.slots.length && ok; j++) {
          const next = tokens[i + j];
          const slot = variant.slots[j];
          ok =
            next !== undefined && slot !== undefined && this.slotMatches(next.norm, slot, variant.language);
        }
        if (!ok) continue;
        const key = `${variant.concept}@${i}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ concept: variant.concept, first: i, last: i + variant.slots.length });
      }
    }
    return out;
  }

  private firstCandidates(norm: string, scope: MatchScope): readonly number[] {
    const cache = isOverlong(norm) ? undefined : this.cacheOf(scope);
    const hit = cache?.get(norm);
    if (hit) return hit;
    const found = new Set<number>();
    for (const language of scope.termLanguages(norm)) {
      for (const v of this.byFirstStem.get(stemTerm(this.analyzers, language, norm)) ?? []) found.add(v);
    }
    const inflected = scope.inflectedLanguages(norm);
    for (const language of scope.nameLanguages(norm)) {
      const analyzer = this.analyzers[language];
      const folded = analyzer.fold(norm);
      const shortest = inflected.includes(language) ? Math.max(2, folded.length - 6) : folded.length;
      for (let cut = folded.length; cut >= shortest; cut--) {
        if (cut < folded.length && !analyzer.isNameEnding(folded.slice(cut))) continue;
        for (const v of this.byFirstName.get(`${language}|${folded.slice(0, cut)}`) ?? []) found.add(v);
      }
    }
    // Longest variants first, so multi-word names win over their parts. Most
    // words name nothing: they share one empty list.
    const result =
      found.size === 0
        ? NONE
        : [...found].sort(
            (a, b) => (this.variants[b]?.slots.length ?? 0) - (this.variants[a]?.slots.length ?? 0),
          );
    cache?.set(norm, result);
    return result;
  }

  /** The cache of one of the module's own scopes; none for a scope made elsewhere, which may be one of many. */
  private cacheOf(scope: MatchScope): LruCache<string, readonly number[]> | undefined {
    let cache = this.firstCache.get(scope);
    if (!cache && CACHED_SCOPES.has(scope)) {
      cache = new LruCache<string, readonly number[]>(this.budget, arrayEntryBytes);
      this.firstCache.set(scope, cache);
    }
    return cache;
  }

  private slotMatches(norm: string, slot: Slot, language: Language): boolean {
    if (slot.name === null) return stemTerm(this.analyzers, language, norm) === slot.stem;
    const analyzer = this.analyzers[language];
    const folded = `${language}|${analyzer.fold(norm)}`;
    const rest = folded.slice(slot.name.length);
    return folded.startsWith(slot.name) && (rest === '' || analyzer.isNameEnding(rest));
  }
}

const NONE: readonly number[] = Object.freeze([]);

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Scope for a query: every language the token's script allows, hint first. */
export function queryScope(hint: Language | null): MatchScope {
  return QUERY_SCOPES.get(hint) ?? makeQueryScope(hint);
}

function makeQueryScope(hint: Language | null): MatchScope {
  const langs = (t: string): readonly Language[] => languagesForToken(t, hint);
  return { termLanguages: langs, nameLanguages: langs, inflectedLanguages: langs };
}

/** Scope for indexing a document: its own language for terms, any for names. */
export function documentScope(language: Language): MatchScope {
  return DOCUMENT_SCOPES.get(language) ?? makeDocumentScope(language);
}

function makeDocumentScope(language: Language): MatchScope {
  const own = [language] as const;
  return {
    termLanguages: (t) =>
      languagesForToken(t, language).includes(language) ? own : languagesForToken(t, null),
    nameLanguages: (t) => languagesForToken(t, language),
    inflectedLanguages: () => own,
  };
}

// Scopes are pure functions of their language; one object each lets the
// matcher cache per scope.
const QUERY_SCOPES = new Map<Language | null, MatchScope>(
  [null, ...LANGUAGES].map((l) => [l, makeQueryScope(l)] as const),
);
const DOCUMENT_SCOPES = new Map<Language, MatchScope>(
  LANGUAGES.map((l) => [l, makeDocumentScope(l)] as const),
);
const CACHED_SCOPES: ReadonlySet<MatchScope> = new Set([
  ...QUERY_SCOPES.values(),
  ...DOCUMENT_SCOPES.values(),
]);
