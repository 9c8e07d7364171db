import { z } from 'zod';
import { LANGUAGES, type Language } from '../languages.js';
import { decodeUtf8, parseYamlWithLines, zodProblems, type SourceProblem } from '../library/yaml.js';
import { isOverlong, languagesForToken, type Analyzers } from './analyzer.js';
import { arrayEntryBytes, CacheBudget, LruCache, statsOf, type CacheStats } from './lru.js';
import { stemTerm } from './terms.js';
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
  /** Folded form as written, for every kind: a word spelled so is this variant exactly. */
  readonly surface: string;
}

interface Variant {
  readonly concept: string;
  readonly language: Language;
  readonly slots: readonly Slot[];
  /** For a one-word place name: the folded stems its adjectives and demonyms are built on. */
  readonly bases: readonly string[];
}

/**
 * How a language derives adjectives and demonyms from a place name, where the
 * derived word does not simply begin with the name: the name loses its final
 * vowel or a suffix before the new one (Ходжалы → ходжалинский, ходжалинцы;
 * Баку → бакинец; Ульяновск → ульяновцы; Շուշի → շուշեցի; Բաքու →
 * բաքվեցի), or the derived word carries more endings than an inflection
 * (Xocalı → xocalılıların, Սումգայիթ → սումգայիթցիների). A base is only
 * followed by a derivational ending, never by a bare case ending, so the
 * shortened stem of a name cannot match an unrelated word on its own.
 * English forms (Bakuvian) are listed in the glossary where they are needed.
 */
interface Derivation {
  /** The folded bases of one folded one-word place name, the name itself included. */
  readonly bases: (folded: string) => readonly string[];
  /** Whether `rest`, what follows a base, is a derivational ending with its inflection. */
  readonly ending: RegExp;
  /** The longest such ending, in code units. */
  readonly longest: number;
}

/** A base shorter than this derives nothing: Баку → бак- is the shortest. */
const MIN_BASE = 3;

