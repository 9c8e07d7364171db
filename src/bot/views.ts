import {
  ButtonStyle,
  channelMention,
  ComponentType,
  messageLink,
  spoiler,
  subtext,
  time,
  TimestampStyles,
  userMention,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
} from 'discord.js';
import type { T } from '../i18n/index.js';
import type { Language } from '../languages.js';
import type { LibraryDocument } from '../library/library.js';
import { formatReference, plainText, type CitationStyle, type Segment } from '../citation/styles.js';
import type { ContentWarning } from '../library/content-warnings.js';
import type { Passage } from '../library/library.js';
import type { Hit, Quote } from '../reading-room.js';
import type { NotebookEntry, PinRecord } from '../storage/store.js';
import {
  attributionText,
  clip,
  contextNote,
  escapeText,
  excerpt,
  fitEmbeds,
  formatDate,
  NO_MENTIONS,
  quotedTitle,
} from './render.js';
import { encode } from './custom-id.js';
import { LIMITS, MAX_QUERY } from './limits.js';
import type { Payload } from './types.js';

/** Passages per page of search results. */
export const PAGE_SIZE = 3;

type Row = APIActionRowComponent<APIComponentInMessageActionRow>;

/**
 * How a passage's content warning is shown: a warning line in private
 * results; in public posts, the line with the passage under a spoiler,
 * unless the server turned warnings off.
 */
export type WarningMode = 'line' | 'spoiler' | 'none';

/** The mode for an audience and the server's setting. */
export function warningMode(audience: 'private' | 'public', serverWantsWarnings: boolean): WarningMode {
  if (audience === 'private') return 'line';
  return serverWantsWarnings ? 'spoiler' : 'none';
}

/** The one-line warning naming the categories, in the reader's language. */
export function warningText(warning: ContentWarning, t: T): string {
  // A plain comma list: no "and", so no grammatical agreement to get wrong.
  const list = warning.categories.map((c) => t(`contentWarning.${c}`)).join(', ');
  return t('contentWarning.line', { categories: list });
}

/** Prefixes the warning line, and wraps the text in a spoiler when the mode says so. */
function veiled(
  text: string,
  warning: ContentWarning | null,
  mode: WarningMode,
  t: T,
  withLine = true,
): string {
  if (warning === null || mode === 'none') return text;
  const body = mode === 'spoiler' ? spoiler(text) : text;
  return withLine ? `${subtext(`⚠ ${warningText(warning, t)}`)}\n${body}` : body;
}

function payload(p: Omit<Payload, 'allowedMentions'>): Payload {
  return {
    ...p,
    ...(p.content !== undefined ? { content: clip(p.content, LIMITS.content) } : {}),
    ...(p.embeds ? { embeds: fitEmbeds([...p.embeds]) } : {}),
    ...(p.components ? { components: p.components.slice(0, LIMITS.rows) } : {}),
    allowedMentions: NO_MENTIONS,
  };
}

/** The page to show of `items`, clamped, with the page count and the items on it. */
function paged<T>(
  items: readonly T[],
  size: number,
  asked: number,
): { page: number; pages: number; shown: T[] } {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const page = Math.min(Math.max(0, asked), pages - 1);
  return { page, pages, shown: items.slice(page * size, (page + 1) * size) };
}

/** Documents per page of /sources. */
export const SOURCES_PAGE_SIZE = 5;

/** One page of search results: three passages, paging buttons and an "open" menu. */
export function searchPage(args: {
  query: string;
  hits: readonly Hit[];
  total: number;
  /** Of `total`, the passages that contain the query themselves. */
  direct: number;
  page: number;
  key: string;
  t: T;
  language: Language;
  /** The note on how a document's date is known, in this language. */
  dateNoteOf: (documentId: string) => string | null;
  warnings: WarningMode;
  /** Words of the query that matched nothing in the library, said so under the summary. */
  unmatched?: readonly string[];
}): Payload {
  const { query, hits, total, direct, key, t, language, dateNoteOf, warnings } = args;
  const unmatched = args.unmatched ?? [];
  const { page, pages, shown } = paged(hits, PAGE_SIZE, args.page);
  const embeds: APIEmbed[] = shown.map((hit) => ({
    title: hit.id,
    description: [
      veiled(excerpt(hit.text, hit.spans, 900), hit.warning, warnings, t),
      hit.contextOf !== null ? `*${t('search.contextOf', { citation: hit.contextOf })}*` : null,
    ]
      .filter((x): x is string => x !== null)
      .join('\n\n'),
    fields: [
      {
        name: t('attribution.citation'),
        value: attributionText(hit.attribution, t, language, dateNoteOf(hit.documentId)),
      },
    ],
  }));
  const components: Row[] = [
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          custom_id: encode.page(key, page - 1),
          label: `◀ ${t('search.previous')}`,
          disabled: page === 0,
        },
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          custom_id: encode.page(key, page + 1),
          label: `${t('search.next')} ▶`,
          disabled: page >= pages - 1,
        },
      ],
    },
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.StringSelect,
          custom_id: encode.open(key),
          placeholder: clip(t('search.open'), LIMITS.placeholder),
          options: shown.map((hit) => ({
            label: clip(hit.id, LIMITS.selectLabel),
            value: hit.id,
            // Anyone can open the menu of a public list: a marked passage shows its warning instead.
            description: clip(
              hit.warning !== null && warnings === 'spoiler'
                ? warningText(hit.warning, t)
                : hit.text.replace(/\s+/g, ' '),
              LIMITS.selectDescription,
            ),
          })),
        },
      ],
    },
  ];
  return payload({
    // The count is of passages that contain the query; neighbours shown as
    // context are counted apart, so "11 found" never means "6 name it".
    content: `${t('search.title', { query: escapeText(clip(query, MAX_QUERY)) })}\n${t('search.summary', {
      count: direct,
      page: page + 1,
      pages,
    })}${total > direct ? ` · ${t('search.contextCount', { count: total - direct })}` : ''}${
      unmatched.length > 0
        ? `\n*${t('search.unmatched', { words: escapeText(clip(unmatched.join(', '), MAX_QUERY)) })}*`
        : ''
    }`,
    embeds,
    components,
  });
}

