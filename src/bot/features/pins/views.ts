import { channelMention, messageLink, subtext, userMention } from 'discord.js';
import type { T } from '../../../i18n/index.js';
import type { PinRecord } from '../../../storage/store.js';
import { encode } from '../../custom-id.js';
import { escapeText } from '../../render.js';
import type { Payload } from '../../types.js';
import { paged, pagingRow, payload, when } from '../../views/payload.js';

/** Entries per page of /pins list. */
export const PINS_PAGE_SIZE = 5;

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