const DERIVATIONS: Partial<Readonly<Record<Language, Derivation>>> = {
  // -ский adjectives, -ец/-цы and -инка demonyms, with a linking -ин-, -ан-,
  // -ов-, -ев-, -ей- or -ий- (бакинский, американцы, шаумяновский,
  // европейцы, российский). A listed adjective or demonym (московский,
  // петербуржец) gives its own base, so one form brings all of them.
  ru: {
    bases: (f) => {
      const out = [f];
      if (/[аеёиоуыэюяйь]$/.test(f)) out.push(f.slice(0, -1));
      if (/(?:ия|ья|ье|ие)$/.test(f)) out.push(f.slice(0, -2));
      if (/(?:ский|ская|ское)$/.test(f)) out.push(f.slice(0, -4));
      if (/(?:ец|ск)$/.test(f)) out.push(f.slice(0, -2));
      return out;
    },
    ending:
      /^(?:(?:ин|ан|ов|ев|ей|ий)?(?:ск(?:ий|ая|ое|ие|ого|ой|ому|ую|им|их|ими|ом)|ец|ц(?:ы|а|у|ем|е|ев|ам|ами|ах))|инк(?:а|и|е|у|ой|ам|ами|ах))$/,
    longest: 8,
  },
  // -ցի demonyms (Սումգայիթցի, Գանձակեցի; a final -ի becomes -ե-: Շուշի →
  // շուշեցի), -յան and -ական adjectives, with article, case and plural. A
  // final -ու turns to -վ- as in the oblique cases (Բաքու → բաքվեցի, բաքվյան).
  hy: {
    bases: (f) => {
      const out = [f];
      if (f.endsWith('ի')) out.push(`${f.slice(0, -1)}ե`);
      if (f.endsWith('ու')) out.push(`${f.slice(0, -2)}վ`);
      return out;
    },
    ending: /^(?:ե?ցի(?:ներ)?|ե?ցու|յան|ական)(?:ը|ն|ի|ին|ից|ով|ում)?$/,
    longest: 10,
  },
  // -lı/-li/-lu/-lü (folded li/lu) after the name as it is (Bakılı, Xocalılı,
  // Zəngəzurlu), with plural and case: xocalılıların, bakılılardan.
  az: {
    bases: (f) => [f],
    ending: /^l[iu](?:l[ae]r)?(?:n?[iu]n|[iu]|[ny][iu]|y?[ae]|n[ae]|n?d[ae]n?)?$/,
    longest: 10,
  },
};

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
  private readonly byBase = new Map<string, number[]>();
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
        const analyzer = analyzers[language];
        for (const text of concept[language]) {
          const tokens = tokenize(text);
          if (tokens.length === 0) continue;
          const slots = tokens.map((t) => {
            const surface = `${language}|${analyzer.fold(t.norm)}`;
            return {
              stem: stemTerm(analyzers, language, t.norm),
              name: concept.kind === 'term' ? null : surface,
              surface,
            };
          });
          const derivation = DERIVATIONS[language];
          const one = tokens.length === 1 ? tokens[0] : undefined;
          // Abbreviations (США, ԼՂՀ, DQR) have no adjective of their own.
          const bases =
            concept.kind === 'place' && derivation && one && text !== text.toUpperCase()
              ? [...new Set(derivation.bases(analyzer.fold(one.norm)))].filter((b) => b.length >= MIN_BASE)
              : [];
          const index = this.variants.push({ concept: concept.id, language, slots, bases }) - 1;
          const first = slots[0];
          if (!first) continue;
          // Terms match by stem; names by their folded form plus an ending,
          // because light stems of short names collide (Ağdam, Ağdərə → agd).
          if (first.name === null) push(this.byFirstStem, first.stem, index);
          else push(this.byFirstName, first.name, index);
          for (const base of bases) push(this.byBase, `${language}|${base}`, index);
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

  /**
   * Concepts in a token sequence, longest variant first at each position.
   *
   * A word that a name accounts for is that name: a term that shares only a
   * shorter stem with it, through a stripper cutting deep, does not claim it
   * too. The Azerbaijani stemmer reads both Şoyqu (Shoigu) and soyqırım
   * (genocide) as "soyq", and Rusiyanın (of Russia) as "rus" (Russian); the
   * name wins. A term keeps a word it lists, or whose stem is at least as
   * long as the name in it (азербайджанского is the country and the people).
   */
  match(tokens: readonly Token[], scope: MatchScope): ConceptMatch[] {
    const out: ConceptMatch[] = [];
    const seen = new Set<string>();
    // Per word: how many of its letters a name accounts for; per term match
    // of one word: how many its stem does (Infinity for a listed form).
    const nameReach = new Map<number, number>();
    const termReach = new Map<string, number>();
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
        if (variant.slots[0]?.name === null) {
          const reach = variant.slots.length > 1 ? Infinity : this.stemReach(token.norm, variant);
          termReach.set(key, Math.max(termReach.get(key) ?? 0, reach));
        } else {
          variant.slots.forEach((slot, j) => {
            const norm = tokens[i + j]?.norm ?? '';
            const reach = this.nameReach(norm, slot, variant, j);
            nameReach.set(i + j, Math.max(nameReach.get(i + j) ?? 0, reach));
          });
        }
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ concept: variant.concept, first: i, last: i + variant.slots.length });
      }
    }
    if (termReach.size === 0 || nameReach.size === 0) return out;
    return out.filter((m) => {
      const reach = termReach.get(`${m.concept}@${m.first}`);
      return reach === undefined || reach >= (nameReach.get(m.first) ?? 0);
    });
  }

  /** Letters of a word a one-word term accounts for: all when listed, else its stem. */
  private stemReach(norm: string, variant: Variant): number {
    const analyzer = this.analyzers[variant.language];
    if (variant.slots[0]?.surface === `${variant.language}|${analyzer.fold(norm)}`) return Infinity;
    const stem = stemTerm(this.analyzers, variant.language, norm);
    return stem.length - variant.language.length - 1;
  }

  /** Letters of a word a name accounts for: the name before its ending, or the base before a suffix. */
  private nameReach(norm: string, slot: Slot, variant: Variant, j: number): number {
    const folded = this.analyzers[variant.language].fold(norm);
    const name = (slot.name ?? '').slice(variant.language.length + 1);
    if (folded.startsWith(name)) return name.length;
    if (j > 0) return 0;
    return Math.max(0, ...variant.bases.filter((b) => folded.startsWith(b)).map((b) => b.length));
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
      // Adjectives and demonyms of places, where the language's morphology applies.
      const derivation = DERIVATIONS[language];
      if (!derivation || !inflected.includes(language)) continue;
      const least = Math.max(MIN_BASE, folded.length - derivation.longest);
      for (let cut = folded.length - 1; cut >= least; cut--) {
        if (!derivation.ending.test(folded.slice(cut))) continue;
        for (const v of this.byBase.get(`${language}|${folded.slice(0, cut)}`) ?? []) found.add(v);
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
