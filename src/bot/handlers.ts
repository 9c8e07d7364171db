import { channelMention, messageLink, PermissionFlagsBits, subtext } from 'discord.js';
import { CITATION_STYLES, type CitationStyle } from '../citation/styles.js';
import { COMMANDS } from '../command-names.js';
import { isLanguage, type Language } from '../languages.js';
import type { Hit, Quote } from '../reading-room.js';
import type { SearchAction } from './custom-id.js';
import { EXPORT_FORMATS, exportNotebook, type ExportFormat } from './export.js';
import { resolveLanguage } from './language.js';
import { LIMITS, MAX_ECHO, MAX_NOTEBOOK_NOTE, MAX_PIN_NOTE, MAX_QUERY, NOTEBOOK_LIMIT } from './limits.js';
import { clip, escapeText, fitEmbeds, formatDate } from './render.js';
import type { T } from '../i18n/index.js';
import {
  UserFacingError,
  type AutocompleteInput,
  type BotContext,
  type CommandInput,
  type ComponentInput,
  type InteractionInput,
  type Payload,
  type MessageCommandInput,
  type Response,
} from './types.js';
import { checkNote } from './note.js';
import { permissionName } from './permissions.js';
import { postingRefusal, type PostingPermission } from './visibility.js';
import {
  contextView,
  message,
  noResults,
  notebookView,
  openedPassage,
  PAGE_SIZE,
  pinsView,
  quoteEmbeds,
  readerView,
  referencesView,
  searchPage,
  sourcesView,
  warningMode,
} from './views.js';

/** How many ranked passages a search keeps behind its buttons. */
const MAX_HITS = 30;

// Options are read by their registered names, which are code (src/command-names.ts).
const SEARCH = COMMANDS.search.options;
const NOTEBOOK = COMMANDS.notebook.options;
// /pin and /notebook add share the note option's name.
const NOTE = COMMANDS.pin.options.note satisfies typeof COMMANDS.notebook.options.note;

function text(input: CommandInput, name: string): string | undefined {
  const v = input.options[name];
  return typeof v === 'string' ? v : undefined;
}

function checkQuery(query: string | undefined): string {
  const q = (query ?? '').trim();
  if (q === '') throw new UserFacingError('emptyQuery');
  if (q.length > MAX_QUERY) throw new UserFacingError('queryTooLong', { max: MAX_QUERY });
  return q;
}

