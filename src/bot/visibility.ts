import { PermissionFlagsBits } from 'discord.js';
import type { PermissionId } from './permissions.js';
import type { InteractionInput } from './interaction.js';

/** A permission the member needs before the bot speaks publicly for them. */
export type PostingPermission = Extract<
  PermissionId,
  'SendMessages' | 'SendMessagesInThreads' | 'AttachFiles' | 'UseExternalApps'
>;

/** What of an interaction decides whether the member may post publicly. */
export type PostingInput = Pick<InteractionInput, 'memberPermissions' | 'inThread' | 'installedToGuild'>;

/**
 * The permission that keeps this member from posting here, or null when they
 * may. Interaction replies bypass channel permissions and slowmode, so a
 * public answer is allowed only where the member could have posted it
 * themselves. The deferral, the handlers and the buttons all ask this one
 * function, so they can never disagree about who sees a reply.
 *
 * Where only the member installed the app (a user install, the bot not in
 * the server), Discord shows its answers to the channel only if the member
 * has Use External Apps, and otherwise turns them ephemeral itself. That is
 * asked here too, so the member gets the same answer privately and told why,
 * rather than a "public" answer Discord quietly hid.
 */
export function postingRefusal(
  input: PostingInput,
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
  if (input.installedToGuild === false && (perms & PermissionFlagsBits.UseExternalApps) === 0n)
    return 'UseExternalApps';
  return null;
}

/** Whether a reply the member asked to make public may be, and if not, why. */
export interface Visibility {
  readonly isPublic: boolean;
  /** The permission that turned a public reply private, shown to the member. */
  readonly refused: PostingPermission | null;
}

/**
 * Decides a reply's audience once per interaction, before any deferral: a
 * public reply needs what posting needs; without it the member gets the same
 * answer privately, told why. The deferral and the handler both read this.
 */
export function decideVisibility(
  input: PostingInput,
  wantsPublic: boolean,
  needs: { readonly files?: boolean } = {},
): Visibility {
  if (!wantsPublic) return { isPublic: false, refused: null };
  const refused = postingRefusal(input, needs);
  return refused === null ? { isPublic: true, refused: null } : { isPublic: false, refused };
}
