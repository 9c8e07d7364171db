import type { PermissionId } from './permissions.js';

/** Every failure a user is told about in their language (see errorPayload). */
export type UserErrorCode =
  | 'expired'
  /** A component or command the bot does not know: from an older version, or a malformed or truncated id. */
  | 'outdated'
  | 'notYours'
  | 'missingUserPermission'
  | 'missingBotPermission'
  | 'unknownCitation'
  | 'unknownDocument'
  | 'unknownParagraph'
  | 'emptyQuery'
  | 'queryTooLong'
  | 'guildOnly'
  /** Needs the app installed to the server (a pin, a notebook); here only the member installed it. */
  | 'notInvited'
  | 'pinLimit'
  | 'noteTooLong'
  | 'notPinned'
  | 'noteInvalid'
  | 'cooldown'
  | 'channelHidden'
  | 'notInNotebook'
  | 'notebookFull'
  | 'notebookEmpty'
  /** The same pin or unpin is being done by someone else right now (another replica holds its lock). */
  | 'busy';

/**
 * A failure a handler reports to the user in their language: an expected
 * mistake, logged at `info` with its code, never at `error`.
 */
export class UserFacingError extends Error {
  constructor(
    readonly code: UserErrorCode,
    /** What the message names; a permission by its identifier, never its display name. */
    readonly args: Readonly<Record<string, string | number>> & { readonly permission?: PermissionId } = {},
  ) {
    super(code);
    this.name = 'UserFacingError';
  }
}