/** /search: ranked passages, three per page, private unless `public` is true. */
export async function search(input: CommandInput, ctx: BotContext): Promise<Response> {
  const query = checkQuery(text(input, SEARCH.query));
  const visibility = publicOrPrivate(input, ctx, input.options[SEARCH.public] === true);
  const isPublic = visibility.isPublic;
  const { t, language, contentWarnings } = await resolveLanguage(ctx, input, isPublic ? 'public' : 'private');
  const document = text(input, SEARCH.document);
  if (document !== undefined && !ctx.room.document(document))
    throw new UserFacingError('unknownDocument', { document });
  const inLanguage = text(input, SEARCH.language);
  const filters = {
    ...(document !== undefined ? { documents: [document] } : {}),
    ...(inLanguage !== undefined && isLanguage(inLanguage) ? { languages: [inLanguage] } : {}),
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
  const key = await ctx.store.saveSession({
    userId: input.userId,
    query,
    filters,
    hitIds: result.hits.map((h) => h.id),
    total: result.total,
    direct: result.direct,
  });
  return {
    kind: 'reply',
    payload: withNotice(
      searchPage({
        query,
        hits: result.hits,
        total: result.total,
        direct: result.direct,
        page: 0,
        key,
        t,
        language,
        dateNoteOf: dateNotes(ctx, language),
        warnings: warningMode(isPublic ? 'public' : 'private', contentWarnings),
        unmatched: result.unmatched,
      }),
      visibility,
      t,
    ),
    ephemeral: !isPublic,
  };
}

/** Whether a reply the member asked to make public may be, and if not, why. */
interface Visibility {
  readonly isPublic: boolean;
  /** The permission that turned a public reply private, shown to the member. */
  readonly refused: PostingPermission | null;
}

/**
 * Decides a reply's audience. A public reply needs what posting needs
 * ({@link postingRefusal}); without it the member gets the same answer
 * privately, told why. A member who posted a moment ago is asked to wait.
 */
function publicOrPrivate(
  input: InteractionInput,
  ctx: BotContext,
  wantsPublic: boolean,
  needs: { files?: boolean } = {},
): Visibility {
  if (!wantsPublic) return { isPublic: false, refused: null };
  const refused = postingRefusal(input, needs);
  if (refused !== null) return { isPublic: false, refused };
  if (!ctx.cooldown.take(input.userId)) throw new UserFacingError('cooldown');
  return { isPublic: true, refused: null };
}

/** Puts the reason a reply became private above it. */
function withNotice(payload: Payload, visibility: Visibility, t: T): Payload {
  if (visibility.refused === null) return payload;
  const notice = subtext(
    t('visibility.privateInstead', { permission: permissionName(visibility.refused, t) }),
  );
  return {
    ...payload,
    content: clip(payload.content ? `${notice}\n${payload.content}` : notice, LIMITS.content),
  };
}

function dateNotes(ctx: BotContext, language: Language): (documentId: string) => string | null {
  return (id) => ctx.room.document(id)?.dateNote?.[language] ?? null;
}

/**
 * Re-creates the hits of a stored session, with fresh highlighting, and the
 * query's words that match nothing.
 */
function sessionHits(
  ctx: BotContext,
  query: string,
  ids: readonly string[],
  filters: object,
): { hits: Hit[]; unmatched: readonly string[] } {
  const result = ctx.room.search(query, { limit: MAX_HITS, filters });
  const fresh = new Map(result.hits.map((h) => [h.id, h]));
  const hits = ids.flatMap((id) => {
    const hit = fresh.get(id);
    if (hit) return [hit];
    const found = ctx.room.quote(id);
    if (!('quote' in found)) return [];
    const { passage, document, attribution } = found.quote;
    return [
      {
        id,
        documentId: document.id,
        n: passage.n,
        text: passage.text,
        score: 0,
        spans: [],
        contextOf: null,
        attribution,
        warning: passage.warning,
      },
    ];
  });
  return { hits, unmatched: result.unmatched };
}

/** Buttons and menus of a search: page (Previous, Next, Back), open, post, context, cite, pin, notebook. */
export async function searchComponent(
  input: ComponentInput<SearchAction>,
  ctx: BotContext,
): Promise<Response> {
  const { id } = input;
  const key = id.key;
  const session = await ctx.store.session(key);
  if (!session) throw new UserFacingError('expired');
  // Every button of a result list is its owner's, Post included: anyone else
  // clicking Post on a public list could otherwise flood the channel.
  if (session.userId !== input.userId) throw new UserFacingError('notYours');
  const { t, language, contentWarnings } = await resolveLanguage(ctx, input);
  // A public result list (search with public:true) is seen by the channel.
  const warnings = warningMode(input.messageIsPublic === true ? 'public' : 'private', contentWarnings);
  const { hits, unmatched } = sessionHits(ctx, session.query, session.hitIds, session.filters);
  const pageOf = (citation: string): number =>
    Math.max(0, Math.floor(hits.findIndex((h) => h.id === citation) / PAGE_SIZE));
  const canPost = input.guildId !== null && postingRefusal(input) === null;

  if (id.action === 'page') {
    return {
      kind: 'update',
      payload: searchPage({
        query: session.query,
        hits,
        total: session.total,
        direct: session.direct ?? session.total,
        page: id.page,
        key,
        t,
        language,
        dateNoteOf: dateNotes(ctx, language),
        warnings,
        unmatched,
      }),
    };
  }
  // The menu's passage is the value chosen; a button's is in its id.
  const citation = id.action === 'open' ? (input.values[0] ?? '') : id.citation;
  const found = ctx.room.quote(citation);
  if (!('quote' in found) || !session.hitIds.includes(citation))
    throw new UserFacingError('unknownCitation', { citation: clip(citation, MAX_ECHO) });
  const quote = found.quote;
  switch (id.action) {
    case 'open':
      return {
        kind: 'update',
        payload: openedPassage({
          quote,
          key,
          page: pageOf(citation),
          t,
          language,
          canPost,
          canPin: input.guildId !== null && has(input.memberPermissions, PermissionFlagsBits.PinMessages),
          warnings,
        }),
      };
    case 'context': {
      const passages = quote.document.passages;
      return {
        kind: 'update',
        payload: contextView({
          before: passages[quote.passage.n - 2] ?? null,
          after: passages[quote.passage.n] ?? null,
          quote,
          key,
          page: pageOf(citation),
          t,
          warnings,
        }),
      };
    }
    case 'pin':
      return pinQuote(input, ctx, quote, '');
    case 'notebookAdd':
      return addToNotebook(input, ctx, quote, '');
    case 'cite':
      return { kind: 'reply', payload: referencesView(quote, CITATION_STYLES, t), ephemeral: true };
    case 'post': {
      if (input.guildId === null) throw new UserFacingError('guildOnly');
      const refused = postingRefusal(input);
      if (refused !== null) throw new UserFacingError('missingUserPermission', { permission: refused });
      checkBotCanPost(input.appPermissions);
      if (!ctx.cooldown.take(input.userId)) throw new UserFacingError('cooldown');
      const channel = await resolveLanguage(ctx, input, 'public');
      return {
        kind: 'post',
        payload: {
          embeds: quoteEmbeds(
            quote,
            channel.t,
            channel.language,
            warningMode('public', channel.contentWarnings),
          ),
          allowedMentions: { parse: [] },
        },
        confirmation: message(t('passage.posted')),
      };
    }
  }
}

function checkBotCanPost(app: bigint | null): void {
  if (app === null) return;
  if ((app & PermissionFlagsBits.SendMessages) === 0n)
    throw new UserFacingError('missingBotPermission', { permission: 'SendMessages' });
  if ((app & PermissionFlagsBits.EmbedLinks) === 0n)
    throw new UserFacingError('missingBotPermission', { permission: 'EmbedLinks' });
}

/** /quote: posts a passage publicly as a quote card. */
export async function quote(input: CommandInput, ctx: BotContext): Promise<Response> {
  const citation = (text(input, COMMANDS.quote.options.citation) ?? '').trim();
  const found = ctx.room.quote(citation);
  if (!('quote' in found))
    throw new UserFacingError('unknownCitation', { citation: clip(citation, MAX_ECHO) });
  const visibility = publicOrPrivate(input, ctx, true);
  if (visibility.isPublic) checkBotCanPost(input.appPermissions);
  const audience = visibility.isPublic ? 'public' : 'private';
  const { t, language, contentWarnings } = await resolveLanguage(ctx, input, audience);
  const card: Payload = {
    embeds: quoteEmbeds(found.quote, t, language, warningMode(audience, contentWarnings)),
    allowedMentions: { parse: [] },
  };
  return { kind: 'reply', payload: withNotice(card, visibility, t), ephemeral: !visibility.isPublic };
}

/** /cite: a formatted reference for a passage in one style, privately. */
export async function cite(input: CommandInput, ctx: BotContext): Promise<Response> {
  const citation = (text(input, COMMANDS.cite.options.citation) ?? '').trim();
  const found = ctx.room.quote(citation);
  if (!('quote' in found))
    throw new UserFacingError('unknownCitation', { citation: clip(citation, MAX_ECHO) });
  const style = text(input, COMMANDS.cite.options.style);
  const styles = CITATION_STYLES.filter((s) => s === style);
  const { t } = await resolveLanguage(ctx, input);
  return {
    kind: 'reply',
    payload: referencesView(found.quote, styles.length ? styles : CITATION_STYLES, t),
    ephemeral: true,
  };
}

/**
 * The note option, one line of plain text, or '' for none. Newlines and
 * invisible characters are refused here, at input, so that no stored note can
 * forge lines in an export or disguise itself.
 */
function checkedNote(input: CommandInput, max: number): string {
  const checked = checkNote(text(input, NOTE), max);
  if (!checked.ok) throw new UserFacingError(checked.code, checked.code === 'noteTooLong' ? { max } : {});
  return checked.note;
}

function has(permissions: bigint | null, flag: bigint): boolean {
  return permissions !== null && (permissions & flag) !== 0n;
}

function checkCanPin(input: InteractionInput): { guildId: string; channelId: string } {
  const { guildId, channelId } = input;
  if (guildId === null || channelId === null) throw new UserFacingError('guildOnly');
  if (!has(input.memberPermissions, PermissionFlagsBits.PinMessages))
    throw new UserFacingError('missingUserPermission', { permission: 'PinMessages' });
  return { guildId, channelId };
}

/** A pin posts a card in the channel: the moderator must be able to post there too. */
function checkCanPostPin(input: InteractionInput): void {
  const refused = postingRefusal(input);
  if (refused !== null) throw new UserFacingError('missingUserPermission', { permission: refused });
}

/**
 * /pin: posts a passage as a quote card with the moderator's note and pins
 * it. Needs Pin Messages (registered as the default, checked again here), and
 * the bot needs Send Messages, Embed Links and Pin Messages.
 */
export async function pin(input: CommandInput, ctx: BotContext): Promise<Response> {
  checkCanPin(input);
  const note = checkedNote(input, MAX_PIN_NOTE);
  const citation = (text(input, COMMANDS.pin.options.citation) ?? '').trim();
  const found = ctx.room.quote(citation);
  if (!('quote' in found))
    throw new UserFacingError('unknownCitation', { citation: clip(citation, MAX_ECHO) });
  return pinQuote(input, ctx, found.quote, note);
}

/** Pins a quote card: the /pin command and the Pin button of an opened passage. */
async function pinQuote(
  input: InteractionInput,
  ctx: BotContext,
  quote: Quote,
  note: string,
): Promise<Response> {
  const { guildId, channelId } = checkCanPin(input);
  checkCanPostPin(input);
  checkBotCanPost(input.appPermissions);
  if (input.appPermissions !== null && !has(input.appPermissions, PermissionFlagsBits.PinMessages)) {
    throw new UserFacingError('missingBotPermission', { permission: 'PinMessages' });
  }
  const channel = await resolveLanguage(ctx, input, 'public');
  const { t } = await resolveLanguage(ctx, input);
  const card = quoteEmbeds(
    quote,
    channel.t,
    channel.language,
    warningMode('public', channel.contentWarnings),
  );
  // The note goes first, and the whole card is fitted again with it.
  const embeds = fitEmbeds(
    note === '' ? card : [{ title: channel.t('pin.note'), description: escapeText(note) }, ...card],
  );
  return {
    kind: 'pin',
    lock: pinLock(guildId, channelId, quote.passage.id),
    payload: { embeds, allowedMentions: { parse: [] } },
    alreadyPinned: async () => {
      const existing = (await ctx.store.pins(guildId, channelId)).find(
        (p) => p.channelId === channelId && p.citation === quote.passage.id && p.removedAt === null,
      );
      if (!existing) return null;
      const link = messageLink(channelId, existing.messageId, guildId);
      return message(t('pin.already', { citation: quote.passage.id, link }));
    },
    pinned: async (messageId) => {
      await ctx.store.addPin({
        guildId,
        channelId,
        messageId,
        citation: quote.passage.id,
        pinnedBy: input.userId,
        pinnedAt: Date.now(),
        note: note === '' ? null : note,
      });
      return message(t('pin.done', { citation: quote.passage.id }));
    },
  };
}

/** One lock per passage and channel: pins and unpins of it run one after the other. */
function pinLock(guildId: string, channelId: string, citation: string): string {
  return `pin:${guildId}:${channelId}:${citation}`;
}

/** /pins list [channel]: the server's pin log, newest first. */
export async function pinsList(input: CommandInput, ctx: BotContext): Promise<Response> {
  if (input.guildId === null) throw new UserFacingError('guildOnly');
  const named = text(input, COMMANDS.pins.options.channel) ?? null;
  let channel: string | null;
  if (named !== null) {
    // Discord resolves a channel option with the member's permissions there:
    // the log of a channel they cannot view is not theirs to read.
    if (
      !serverWide(input) &&
      named !== input.channelId &&
      !has(input.channelPermissions?.[named] ?? null, PermissionFlagsBits.ViewChannel)
    )
      throw new UserFacingError('channelHidden');
    // A private thread's resolved permissions can be its parent's: being able
    // to view the channel is no sign of being in the thread.
    if (!serverWide(input) && named !== input.channelId && input.privateThreads?.includes(named) === true)
      throw new UserFacingError('channelHidden');
    channel = named;
  } else channel = serverWide(input) ? null : input.channelId;
  return {
    kind: 'reply',
    payload: await pinsPage(input, ctx, channel, 0),
    ephemeral: true,
  };
}

/**
 * Whether the member may read the whole server's pin log, private channels
 * included. Pin Messages is no such right: it can come from one channel's
 * override. Only server-level Manage Server or Administrator counts.
 */
function serverWide(input: InteractionInput): boolean {
  const perms = input.guildPermissions ?? null;
  return has(perms, PermissionFlagsBits.ManageGuild) || has(perms, PermissionFlagsBits.Administrator);
}

async function pinsPage(
  input: InteractionInput,
  ctx: BotContext,
  channel: string | null,
  page: number,
): Promise<Payload> {
  const guildId = input.guildId ?? '';
  const { t } = await resolveLanguage(ctx, input);
  const pins = await (channel === null ? ctx.store.pins(guildId) : ctx.store.pins(guildId, channel));
  // Another channel's log pages only for the server-wide right (see pinsComponent).
  const pageable = channel === input.channelId || serverWide(input);
  return pinsView({ pins, guildId, channelId: channel, page, owner: input.userId, pageable, t });
}

/**
 * The paging buttons of /pins list. The log of this channel pages for
 * anyone here; a list of another channel, or of the whole server, only for
 * the member it was made for, checked again. A legacy id without an owner
 * pages this channel's log only.
 */
export async function pinsComponent(input: ComponentInput<'pins'>, ctx: BotContext): Promise<Response> {
  if (input.guildId === null) throw new UserFacingError('expired');
  const { channel, page, owner } = input.id;
  // The whole server's log (channel null) is never "this channel", even where the channel is unknown.
  if (channel === null || channel !== input.channelId) {
    if (owner === null) throw new UserFacingError('expired');
    if (owner !== input.userId) throw new UserFacingError('notYours');
    // A click brings no resolved permissions for another channel, so only the
    // server-wide right pages it: a forged id or a stale list cannot lead
    // into a channel the member can no longer view.
    if (!serverWide(input)) throw new UserFacingError('channelHidden');
  }
  return { kind: 'update', payload: await pinsPage(input, ctx, channel, page) };
}

/**
 * Which active pin of this channel an option means: `pin:<message id>` from
 * the autocomplete, or a citation id typed by hand. Other channels are never
 * searched, so an answer cannot reveal a pin in a channel the member cannot see.
 */
async function findPin(ctx: BotContext, guildId: string, channelId: string, value: string) {
  const active = (await ctx.store.pins(guildId, channelId)).filter(
    (p) => p.removedAt === null && p.channelId === channelId,
  );
  const byMessage = /^pin:(\d{1,20})$/.exec(value);
  if (byMessage) return active.find((p) => p.messageId === byMessage[1]) ?? null;
  return active.find((p) => p.citation === value) ?? null;
}

/**
 * /pins remove citation: unpins the message and marks the log record
 * removed. Only pins of this channel: Pin Messages is a per-channel
 * permission, and the member's permissions arrive for this channel only.
 */
export async function pinsRemove(input: CommandInput, ctx: BotContext): Promise<Response> {
  const { guildId, channelId } = checkCanPin(input);
  const value = (text(input, COMMANDS.pins.options.citation) ?? '').trim();
  const record = await findPin(ctx, guildId, channelId, value);
  if (!record)
    throw new UserFacingError('notPinned', { citation: clip(value.replace(/^pin:/, ''), MAX_ECHO) });
  const { t } = await resolveLanguage(ctx, input);
  return {
    kind: 'unpin',
    lock: pinLock(guildId, record.channelId, record.citation),
    channelId: record.channelId,
    messageId: record.messageId,
    unpinned: async () => {
      await ctx.store.markPinRemoved(guildId, record.messageId, input.userId);
      return message(
        t('pins.removed', { citation: record.citation, channel: channelMention(record.channelId) }),
      );
    },
  };
}

/** Autocomplete of /pins remove: this channel's pinned excerpts, newest first. */
export async function pinnedChoices(input: AutocompleteInput, ctx: BotContext): Promise<Response> {
  if (input.guildId === null || input.channelId === null) return { kind: 'choices', choices: [] };
  const { t, language } = await resolveLanguage(ctx, input);
  const needle = input.value.trim().toLowerCase();
  // Only this channel's log is read: a keystroke costs one channel, not the server.
  const choices = (await ctx.store.pins(input.guildId, input.channelId))
    .filter((p) => p.removedAt === null)
    .flatMap((p) => {
      const found = ctx.room.quote(p.citation);
      const excerpt = 'quote' in found ? found.quote.passage.text.replace(/\s+/g, ' ') : '';
      const date = new Date(p.pinnedAt).toISOString().slice(0, 10);
      const label = `${t('pins.choice', { citation: p.citation, date: formatDate(date, language) })} — ${excerpt}`;
      return needle === '' || label.toLowerCase().includes(needle)
        ? [{ name: clip(label, LIMITS.choiceName), value: `pin:${p.messageId}` }]
        : [];
    })
    .slice(0, LIMITS.choices);
  return { kind: 'choices', choices };
}

/** A notebook belongs to a channel or thread; in direct messages, to that conversation. */
function notebookScope(input: InteractionInput): string {
  if (input.channelId === null) throw new UserFacingError('guildOnly');
  return `${input.guildId ?? 'dm'}:${input.channelId}`;
}

/** /notebook add citation [note]: adds, or updates the note of an entry already there. */
export async function notebookAdd(input: CommandInput, ctx: BotContext): Promise<Response> {
  const note = checkedNote(input, MAX_NOTEBOOK_NOTE);
  const citation = (text(input, NOTEBOOK.citation) ?? '').trim();
  const found = ctx.room.quote(citation);
  if (!('quote' in found))
    throw new UserFacingError('unknownCitation', { citation: clip(citation, MAX_ECHO) });
  return addToNotebook(input, ctx, found.quote, note);
}

async function addToNotebook(
  input: InteractionInput,
  ctx: BotContext,
  quote: Quote,
  note: string,
): Promise<Response> {
  const scope = notebookScope(input);
  const citation = quote.passage.id;
  const result = await ctx.store.withLock(`notebook:${scope}`, async () => {
    // Someone else's note is theirs: changing it takes what removing it takes.
    const existing = (await ctx.store.notebook(scope)).find((e) => e.citation === citation);
    if (
      existing &&
      note !== '' &&
      existing.addedBy !== input.userId &&
      !has(input.memberPermissions, PermissionFlagsBits.ManageMessages)
    ) {
      throw new UserFacingError('missingUserPermission', { permission: 'ManageMessages' });
    }
    return ctx.store.addToNotebook(scope, {
      citation,
      addedBy: input.userId,
      addedAt: Date.now(),
      note: note === '' ? null : note,
    });
  });
  if (result.kind === 'full') throw new UserFacingError('notebookFull', { max: NOTEBOOK_LIMIT });
  const { t } = await resolveLanguage(ctx, input);
  const text = {
    added: () => t('notebook.added', { citation, count: result.count }),
    updated: () => t('notebook.updated', { citation }),
    unchanged: () => t('notebook.already', { citation }),
  }[result.kind]();
  return { kind: 'reply', payload: message(text), ephemeral: true };
}

function quoteOf(ctx: BotContext): (citation: string) => Quote | null {
  return (citation) => {
    const found = ctx.room.quote(citation);
    return 'quote' in found ? found.quote : null;
  };
}

async function notebookPage(
  input: InteractionInput,
  ctx: BotContext,
  page: number,
  audience: 'private' | 'public',
): Promise<Payload> {
  const entries = await ctx.store.notebook(notebookScope(input));
  if (entries.length === 0) throw new UserFacingError('notebookEmpty');
  // A public notebook is the channel's: in the server's language, whoever pages it.
  const { t, contentWarnings } = await resolveLanguage(ctx, input, audience);
  return notebookView({
    entries,
    quoteOf: quoteOf(ctx),
    page,
    t,
    warnings: warningMode(audience, contentWarnings),
  });
}

/** /notebook show: paged, private unless `public` is true. */
export async function notebookShow(input: CommandInput, ctx: BotContext): Promise<Response> {
  // Checked before the notebook is read, so an empty one costs no cooldown.
  const entries = await ctx.store.notebook(notebookScope(input));
  if (entries.length === 0) throw new UserFacingError('notebookEmpty');
  const visibility = publicOrPrivate(input, ctx, input.options[NOTEBOOK.public] === true);
  const payload = await notebookPage(input, ctx, 0, visibility.isPublic ? 'public' : 'private');
  const { t } = await resolveLanguage(ctx, input);
  return { kind: 'reply', payload: withNotice(payload, visibility, t), ephemeral: !visibility.isPublic };
}

/** The paging buttons of /notebook show. */
export async function notebookComponent(
  input: ComponentInput<'notebook'>,
  ctx: BotContext,
): Promise<Response> {
  const audience = input.messageIsPublic === true ? 'public' : 'private';
  const payload = await notebookPage(input, ctx, input.id.page, audience);
  return { kind: 'update', payload };
}

/** /notebook remove citation: by the member who added it, or with Manage Messages. */
export async function notebookRemove(input: CommandInput, ctx: BotContext): Promise<Response> {
  const scope = notebookScope(input);
  const citation = (text(input, NOTEBOOK.citation) ?? '').trim();
  const removed = await ctx.store.withLock(`notebook:${scope}`, async () => {
    const entry = (await ctx.store.notebook(scope)).find((e) => e.citation === citation);
    if (!entry) throw new UserFacingError('notInNotebook', { citation: clip(citation, MAX_ECHO) });
    if (entry.addedBy !== input.userId && !has(input.memberPermissions, PermissionFlagsBits.ManageMessages))
      throw new UserFacingError('missingUserPermission', { permission: 'ManageMessages' });
    return ctx.store.removeFromNotebook(scope, citation);
  });
  const { t } = await resolveLanguage(ctx, input);
  return {
    kind: 'reply',
    payload: message(t('notebook.removed', { citation: removed?.citation ?? citation })),
    ephemeral: true,
  };
}

/** Autocomplete of /notebook remove: this notebook's entries. */
export async function notebookChoices(input: AutocompleteInput, ctx: BotContext): Promise<Response> {
  if (input.channelId === null) return { kind: 'choices', choices: [] };
  const needle = input.value.trim().toLowerCase();
  const choices = (await ctx.store.notebook(notebookScope(input)))
    .map((e) => {
      const quote = quoteOf(ctx)(e.citation);
      return {
        name: clip(`${e.citation} — ${(quote?.passage.text ?? '').replace(/\s+/g, ' ')}`, LIMITS.choiceName),
        value: e.citation,
      };
    })
    .filter((c) => needle === '' || c.name.toLowerCase().includes(needle))
    .slice(0, LIMITS.choices);
  return { kind: 'choices', choices };
}

/** /notebook export [style] [format]: the notebook as an attached file. */
export async function notebookExport(input: CommandInput, ctx: BotContext): Promise<Response> {
  const entries = await ctx.store.notebook(notebookScope(input));
  if (entries.length === 0) throw new UserFacingError('notebookEmpty');
  const style: CitationStyle = CITATION_STYLES.find((s) => s === text(input, NOTEBOOK.style)) ?? 'apa';
  const format: ExportFormat = EXPORT_FORMATS.find((f) => f === text(input, NOTEBOOK.format)) ?? 'markdown';
  const visibility = publicOrPrivate(input, ctx, input.options[NOTEBOOK.public] === true, { files: true });
  const isPublic = visibility.isPublic;
  // Headings in the server's language, the one the study group shares.
  const server = await resolveLanguage(ctx, input, 'public');
  const { t } = await resolveLanguage(ctx, input);
  const file = exportNotebook({
    entries,
    quoteOf: quoteOf(ctx),
    style,
    format,
    channelName: input.channelName ?? input.channelId ?? '',
    t: server.t,
    language: server.language,
    now: new Date(),
  });
  // Discord shows a text file inline; in public, marked passages go behind
  // Discord's spoiler for attachments, as they do in quote cards.
  const veil = isPublic && server.contentWarnings && file.marked;
  return {
    kind: 'reply',
    payload: withNotice(
      {
        content: t('notebook.exported', { count: file.count, style: t(`citeStyle.${style}`) }),
        files: [{ name: `${veil ? 'SPOILER_' : ''}${file.name}`, data: Buffer.from(file.text, 'utf8') }],
        allowedMentions: { parse: [] },
      },
      visibility,
      t,
    ),
    ephemeral: !isPublic,
  };
}

/** /read: an ephemeral reader, one passage at a time. */
export async function read(input: CommandInput, ctx: BotContext): Promise<Response> {
  const documentId = (text(input, COMMANDS.read.options.document) ?? '').trim();
  const document = ctx.room.document(documentId);
  if (!document) throw new UserFacingError('unknownDocument', { document: clip(documentId, MAX_ECHO) });
  const paragraph = input.options[COMMANDS.read.options.paragraph];
  const n = typeof paragraph === 'number' ? paragraph : 1;
  const found = ctx.room.quote(`${document.id}:${n}`);
  if (!('quote' in found)) throw new UserFacingError('unknownParagraph', { total: document.passages.length });
  const { t, language } = await resolveLanguage(ctx, input);
  return { kind: 'reply', payload: readerView(found.quote, t, language), ephemeral: true };
}

/** The reader's previous and next buttons: stateless, the id holds document and paragraph. */
export async function readComponent(input: ComponentInput<'read'>, ctx: BotContext): Promise<Response> {
  const found = ctx.room.quote(`${input.id.document}:${String(input.id.n)}`);
  if (!('quote' in found)) throw new UserFacingError('expired');
  const { t, language } = await resolveLanguage(ctx, input);
  return { kind: 'update', payload: readerView(found.quote, t, language) };
}

/** /sources: the library in the reader's language. */
export async function sources(input: CommandInput, ctx: BotContext): Promise<Response> {
  const { t, language } = await resolveLanguage(ctx, input);
  return { kind: 'reply', payload: sourcesView(ctx.room.documents, t, language), ephemeral: true };
}

/** The paging buttons of /sources. */
export async function sourcesComponent(input: ComponentInput<'sources'>, ctx: BotContext): Promise<Response> {
  const { t, language } = await resolveLanguage(ctx, input);
  return { kind: 'update', payload: sourcesView(ctx.room.documents, t, language, input.id.page) };
}

/** /help: what the bot is for, the commands and the search tips. */
export async function help(input: CommandInput, ctx: BotContext): Promise<Response> {
  const { t } = await resolveLanguage(ctx, input);
  return {
    kind: 'reply',
    payload: message(`**${t('help.title')}**\n${t('help.intro')}`, [
      { title: t('help.commands'), description: t('help.list') },
      { title: t('help.tipsTitle'), description: t('help.tips') },
    ]),
    ephemeral: true,
  };
}

/** /language: shows, sets or (with auto) clears the user's interface language. */
export async function language(input: CommandInput, ctx: BotContext): Promise<Response> {
  const choice = text(input, COMMANDS.language.options.language);
  if (choice === 'auto') {
    await ctx.store.setUserLanguage(input.userId, null);
    const { t } = await resolveLanguage(ctx, input);
    return { kind: 'reply', payload: message(t('language.cleared')), ephemeral: true };
  }
  if (choice !== undefined && isLanguage(choice)) {
    await ctx.store.setUserLanguage(input.userId, choice);
    const t = ctx.translations.t(choice);
    return {
      kind: 'reply',
      payload: message(t('language.set', { language: t(`languageName.${choice}`) })),
      ephemeral: true,
    };
  }
  const { t, language: current, source } = await resolveLanguage(ctx, input);
  // One whole sentence per source, so every language can say it its own way.
  const sentence = {
    user: 'language.currentUser',
    server: 'language.currentServer',
    discord: 'language.currentDiscord',
    default: 'language.currentDefault',
  } as const;
  return {
    kind: 'reply',
    payload: message(t(sentence[source], { language: t(`languageName.${current}`) })),
    ephemeral: true,
  };
}

/** /settings: the server's default language and content warnings; needs Manage Server, checked again here. */
export async function settings(input: CommandInput, ctx: BotContext): Promise<Response> {
  if (input.guildId === null) throw new UserFacingError('guildOnly');
  if (!has(input.memberPermissions, PermissionFlagsBits.ManageGuild)) {
    throw new UserFacingError('missingUserPermission', { permission: 'ManageGuild' });
  }
  const choice = text(input, COMMANDS.settings.options.language);
  const warnings = text(input, COMMANDS.settings.options.contentWarnings);
  const change = {
    ...(choice !== undefined && isLanguage(choice) ? { language: choice } : {}),
    ...(warnings === 'on' || warnings === 'off' ? { contentWarnings: warnings === 'on' } : {}),
  };
  if (Object.keys(change).length === 0) {
    // Nothing to change: say what is set, so a moderator can see before changing.
    const current = await ctx.store.guildSettings(input.guildId);
    const { t } = await resolveLanguage(ctx, input);
    // The warnings part is a whole sentence, so "on" and "off" agree in every language.
    const text = t('settings.current', {
      language: current.language === null ? t('settings.noLanguage') : t(`languageName.${current.language}`),
      warnings: t(current.contentWarnings ? 'settings.contentWarningsOn' : 'settings.contentWarningsOff'),
    });
    return { kind: 'reply', payload: message(text), ephemeral: true };
  }
  const now = await ctx.store.updateGuildSettings(input.guildId, change);
  const { t } = await resolveLanguage(ctx, input);
  const lines = [
    ...(change.language !== undefined
      ? [t('settings.languageSet', { language: t(`languageName.${change.language}`) })]
      : []),
    ...(change.contentWarnings !== undefined
      ? [now.contentWarnings ? t('settings.contentWarningsOn') : t('settings.contentWarningsOff')]
      : []),
  ];
  return { kind: 'reply', payload: message(lines.join('\n')), ephemeral: true };
}

/** "Find sources" on a message: the top passages for its text, privately. */
export async function findSources(input: MessageCommandInput, ctx: BotContext): Promise<Response> {
  // A long message is searched by its beginning; the engine needs no more.
  const query = clip(
    input.messageContent
      .replace(/<[@#][!&]?\d+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
    MAX_QUERY,
  ).replace(/…$/, '');
  return search({ ...input, options: { [SEARCH.query]: query } }, ctx);
}

/** Autocomplete of a document option: ids and titles in any language. */
export function documentChoices(input: AutocompleteInput, ctx: BotContext): Response {
  const needle = input.value.trim().toLowerCase();
  const choices = ctx.room.documents
    .filter((d) => needle === '' || d.id.includes(needle) || d.title.toLowerCase().includes(needle))
    .slice(0, LIMITS.choices)
    .map((d) => ({ name: clip(`${d.id} — ${d.title}`, LIMITS.choiceName), value: d.id }));
  return { kind: 'choices', choices };
}

/** Autocomplete of a citation: ids, titles and passage text, in any of the four languages. */
export function citationChoices(input: AutocompleteInput, ctx: BotContext): Response {
  const value = input.value.trim();
  const byId = ctx.room.quote(value);
  const seen = new Set<string>();
  const out: { name: string; value: string }[] = [];
  const add = (id: string, text: string): void => {
    if (seen.has(id) || out.length >= LIMITS.choices) return;
    seen.add(id);
    out.push({ name: clip(`${id} — ${text.replace(/\s+/g, ' ')}`, LIMITS.choiceName), value: id });
  };
  if ('quote' in byId) add(byId.quote.passage.id, byId.quote.passage.text);
  const prefix = value.toLowerCase();
  for (const d of ctx.room.documents) {
    if (
      prefix !== '' &&
      (d.id.startsWith(prefix.split(':')[0] ?? prefix) || d.title.toLowerCase().includes(prefix))
    ) {
      for (const p of d.passages) add(p.id, p.text);
    }
  }
  if (value !== '' && out.length < LIMITS.choices) {
    for (const hit of ctx.room.search(clip(value, MAX_QUERY), { limit: LIMITS.choices }).hits)
      add(hit.id, hit.text);
  }
  if (value === '')
    for (const d of ctx.room.documents) for (const p of d.passages.slice(0, 5)) add(p.id, p.text);
  return { kind: 'choices', choices: out };
}