/** The reply when nothing matched: say so, give the tips, list the documents. */
export function noResults(query: string, documents: readonly LibraryDocument[], t: T): Payload {
  return payload({
    content: `${t('search.noResults', { query: escapeText(clip(query, MAX_QUERY)) })}\n${t('search.tips')}`,
    embeds: [
      {
        title: t('search.documentsHeading'),
        description: documents.map((d) => `• \`${d.id}\` — ${quotedTitle(t, d.title)}`).join('\n'),
      },
    ],
  });
}

/**
 * A passage as a quote card: the full paragraph verbatim (split over several
 * embeds if it is longer than one can hold), the attribution, the reprinted
 * source where there is one, and the document's neutral context note.
 */
export function quoteEmbeds(
  quote: Quote,
  t: T,
  language: Language,
  warnings: WarningMode = 'line',
): APIEmbed[] {
  const text = escapeText(quote.passage.text);
  // Room for the warning line and the spoiler bars.
  const chunks = splitText(text, LIMITS.embedDescription - 300);
  const warning = quote.passage.warning;
  const embeds: APIEmbed[] = chunks.map((chunk, i) => ({
    ...(i === 0 ? { title: clip(quotedTitle(t, quote.document.title), LIMITS.embedTitle) } : {}),
    description: veiled(chunk, warning, warnings, t, i === 0),
  }));
  const last = embeds.at(-1);
  if (last) {
    last.fields = [
      {
        name: t('attribution.citation'),
        value: attributionText(quote.attribution, t, language, quote.document.dateNote?.[language] ?? null),
      },
      { name: t('attribution.about'), value: contextNote(quote.document, language) },
    ];
    last.footer = {
      text: `${quote.passage.id} · ${t('passage.position', { n: quote.passage.n, total: quote.document.passages.length })}`,
    };
  }
  // A paragraph longer than one message can hold is cut there, marked with
  // "…"; the footer's citation id leads to the whole text in /read.
  return fitEmbeds(embeds);
}

/** Splits text at paragraph, sentence or word boundaries into pieces of at most `max`. */
export function splitText(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    const cut = Math.max(window.lastIndexOf('\n'), window.lastIndexOf('. '), window.lastIndexOf(' '));
    let at = cut > max / 2 ? cut + 1 : max;
    // Never between a backslash and the character it escapes: the escape
    // would then act on the spoiler bar or the ellipsis that follows the cut.
    let slashes = 0;
    while (slashes < at && rest.charAt(at - 1 - slashes) === '\\') slashes++;
    if (slashes % 2 === 1) at--;
    out.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest.length > 0 || out.length === 0) out.push(rest);
  return out;
}

