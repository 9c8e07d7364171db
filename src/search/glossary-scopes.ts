import { LANGUAGES, type Language } from '../languages.js';
import { languagesForToken } from './analyzer.js';

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

/**
 * The scopes {@link queryScope} and {@link documentScope} hand out. Only these
 * get a candidate cache: a scope made elsewhere may be one of many.
 */
export const CACHED_SCOPES: ReadonlySet<MatchScope> = new Set([
  ...QUERY_SCOPES.values(),
  ...DOCUMENT_SCOPES.values(),
]);
