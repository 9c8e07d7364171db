import { PermissionFlagsBits, subtext } from 'discord.js';
import type { T } from '../i18n/index.js';
import type { Quote } from '../reading-room.js';
import { LIMITS, MAX_ECHO } from './limits.js';
import { checkNote } from './note.js';
import { permissionName } from './permissions.js';
import { clip } from './render.js';
import { UserFacingError, type BotContext, type InteractionInput, type Payload } from './types.js';
import type { Visibility } from './visibility.js';

/** Whether a permission set holds a flag; unknown (null) never does. */
export function has(permissions: bigint | null, flag: bigint): boolean {
  return permissions !== null && (permissions & flag) !== 0n;
}

/**
 * Whether the bot was invited here: the server installed the app (or this is
 * a conversation a server install reaches, the bot's DM). False where only
 * the member installed it, so the bot is not in the channel: what belongs to
 * the server (pins, a channel's notebook) is not made there.
 */
export function invitedHere(input: Pick<InteractionInput, 'installedToGuild'>): boolean {
  return input.installedToGuild !== false;
}

/** Refuses, privately and saying why, what needs the bot invited here (see {@link invitedHere}). */
export function checkInvitedHere(input: Pick<InteractionInput, 'installedToGuild'>): void {
  if (!invitedHere(input)) throw new UserFacingError('notInvited');
}

/** The passage a citation id names, or the user's "unknown citation" (what they typed, clipped). */
export function requireQuote(ctx: BotContext, citation: string): Quote {
  const found = ctx.room.quote(citation);
  if (!('quote' in found))
    throw new UserFacingError('unknownCitation', { citation: clip(citation, MAX_ECHO) });
  return found.quote;
}

/** The passage, or null when it has left the library. */
export function quoteOrNull(ctx: BotContext, citation: string): Quote | null {
  const found = ctx.room.quote(citation);
  return 'quote' in found ? found.quote : null;
}

/** The bot must be able to post a card here; unknown permissions (outside servers) pass. */
export function checkBotCanPost(app: bigint | null): void {
  if (app === null) return;
  if ((app & PermissionFlagsBits.SendMessages) === 0n)
    throw new UserFacingError('missingBotPermission', { permission: 'SendMessages' });
  if ((app & PermissionFlagsBits.EmbedLinks) === 0n)
    throw new UserFacingError('missingBotPermission', { permission: 'EmbedLinks' });
}

/** A member who posted a moment ago is asked to wait before the next public post. */
export function claimCooldown(input: Pick<InteractionInput, 'userId'>, ctx: BotContext): void {
  if (!ctx.cooldown.take(input.userId)) throw new UserFacingError('cooldown');
}

/** Puts the reason a reply became private above it. */
export function withNotice(payload: Payload, visibility: Visibility, t: T): Payload {
  if (visibility.refused === null) return payload;
  const notice = subtext(
    t('visibility.privateInstead', { permission: permissionName(visibility.refused, t) }),
  );
  return {
    ...payload,
    content: clip(payload.content ? `${notice}\n${payload.content}` : notice, LIMITS.content),
  };
}

/**
 * A note option, one line of plain text, or '' for none. Newlines and
 * invisible characters are refused here, at input, so that no stored note can
 * forge lines in an export or disguise itself.
 */
export function checkedNote(value: string | undefined, max: number): string {
  const checked = checkNote(value, max);
  if (!checked.ok) throw new UserFacingError(checked.code, checked.code === 'noteTooLong' ? { max } : {});
  return checked.note;
}