/** An opened passage in the private result view, with Post, Context and Back. */
export function openedPassage(args: {
  quote: Quote;
  key: string;
  page: number;
  t: T;
  language: Language;
  canPost: boolean;
  /** Only members who hold Pin Messages see the Pin button. */
  canPin: boolean;
  warnings: WarningMode;
}): Payload {
  const { quote, key, page, t, language, canPost, canPin, warnings } = args;
  const actions: APIComponentInMessageActionRow[] = [
    ...(canPost
      ? [
          {
            type: ComponentType.Button as const,
            style: ButtonStyle.Primary as const,
            custom_id: encode.post(key, quote.passage.id),
            label: t('passage.post'),
          },
        ]
      : []),
    ...(canPin
      ? [
          {
            type: ComponentType.Button as const,
            style: ButtonStyle.Secondary as const,
            custom_id: encode.pin(key, quote.passage.id),
            label: `📌 ${t('pin.button')}`,
          },
        ]
      : []),
    {
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      custom_id: encode.notebookAdd(key, quote.passage.id),
      label: t('notebook.button'),
    },
  ];
  const reading: APIComponentInMessageActionRow[] = [
    {
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      custom_id: encode.context(key, quote.passage.id),
      label: t('passage.context'),
    },
    {
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      custom_id: encode.cite(key, quote.passage.id),
      label: t('cite.button'),
    },
    {
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      custom_id: encode.page(key, page),
      label: t('passage.back'),
    },
  ];
  return payload({
    embeds: quoteEmbeds(quote, t, language, warnings),
    components: [
      { type: ComponentType.ActionRow, components: actions },
      { type: ComponentType.ActionRow, components: reading },
    ],
  });
}

/** The paragraphs before and after a passage. */
export function contextView(args: {
  before: Passage | null;
  after: Passage | null;
  quote: Quote;
  key: string;
  page: number;
  t: T;
  warnings: WarningMode;
}): Payload {
  const { before, after, quote, key, page, t, warnings } = args;
  // Neighbours carry their own warnings: a public view must not reveal them.
  const show = (p: Passage | null): string =>
    p === null ? t('passage.none') : veiled(escapeText(clip(p.text, 1800)), p.warning, warnings, t);
  return payload({
    embeds: [
      { title: t('passage.before'), description: show(before) },
      {
        title: quote.passage.id,
        description: veiled(escapeText(clip(quote.passage.text, 1800)), quote.passage.warning, warnings, t),
      },
      { title: t('passage.after'), description: show(after) },
    ],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            custom_id: encode.page(key, page),
            label: t('passage.back'),
          },
        ],
      },
    ],
  });
}

/** The reader of /read: one passage, its position, previous and next. */
export function readerView(quote: Quote, t: T, language: Language): Payload {
  const n = quote.passage.n;
  const total = quote.document.passages.length;
  return payload({
    content: t('passage.position', { n, total }),
    embeds: quoteEmbeds(quote, t, language),
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            custom_id: encode.read(quote.document.id, n - 1),
            label: `◀ ${t('passage.previous')}`,
            disabled: n <= 1,
          },
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            custom_id: encode.read(quote.document.id, n + 1),
            label: `${t('passage.next')} ▶`,
            disabled: n >= total,
          },
        ],
      },
    ],
  });
}

/** /sources: every document with its facts and neutral note, in the reader's language. */
export function sourcesView(
  documents: readonly LibraryDocument[],
  t: T,
  language: Language,
  asked = 0,
): Payload {
  // Five a page: each document's embed is long (context note, facts), and a
  // message holds at most 10 embeds and 6,000 characters.
  const { page, pages, shown } = paged(documents, SOURCES_PAGE_SIZE, asked);
  return payload({
    content: `**${t('sources.title')}**${pages > 1 ? ` · ${t('sources.page', { page: page + 1, pages })}` : ''}`,
    components: pages > 1 ? [pagingRow(t, page, pages, encode.sources)] : [],
    embeds: shown.map((d) => ({
      title: clip(quotedTitle(t, d.title), LIMITS.embedTitle),
      description: contextNote(d, language),
      fields: [
        { name: t('attribution.author'), value: escapeText(d.author.name), inline: true },
        {
          name: t('attribution.outlet'),
          value: d.outlet !== null ? escapeText(d.outlet) : t('attribution.noOutlet'),
          inline: true,
        },
        {
          name: t('attribution.date'),
          value:
            d.published !== null
              ? formatDate(d.published, language)
              : escapeText(d.dateNote?.[language] ?? t('attribution.noDate')),
          inline: true,
        },
        {
          name: t('sources.language'),
          value: `${t(`languageName.${d.language}`)} · ${t('sources.passages', { count: d.passages.length })}`,
          inline: true,
        },
        ...d.nestedSources.map((s) => ({
          name: '↳',
          value: t('sources.reprints', {
            outlet: escapeText(s.outlet),
            date: s.published !== null ? formatDate(s.published, language) : t('attribution.noDate'),
          }),
        })),
      ],
      footer: { text: d.id },
    })),
  });
}

/** A reference as Discord markdown: escaped text, titles of whole works in italics. */
export function referenceMarkdown(segments: readonly Segment[]): string {
  return segments.map((s) => (s.italic ? `*${escapeText(s.text)}*` : escapeText(s.text))).join('');
}

/**
 * References for a passage: each style as it reads, plus the same as plain
 * text in a code block, ready to copy into a bibliography.
 */
