import { userMention, type APIEmbed } from 'discord.js';
import type { T } from '../../../i18n/index.js';
import type { Quote } from '../../../reading-room.js';
import type { NotebookEntry } from '../../../storage/store.js';
import type { WarningMode } from '../../audience.js';
import { encode } from '../../custom-id.js';
import { LIMITS } from '../../limits.js';
import { clip, escapeText, quotedTitle } from '../../render.js';
import type { Payload } from '../../types.js';
import { paged, pagingRow, payload, when } from '../../views/payload.js';
import { veiled } from '../../views/quote-card.js';

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
