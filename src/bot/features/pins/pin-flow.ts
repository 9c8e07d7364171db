import { messageLink, PermissionFlagsBits } from 'discord.js';
import type { Quote } from '../../../reading-room.js';
import { warningsFor } from '../../audience.js';
import { checkBotCanPost, checkInvitedHere, has } from '../../rules.js';
import { escapeText, fitEmbeds } from '../../render.js';
import {
  UserFacingError,
  type BotContext,
  type DiscordPort,
  type Handled,
  type InteractionInput,
  type Response,
} from '../../types.js';
import { postingRefusal } from '../../visibility.js';
import { LockBusy, type HeldLock } from '../../../storage/store.js';
import { message } from '../../views/payload.js';
import { quoteEmbeds } from '../../views/quote-card.js';

/** Pinning needs a server channel and the member's Pin Messages there. */
export function checkCanPin(input: InteractionInput): { guildId: string; channelId: string } {
  const { guildId, channelId } = input;
  if (guildId === null || channelId === null) throw new UserFacingError('guildOnly');
  // The card is pinned with a channel call: the bot must be in the server.
  checkInvitedHere(input);
  if (!has(input.memberPermissions, PermissionFlagsBits.PinMessages))
    throw new UserFacingError('missingUserPermission', { permission: 'PinMessages' });
  return { guildId, channelId };
}

/** One lock per passage and channel: pins and unpins of it run one after the other. */
export function pinLock(guildId: string, channelId: string, citation: string): string {
  return `pin:${guildId}:${channelId}:${citation}`;
}

/**
 * Runs `fn` under the pin lock of a passage. A lock that another replica
 * keeps past the wait is someone doing the same thing: "busy", not an outage.
 */
export async function underPinLock<R>(
  ctx: BotContext,
  key: string,
  fn: (lock: HeldLock) => Promise<R>,
): Promise<R> {
  try {
    return await ctx.store.locks.withLock(key, fn);
  } catch (error) {
    if (error instanceof LockBusy) throw new UserFacingError('busy');
    throw error;
  }
}

/**
 * Pins a quote card, for /pin and for the Pin button of an opened passage:
 * under one lock, checks the log, posts the card, pins it, then logs it. If
 * Discord refuses the pin, or the log cannot be written, the card is unpinned
 * and withdrawn: a pin is either logged or gone, and two moderators pinning
 * one passage make one pin.
 */
export async function pinQuote(
  input: Handled,
  ctx: BotContext,
  port: DiscordPort,
  quote: Quote,
  note: string,
): Promise<Response> {
  const { guildId, channelId } = checkCanPin(input);
  // A pin posts a card in the channel: the moderator must be able to post there too.
  const refused = postingRefusal(input);
  if (refused !== null) throw new UserFacingError('missingUserPermission', { permission: refused });
  checkBotCanPost(input.appPermissions);
  if (input.appPermissions !== null && !has(input.appPermissions, PermissionFlagsBits.PinMessages))
    throw new UserFacingError('missingBotPermission', { permission: 'PinMessages' });
  const { channel, reader } = input.audience;
  const card = quoteEmbeds(quote, channel.t, channel.language, warningsFor(input.audience, true));
  // The note goes first, and the whole card is fitted again with it.
  const embeds = fitEmbeds(
    note === '' ? card : [{ title: channel.t('pin.note'), description: escapeText(note) }, ...card],
  );
  const citation = quote.passage.id;
  return underPinLock(ctx, pinLock(guildId, channelId, citation), async (lock) => {
    const existing = (await ctx.store.pins.list(guildId, channelId)).find(
      (p) => p.channelId === channelId && p.citation === citation && p.removedAt === null,
    );
    if (existing) {
      const link = messageLink(channelId, existing.messageId, guildId);
      return {
        kind: 'reply',
        payload: message(reader.t('pin.already', { citation, link })),
        ephemeral: true,
      };
    }
    const posted = await port.post({ embeds, allowedMentions: { parse: [] } });
    try {
      await port.pin(channelId, posted.id);
    } catch (error) {
      await posted.withdraw();
      throw error;
    }
    // Discord took long enough for the lock to lapse: another replica may be
    // pinning this passage too, so this pin is undone rather than logged twice.
    if (!lock.held) {
      await port.unpin(channelId, posted.id).catch(() => undefined);
      await posted.withdraw();
      throw new UserFacingError('busy');
    }
    try {
      await ctx.store.pins.add({
        guildId,
        channelId,
        messageId: posted.id,
        citation,
        pinnedBy: input.userId,
        pinnedAt: Date.now(),
        note: note === '' ? null : note,
      });
    } catch (error) {
      await port.unpin(channelId, posted.id).catch(() => undefined);
      await posted.withdraw();
      throw error;
    }
    return { kind: 'reply', payload: message(reader.t('pin.done', { citation })), ephemeral: true };
  });
}
