import { ButtonStyle, ComponentType } from 'discord.js';
import type { T } from '../../../i18n/index.js';
import type { Language } from '../../../languages.js';
import type { LibraryDocument } from '../../../library/library.js';
import type { Quote } from '../../../reading-room.js';
import { encode } from '../../custom-id.js';
import { LIMITS } from '../../limits.js';
import { clip, contextNote, escapeText, formatDate, quotedTitle } from '../../render.js';
import type { Payload } from '../../types.js';
import { paged, pagingRow, payload } from '../../views/payload.js';
import { quoteEmbeds } from '../../views/quote-card.js';

/** Documents per page of /sources. */
export const SOURCES_PAGE_SIZE = 5;

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
