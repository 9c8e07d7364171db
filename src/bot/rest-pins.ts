import { DiscordAPIError, RESTJSONErrorCodes, Routes, type REST } from 'discord.js';
import type { PermissionId } from './permissions.js';
import { UserFacingError } from './user-error.js';

/** Discord's codes for a message or channel that no longer exists. */
const GONE = new Set<number>([RESTJSONErrorCodes.UnknownChannel, RESTJSONErrorCodes.UnknownMessage]);

/** Discord's code for a channel that holds as many pins as it may. */
const FULL = new Set<number>([RESTJSONErrorCodes.MaximumNumberOfPinsReachedForTheChannel]);

/** Discord's codes for a right the bot lacks when unpinning, and the right they mean. */
const MISSING = new Map<number, PermissionId>([
  [RESTJSONErrorCodes.MissingPermissions, 'PinMessages'],
  [RESTJSONErrorCodes.MissingAccess, 'ViewChannel'],
]);

/** Whether Discord answered that the message or channel no longer exists. */
export function isGone(error: unknown): boolean {
  return error instanceof DiscordAPIError && typeof error.code === 'number' && GONE.has(error.code);
}

/**
 * Pins a message through Discord's REST API: the same call for every
 * transport. A full channel and a right the bot lacks are the user's to
 * hear about (UserFacingErrors), not outages; anything else is thrown as it came.
 */
export async function pinMessage(rest: REST, channelId: string, messageId: string): Promise<void> {
  try {
    await rest.put(Routes.channelMessagesPin(channelId, messageId));
  } catch (error) {
    if (!(error instanceof DiscordAPIError) || typeof error.code !== 'number') throw error;
    if (FULL.has(error.code)) throw new UserFacingError('pinLimit');
    const missing = MISSING.get(error.code);
    if (missing !== undefined) throw new UserFacingError('missingBotPermission', { permission: missing });
    throw error;
  }
}

/**
 * Unpins a message through Discord's REST API. A message or channel that no
 * longer exists is 'gone' (it is not pinned either); a right the bot lacks is
 * a UserFacingError naming it; anything else is thrown as it came.
 */
export async function unpinMessage(
  rest: REST,
  channelId: string,
  messageId: string,
): Promise<'unpinned' | 'gone'> {
  try {
    await rest.delete(Routes.channelMessagesPin(channelId, messageId));
    return 'unpinned';
  } catch (error) {
    if (!(error instanceof DiscordAPIError) || typeof error.code !== 'number') throw error;
    const missing = MISSING.get(error.code);
    if (missing !== undefined) throw new UserFacingError('missingBotPermission', { permission: missing });
    if (GONE.has(error.code)) return 'gone';
    throw error;
  }
}
