import {
  ButtonStyle,
  ComponentType,
  time,
  TimestampStyles,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
} from 'discord.js';
import type { T } from '../../i18n/index.js';
import { LIMITS } from '../limits.js';
import { clip, fitEmbeds, NO_MENTIONS } from '../render.js';
import type { Payload } from '../types.js';

/** One row of components. */
export type Row = APIActionRowComponent<APIComponentInMessageActionRow>;

/** A payload kept within Discord's limits, whatever it holds, and never pinging anyone. */
export function payload(p: Omit<Payload, 'allowedMentions'>): Payload {
  return {
    ...p,
    ...(p.content !== undefined ? { content: clip(p.content, LIMITS.content) } : {}),
    ...(p.embeds ? { embeds: fitEmbeds([...p.embeds]) } : {}),
    ...(p.components ? { components: p.components.slice(0, LIMITS.rows) } : {}),
    allowedMentions: NO_MENTIONS,
  };
}

/** The page to show of `items`, clamped, with the page count and the items on it. */
export function paged<T>(
  items: readonly T[],
  size: number,
  asked: number,
): { page: number; pages: number; shown: T[] } {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const page = Math.min(Math.max(0, asked), pages - 1);
  return { page, pages, shown: items.slice(page * size, (page + 1) * size) };
}

/** Previous and Next, disabled at the ends. */
export function pagingRow(t: T, page: number, pages: number, id: (page: number) => string): Row {
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
export function when(ms: number): string {
  return time(Math.floor(ms / 1000), TimestampStyles.LongDateShortTime);
}

/** A plain message (confirmations, help, errors). */
export function message(content: string, embeds: APIEmbed[] = []): Payload {
  return payload({ content, embeds });
}