export function referencesView(quote: Quote, styles: readonly CitationStyle[], t: T): Payload {
  const blocks = styles.map((style) => {
    const segments = formatReference(quote.attribution, style);
    const plain = plainText(segments).replace(/`/g, 'ˋ');
    return `**${t('cite.title', { style: t(`citeStyle.${style}`) })}**\n${referenceMarkdown(segments)}\n\`\`\`\n${plain}\n\`\`\``;
  });
  return payload({ content: `${quote.passage.id}\n\n${blocks.join('\n\n')}` });
}

/** Entries per page of /pins list. */
export const PINS_PAGE_SIZE = 5;

function pagingRow(t: T, page: number, pages: number, id: (page: number) => string): Row {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        custom_id: id(page - 1),
        label: `◀ ${t('search.previous')}`,
        disabled: page === 0,
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        custom_id: id(page + 1),
        label: `${t('search.next')} ▶`,
        disabled: page >= pages - 1,
      },
    ],
  };
}

/** A Discord timestamp: every reader sees it in their own time zone and language. */
function when(ms: number): string {
  return time(Math.floor(ms / 1000), TimestampStyles.LongDateShortTime);
}

/**
 * /pins list: the server's pin log, newest first, with jump links. Removed
 * pins stay in the log, struck through, with who removed them and when.
 */
export function pinsView(args: {
  pins: readonly PinRecord[];
  guildId: string;
  channelId: string | null;
  page: number;
  /** Who asked: only they page a list of another channel or of the server. */
  owner: string;
  /** False for another channel's log seen without the server-wide right: no paging buttons. */
  pageable?: boolean;
  t: T;
}): Payload {
  const { pins, guildId, channelId, owner, t } = args;
  const { page, pages, shown } = paged(pins, PINS_PAGE_SIZE, args.page);
  const title =
    channelId === null ? t('pins.title') : t('pins.titleChannel', { channel: channelMention(channelId) });
  if (pins.length === 0) return payload({ content: `**${title}**\n${t('pins.empty')}` });
  const lines = shown.map((p) => {
    const entry = t('pins.entry', {
      citation: `\`${p.citation}\``,
      channel: channelMention(p.channelId),
      user: userMention(p.pinnedBy),
      when: when(p.pinnedAt),
      link: messageLink(p.channelId, p.messageId, guildId),
    });
    const removed =
      p.removedAt !== null && p.removedBy !== null
        ? `\n${subtext(t('pins.removedEntry', { user: userMention(p.removedBy), when: when(p.removedAt) }))}`
        : '';
    const note = p.note !== null ? `\n> ${escapeText(p.note)}` : '';
    return `${p.removedAt !== null ? `~~${entry}~~` : entry}${removed}${note}`;
  });
  return payload({
    content: `**${title}**\n${t('pins.summary', { count: pins.length, page: page + 1, pages })}`,
    embeds: [{ description: lines.join('\n\n') }],
    components:
      pages > 1 && args.pageable !== false
        ? [pagingRow(t, page, pages, (p) => encode.pins(channelId, p, owner))]
        : [],
  });
}

/** Entries per page of /notebook show. */
export const NOTEBOOK_PAGE_SIZE = 5;

/**
 * /notebook show: each entry with its citation, a short excerpt, who added it
 * and the note. Passages that left the library are listed by their id.
 */
export function notebookView(args: {
  entries: readonly NotebookEntry[];
  quoteOf: (citation: string) => Quote | null;
  page: number;
  t: T;
  warnings: WarningMode;
}): Payload {
  const { entries, quoteOf, t, warnings } = args;
  const { page, pages, shown } = paged(entries, NOTEBOOK_PAGE_SIZE, args.page);
  const embeds: APIEmbed[] = shown.map((e) => {
    const quote = quoteOf(e.citation);
    return {
      title: quote
        ? clip(`${e.citation} · ${quotedTitle(t, quote.document.title)}`, LIMITS.embedTitle)
        : e.citation,
      description: quote
        ? veiled(
            escapeText(clip(quote.passage.text.replace(/\s+/g, ' '), 300)),
            quote.passage.warning,
            warnings,
            t,
          )
        : t('errors.unknownCitation', { citation: e.citation }),
      fields: [
        {
          name: '\u200b',
          value: t('notebook.addedBy', { user: userMention(e.addedBy), when: when(e.addedAt) }),
        },
        ...(e.note !== null ? [{ name: t('notebook.note'), value: escapeText(e.note) }] : []),
      ],
    };
  });
  return payload({
    content: `**${t('notebook.title')}**\n${t('notebook.summary', { count: entries.length, page: page + 1, pages })}`,
    embeds,
    components: pages > 1 ? [pagingRow(t, page, pages, encode.notebook)] : [],
  });
}

/** A plain message (confirmations, help, errors). */
export function message(content: string, embeds: APIEmbed[] = []): Payload {
  return payload({ content, embeds });
}
