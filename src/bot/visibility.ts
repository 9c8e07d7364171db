import { PermissionFlagsBits } from 'discord.js';
import type { PermissionId } from './permissions.js';
import type { InteractionInput } from './types.js';

/** A permission the member needs before the bot speaks publicly for them. */
export type PostingPermission = Extract<
  PermissionId,
  'SendMessages' | 'SendMessagesInThreads' | 'AttachFiles'
>;

/**
 * The permission that keeps this member from posting here, or null when they
 * may. Interaction replies bypass channel permissions and slowmode, so a
 * public answer is allowed only where the member could have posted it
 * themselves. The adapter's deferral and the handlers both ask this one
 * function, so the two can never disagree about who sees a reply.
 */
export function postingRefusal(
  input: Pick<InteractionInput, 'memberPermissions' | 'inThread'>,
  needs: { readonly files?: boolean } = {},
): PostingPermission | null {
  const perms = input.memberPermissions;
  // Outside a server the conversation is the member's own.
  if (perms === null) return null;
  // A thread needs its own right; when it is unknown whether the channel is
  // a thread (null), both are asked for: fail closed.
  const thread = input.inThread ?? false;
  const maybeThread = input.inThread !== false && input.inThread !== undefined;
  if (!thread && (perms & PermissionFlagsBits.SendMessages) === 0n) return 'SendMessages';
  if (maybeThread && (perms & PermissionFlagsBits.SendMessagesInThreads) === 0n)
    return 'SendMessagesInThreads';
  if (needs.files === true && (perms & PermissionFlagsBits.AttachFiles) === 0n) return 'AttachFiles';
  return null;
}
