import { isLanguage, type Language } from '../../../languages.js';
import { warningsFor } from '../../audience.js';
import { MAX_QUERY } from '../../limits.js';
import { claimCooldown, withNotice } from '../../rules.js';
import { UserFacingError, type BotContext, type Handled, type Response } from '../../types.js';
import type { Visibility } from '../../visibility.js';
import { noResults, searchPage } from './views.js';

/** How many ranked passages a search keeps behind its buttons. */
export const MAX_HITS = 30;

function checkQuery(query: string): string {
  const q = query.trim();
  if (q === '') throw new UserFacingError('emptyQuery');
  if (q.length > MAX_QUERY) throw new UserFacingError('queryTooLong', { max: MAX_QUERY });
  return q;
}

/** What a search asks besides its words. */
export interface SearchAsk {
  readonly query: string;
  readonly document?: string | undefined;
  readonly language?: string | undefined;
}

/**
 * Runs a search and answers with its first page, saving the ranked ids (with
 * what each is context of, and the words that matched nothing) so that the
 * buttons can page and open them without searching again. Used by /search
 * and by "Find sources".
 */
export async function answerSearch(
  input: Handled,
  ctx: BotContext,
  visibility: Visibility,
  ask: SearchAsk,
): Promise<Response> {
  const query = checkQuery(ask.query);
  const isPublic = visibility.isPublic;
  if (isPublic) claimCooldown(input, ctx);
  // A public list is the channel's: in the server's language.
  const { t, language } = isPublic ? input.audience.channel : input.audience.reader;
  if (ask.document !== undefined && !ctx.room.document(ask.document))
    throw new UserFacingError('unknownDocument', { document: ask.document });
  const filters: { documents?: string[]; languages?: Language[] } = {
    ...(ask.document !== undefined ? { documents: [ask.document] } : {}),
    ...(ask.language !== undefined && isLanguage(ask.language) ? { languages: [ask.language] } : {}),
  };
  // The interface language is the best hint for the query's language; the
  // engine checks it against the query's script anyway.
  const result = ctx.room.search(query, { hint: language, limit: MAX_HITS, filters });
  if (result.hits.length === 0) {
    return {
      kind: 'reply',
      payload: withNotice(noResults(query, ctx.room.documents, t), visibility, t),
      ephemeral: !isPublic,
    };
  }
  const contextOf: Record<string, string> = {};
  for (const h of result.hits) if (h.contextOf !== null) contextOf[h.passage.id] = h.contextOf;
  const key = await ctx.store.sessions.save({
    userId: input.userId,
    query,
    filters,
    hitIds: result.hits.map((h) => h.passage.id),
    total: result.total,
    direct: result.direct,
    contextOf,
    unmatched: result.unmatched.slice(0, 20).map((w) => w.slice(0, 100)),
  });
  const page = searchPage({
    query,
    hits: result.hits,
    total: result.total,
    direct: result.direct,
    page: 0,
    key,
    t,
    language,
    warnings: warningsFor(input.audience, isPublic),
    unmatched: result.unmatched,
  });
  return { kind: 'reply', payload: withNotice(page, visibility, t), ephemeral: !isPublic };
}
