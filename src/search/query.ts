import { isLanguage, type Language } from '../languages.js';

/** Filters that narrow a search to some passages. All are optional. */
export interface SearchFilters {
  /** Only these documents (ids). Empty: all. */
  readonly documents?: readonly string[];
  /** Only documents written in these languages. Empty: all. */
  readonly languages?: readonly Language[];
  /** Earliest date, inclusive: YYYY, YYYY-MM or YYYY-MM-DD. */
  readonly from?: string;
  /** Latest date, inclusive: YYYY, YYYY-MM or YYYY-MM-DD. */
  readonly to?: string;
}

/** A query split into its parts. */
export interface ParsedQuery {
  /** Free words, in order, as typed. */
  readonly words: readonly string[];
  /** Phrases that were in double quotes, as typed. */
  readonly phrases: readonly string[];
  /** Whether the last free word may be unfinished (no space after it). */
  readonly prefixLast: boolean;
  /** Filters written in the query (`doc:`, `lang:`, `from:`, `to:`). */
  readonly filters: SearchFilters;
  /** Filter values that could not be understood, as typed. */
  readonly invalid: readonly string[];
}

const QUOTES = /["“”«»„]([^"“”«»„]*)["“”«»„]?/g;
const FILTER = /^(doc|lang|from|to):(.*)$/i;
/** Dates accepted by filters: a year, a month or a day. */
export const PARTIAL_DATE = /^\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$/;

/**
 * Parses query syntax: `"a phrase"` in any quote style, `doc:<id>`,
 * `lang:<en|hy|az|ru>`, `from:<date>`, `to:<date>`; every other word is a
 * search word. An unclosed quote runs to the end, as people type it.
 */
export function parseQuery(input: string): ParsedQuery {
  const phrases: string[] = [];
  const rest = input.replace(QUOTES, (_, inner: string) => {
    if (inner.trim() !== '') phrases.push(inner.trim());
    return ' ';
  });
  const words: string[] = [];
  const documents: string[] = [];
  const languages: Language[] = [];
  const invalid: string[] = [];
  let from: string | undefined;
  let to: string | undefined;
  for (const word of rest.split(/\s+/).filter(Boolean)) {
    const m = FILTER.exec(word);
    if (!m) {
      words.push(word);
      continue;
    }
    const key = (m[1] ?? '').toLowerCase();
    const value = (m[2] ?? '').trim();
    if (key === 'doc' && /^[a-z0-9][a-z0-9-]*$/.test(value)) documents.push(value);
    else if (key === 'lang' && isLanguage(value.toLowerCase()))
      languages.push(value.toLowerCase() as Language);
    else if (key === 'from' && PARTIAL_DATE.test(value)) from = value;
    else if (key === 'to' && PARTIAL_DATE.test(value)) to = value;
    else invalid.push(word);
  }
  const filters: SearchFilters = {
    ...(documents.length > 0 ? { documents } : {}),
    ...(languages.length > 0 ? { languages } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
  };
  const endsOpen =
    !/[\s"“”«»„]$/.test(input) && words.length > 0 && rest.trimEnd().endsWith(words.at(-1) ?? '\0');
  return { words, phrases, prefixLast: endsOpen, filters, invalid };
}
