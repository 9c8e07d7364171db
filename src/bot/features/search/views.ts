import { ButtonStyle, ComponentType, type APIComponentInMessageActionRow, type APIEmbed } from 'discord.js';
import type { T } from '../../../i18n/index.js';
import type { Language } from '../../../languages.js';
import type { LibraryDocument, Passage } from '../../../library/library.js';
import type { Hit, Quote } from '../../../reading-room.js';
import type { WarningMode } from '../../audience.js';
import { encode } from '../../custom-id.js';
import { LIMITS, MAX_QUERY } from '../../limits.js';
import { attributionText, clip, escapeText, excerpt, quotedTitle } from '../../render.js';
import type { Payload } from '../../types.js';
import { paged, payload, type Row } from '../../views/payload.js';
import { quoteEmbeds, veiled, warningText } from '../../views/quote-card.js';

/** Passages per page of search results. */
export const PAGE_SIZE = 3;

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
  warnings: WarningMode;
  /** Words of the query that matched nothing in the library, said so under the summary. */
  unmatched?: readonly string[];
}): Payload {
  const { query, hits, total, direct, key, t, language, warnings } = args;
  const unmatched = args.unmatched ?? [];
  const { page, pages, shown } = paged(hits, PAGE_SIZE, args.page);
  const embeds: APIEmbed[] = shown.map((hit) => ({
    title: hit.passage.id,
    description: [
      veiled(excerpt(hit.passage.text, hit.spans, 900), hit.passage.warning, warnings, t),
      hit.contextOf !== null ? `*${t('search.contextOf', { citation: hit.contextOf })}*` : null,
    ]
      .filter((x): x is string => x !== null)
      .join('\n\n'),
    fields: [
      {
        name: t('attribution.citation'),
        value: attributionText(hit.attribution, t, language, hit.document.dateNote?.[language] ?? null),
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
            label: clip(hit.passage.id, LIMITS.selectLabel),
            value: hit.passage.id,
            // Anyone can open the menu of a public list: a marked passage shows its warning instead.
            description: clip(
              hit.passage.warning !== null && warnings === 'spoiler'
                ? warningText(hit.passage.warning, t)
                : hit.passage.text.replace(/\s+/g, ' '),
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
        description: documentList(documents, t),
      },
    ],
  });
}

/**
 * The documents as a list, as many as one embed holds: a large library is
 * cut there, marked "…", without writing out the lines that could not show.
 */
function documentList(documents: readonly LibraryDocument[], t: T): string {
  const room = LIMITS.embedDescription - 2;
  const lines: string[] = [];
  let length = 0;
  for (const d of documents) {
    const line = `• \`${d.id}\` — ${quotedTitle(t, d.title)}`;
    if (length + line.length + 1 > room) {
      lines.push('…');
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  return lines.join('\n');
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
  /** Add to notebook only where the bot was invited. */
  canNote: boolean;
  warnings: WarningMode;
}): Payload {
  const { quote, key, page, t, language, canPost, canPin, canNote, warnings } = args;
  const button = (custom_id: string, label: string, primary = false): APIComponentInMessageActionRow => ({
    type: ComponentType.Button,
    style: primary ? ButtonStyle.Primary : ButtonStyle.Secondary,
    custom_id,
    label,
  });
  // Each action only for whoever may take it here.
  const actions: APIComponentInMessageActionRow[] = [
    ...(canPost ? [button(encode.post(key, quote.passage.id), t('passage.post'), true)] : []),
    ...(canPin ? [button(encode.pin(key, quote.passage.id), `📌 ${t('pin.button')}`)] : []),
    ...(canNote ? [button(encode.notebookAdd(key, quote.passage.id), t('notebook.button'))] : []),
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
