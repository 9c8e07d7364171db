import { channelMention, PermissionFlagsBits } from 'discord.js';
import type { PinRecord } from '../../../storage/store.js';
import type { ComponentSpec } from '../../define.js';
import { LIMITS, MAX_ECHO } from '../../limits.js';
import { has } from '../../rules.js';
import { clip, formatDate } from '../../render.js';
import {
  UserFacingError,
  type AutocompleteInput,
  type BotContext,
  type Choice,
  type CommandInput,
  type DiscordPort,
  type Handled,
  type InteractionInput,
  type Payload,
  type Response,
} from '../../types.js';
import { message } from '../../views/payload.js';
import { checkCanPin, pinLock, underPinLock } from './pin-flow.js';
import { pinsView } from './views.js';

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
  input: Handled,
  ctx: BotContext,
  channel: string | null,
  page: number,
): Promise<Payload> {
  const guildId = input.guildId ?? '';
  const pins = await (channel === null
    ? ctx.store.pins.list(guildId)
    : ctx.store.pins.list(guildId, channel));
  // Another channel's log pages only for the server-wide right (see pinsComponent).
  const pageable = (channel !== null && channel === input.channelId) || serverWide(input);
  return pinsView({
    pins,
    guildId,
    channelId: channel,
    page,
    owner: input.userId,
    pageable,
    t: input.audience.reader.t,
  });
}

/** /pins list [channel]: the server's pin log, newest first, privately. */
export async function pinsList(
  input: CommandInput<{ readonly channel?: string | undefined }>,
  ctx: BotContext,
): Promise<Response> {
  if (input.guildId === null) throw new UserFacingError('guildOnly');
  const named = input.options.channel ?? null;
  let channel: string | null;
  if (named !== null && named !== input.channelId && !serverWide(input)) {
    // Discord resolves a channel option with the member's permissions there:
    // the log of a channel they cannot view is not theirs to read.
    if (!has(input.channelPermissions[named] ?? null, PermissionFlagsBits.ViewChannel))
      throw new UserFacingError('channelHidden');
    // A private thread's resolved permissions can be its parent's: being able
    // to view the channel is no sign of being in the thread.
    if (input.privateThreads.includes(named)) throw new UserFacingError('channelHidden');
    channel = named;
  } else channel = named ?? (serverWide(input) ? null : input.channelId);
  // No channel known and no server-wide right: nothing here is this member's to read.
  if (channel === null && !serverWide(input)) throw new UserFacingError('channelHidden');
  return { kind: 'reply', payload: await pinsPage(input, ctx, channel, 0), ephemeral: true };
}

/**
 * The paging buttons of /pins list. The log of this channel pages for
 * anyone here; a list of another channel, or of the whole server, only for
 * the member it was made for, checked again. A legacy id without an owner
 * pages this channel's log only.
 */
export const pinsComponent: ComponentSpec<'pins'> = {
  serverPermissions: true,
  async handle(input, ctx) {
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
  },
};

/**
 * Which active pin of this channel an option means: `pin:<message id>` from
 * the autocomplete, or a citation id typed by hand. Other channels are never
 * searched, so an answer cannot reveal a pin in a channel the member cannot see.
 */
async function findPin(
  ctx: BotContext,
  guildId: string,
  channelId: string,
  value: string,
): Promise<PinRecord | null> {
  const active = (await ctx.store.pins.list(guildId, channelId)).filter(
    (p) => p.removedAt === null && p.channelId === channelId,
  );
  const byMessage = /^pin:(\d{1,20})$/.exec(value);
  if (byMessage) return active.find((p) => p.messageId === byMessage[1]) ?? null;
  return active.find((p) => p.citation === value) ?? null;
}

/**
 * /pins remove citation: unpins the message and marks the log record
 * removed, under the pin's lock. Only pins of this channel: Pin Messages is a
 * per-channel permission, and the member's permissions arrive for this
 * channel only. A message deleted meanwhile is no longer pinned either, so
 * that counts as done.
 */
export async function pinsRemove(
  input: CommandInput<{ readonly citation: string }>,
  ctx: BotContext,
  port: DiscordPort,
): Promise<Response> {
  const { guildId, channelId } = checkCanPin(input);
  const value = input.options.citation.trim();
  const record = await findPin(ctx, guildId, channelId, value);
  if (!record)
    throw new UserFacingError('notPinned', { citation: clip(value.replace(/^pin:/, ''), MAX_ECHO) });
  return underPinLock(ctx, pinLock(guildId, record.channelId, record.citation), async () => {
    // Read again under the lock: a second moderator removing it meanwhile leaves nothing to do.
    const current = await ctx.store.pins.get(guildId, record.messageId);
    if (current === null || current.removedAt !== null)
      throw new UserFacingError('notPinned', { citation: clip(record.citation, MAX_ECHO) });
    await port.unpin(record.channelId, record.messageId);
    await ctx.store.pins.markRemoved(guildId, record.messageId, input.userId);
    const text = input.audience.reader.t('pins.removed', {
      citation: record.citation,
      channel: channelMention(record.channelId),
    });
    return { kind: 'reply', payload: message(text), ephemeral: true };
  });
}

/** Autocomplete of /pins remove: this channel's pinned excerpts, newest first. */
export async function pinnedChoices(input: AutocompleteInput, ctx: BotContext): Promise<readonly Choice[]> {
  if (input.guildId === null || input.channelId === null) return [];
  const { t, language } = (await input.audience()).reader;
  const needle = input.value.trim().toLowerCase();
  // Only this channel's log is read: a keystroke costs one channel, not the server.
  return (await ctx.store.pins.list(input.guildId, input.channelId))
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
}
