import type { Language } from '../languages.js';
import type { Analyzers } from './analyzer.js';

/*
 * The namespaces of index terms, spelled here and nowhere else. Terms are
 * strings sorted in code-unit order, so that a namespace, and any prefix in
 * it, is a contiguous range of the index's terms:
 * - `en:massacr`: a stem in one language (`0:1988` for a number, shared by all);
 * - `~khojaly`: a name romanised to English-style Latin, for capitalised words;
 * - `#khojaly`: a glossary concept, the bridge between the four languages.
 * A change of spelling changes every stored index; this file is part of the
 * code the index content hash covers.
 */

/** Numbers, which every language shares: `0:1988`. */
const NUMBER_NAMESPACE = '0:';
/** Romanised names: `~khojaly`. */
export const NAME_NAMESPACE = '~';
/** Glossary concepts: `#khojaly`. */
const CONCEPT_NAMESPACE = '#';

/** The namespace of one language's stems: `en:`. */
export function stemNamespace(language: Language): string {
  return `${language}:`;
}

/** The index term of a token's stem: numbers are shared by all languages. */
export function stemTerm(analyzers: Analyzers, language: Language, norm: string): string {
  // The namespace of stemNamespace, inlined: this runs for every token indexed.
  return /^\d+$/.test(norm) ? `${NUMBER_NAMESPACE}${norm}` : `${language}:${analyzers[language].stem(norm)}`;
}

/** The index term of a romanised name key. */
export function nameTerm(analyzers: Analyzers, language: Language, norm: string): string {
  return `${NAME_NAMESPACE}${analyzers[language].nameKey(norm)}`;
}

/** The index term of a glossary concept, by its id. */
export function conceptTerm(concept: string): string {
  return `${CONCEPT_NAMESPACE}${concept}`;
}

/** A term without its namespace: the stem, name key or concept id. */
export function termBody(term: string): string {
  // Both are one character long.
  if (term.startsWith(NAME_NAMESPACE) || term.startsWith(CONCEPT_NAMESPACE)) return term.slice(1);
  const colon = term.indexOf(':');
  return colon >= 0 ? term.slice(colon + 1) : term;
}
