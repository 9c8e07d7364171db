import { PermissionFlagsBits } from 'discord.js';
import type { Hit, Quote } from '../../../reading-room.js';
import type { SearchSession } from '../../../storage/store.js';
import { CITATION_STYLES } from '../../../citation/styles.js';
import { warningsFor, type ResolvedLanguage } from '../../audience.js';
import type { SearchAction } from '../../custom-id.js';
import type { ComponentSpec } from '../../define.js';
import { MAX_ECHO } from '../../limits.js';
import { checkBotCanPost, claimCooldown, has, invitedHere, requireQuote } from '../../rules.js';
import { clip } from '../../render.js';
import { UserFacingError, type BotContext, type ComponentInput, type Response } from '../../types.js';
import { postingRefusal } from '../../visibility.js';
import { message } from '../../views/payload.js';
import { quoteEmbeds } from '../../views/quote-card.js';
import { referencesView } from '../../views/references.js';
import { addToNotebook } from '../notebook/entries.js';
import { pinQuote } from '../pins/pin-flow.js';
import { contextView, openedPassage, PAGE_SIZE, searchPage } from './views.js';

/**
 * The session behind a result list's button. Every button of a list is its
 * owner's, Post included: anyone else clicking Post on a public list could
 * otherwise flood the channel.
 */
async function sessionOf(input: ComponentInput<SearchAction>, ctx: BotContext): Promise<SearchSession> {
  const session = await ctx.store.sessions.get(input.id.key);
  if (!session) throw new UserFacingError('expired');
  if (session.userId !== input.userId) throw new UserFacingError('notYours');
  return session;
}

/** A public result list (search with public:true) is the channel's: in its language, whoever clicks. */
function voiceOf(input: ComponentInput<SearchAction>): ResolvedLanguage {
  return input.messageIsPublic ? input.audience.channel : input.audience.reader;
}

/** The stored hits, rebuilt from their ids without searching again; highlighted only when shown. */
function storedHits(input: ComponentInput<SearchAction>, ctx: BotContext, session: SearchSession): Hit[] {
  // The list was searched in the language it is shown in: the same hint highlights the same words.
  const { language } = voiceOf(input);
  const stored = session.hitIds.map((id) => ({ id, contextOf: session.contextOf?.[id] ?? null }));
  // The filters decide which fallback words apply: the same filters highlight the same words.
  const { documents, languages } = session.filters;
  const filters = { ...(documents ? { documents } : {}), ...(languages ? { languages } : {}) };
  return ctx.room.storedHits(session.query, stored, { hint: language, filters });
}

/** The passage a button or the menu names, if it is one of this list's. */
async function passageOf(
  input: ComponentInput<SearchAction>,
  ctx: BotContext,
  citation: string,
): Promise<{ session: SearchSession; quote: Quote; page: number }> {
  const session = await sessionOf(input, ctx);
  const index = session.hitIds.indexOf(citation);
  if (index < 0) throw new UserFacingError('unknownCitation', { citation: clip(citation, MAX_ECHO) });
  return { session, quote: requireQuote(ctx, citation), page: Math.floor(index / PAGE_SIZE) };
}

const page: ComponentSpec<'page'> = {
  async handle(input, ctx) {
    const session = await sessionOf(input, ctx);
    const { t, language } = voiceOf(input);
    return {
      kind: 'update',
      payload: searchPage({
        query: session.query,
        hits: storedHits(input, ctx, session),
        total: session.total,
        direct: session.direct ?? session.total,
        page: input.id.page,
        key: input.id.key,
        t,
        language,
        // A public result list (search with public:true) is seen by the channel.
        warnings: warningsFor(input.audience, input.messageIsPublic),
        unmatched: session.unmatched ?? [],
      }),
    };
  },
};

const open: ComponentSpec<'open'> = {
  async handle(input, ctx) {
    // The menu's passage is the value chosen.
    const { quote, page } = await passageOf(input, ctx, input.values[0] ?? '');
    const { t, language } = voiceOf(input);
    return {
      kind: 'update',
      payload: openedPassage({
        quote,
        key: input.id.key,
        page,
        t,
        language,
        canPost: input.guildId !== null && postingRefusal(input) === null,
        canPin:
          input.guildId !== null &&
          invitedHere(input) &&
          has(input.memberPermissions, PermissionFlagsBits.PinMessages),
        canNote: invitedHere(input),
        warnings: warningsFor(input.audience, input.messageIsPublic),
      }),
    };
  },
};

const context: ComponentSpec<'context'> = {
  async handle(input, ctx) {
    const { quote, page } = await passageOf(input, ctx, input.id.citation);
    const passages = quote.document.passages;
    return {
      kind: 'update',
      payload: contextView({
        before: passages[quote.passage.n - 2] ?? null,
        after: passages[quote.passage.n] ?? null,
        quote,
        key: input.id.key,
        page,
        t: voiceOf(input).t,
        warnings: warningsFor(input.audience, input.messageIsPublic),
      }),
    };
  },
};

const cite: ComponentSpec<'cite'> = {
  async handle(input, ctx) {
    const { quote } = await passageOf(input, ctx, input.id.citation);
    return {
      kind: 'reply',
      payload: referencesView(quote, CITATION_STYLES, input.audience.reader.t),
      ephemeral: true,
    };
  },
};

/** Post to channel: the card in the channel's language, for the list's owner, with the right to post. */
const post: ComponentSpec<'post'> = {
  async handle(input, ctx): Promise<Response> {
    const { quote } = await passageOf(input, ctx, input.id.citation);
    if (input.guildId === null) throw new UserFacingError('guildOnly');
    const refused = postingRefusal(input);
    if (refused !== null) throw new UserFacingError('missingUserPermission', { permission: refused });
    checkBotCanPost(input.appPermissions);
    claimCooldown(input, ctx);
    const { channel } = input.audience;
    return {
      kind: 'post',
      payload: {
        embeds: quoteEmbeds(quote, channel.t, channel.language, warningsFor(input.audience, true)),
        allowedMentions: { parse: [] },
      },
      confirmation: message(input.audience.reader.t('passage.posted')),
    };
  },
};

const pin: ComponentSpec<'pin'> = {
  // Waiting for the lock and posting take time of their own.
  deferAtOnce: true,
  async handle(input, ctx, port) {
    const { quote } = await passageOf(input, ctx, input.id.citation);
    return pinQuote(input, ctx, port, quote, '');
  },
};

const notebookAdd: ComponentSpec<'notebookAdd'> = {
  async handle(input, ctx) {
    const { quote } = await passageOf(input, ctx, input.id.citation);
    return addToNotebook(input, ctx, quote, '');
  },
};

/** The buttons and the menu of a result list, by action. */
export const searchComponents = { page, open, context, cite, post, pin, notebookAdd } as const;
