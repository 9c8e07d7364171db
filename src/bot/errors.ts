import { DiscordAPIError, HTTPError, RESTJSONErrorCodes } from 'discord.js';
import type { Logger } from 'pino';
import type { T } from '../i18n/index.js';
import { StorageError } from '../storage/store.js';
import { isPermissionId, permissionName } from './permissions.js';
import { UserFacingError } from './types.js';
import { MAX_ECHO } from './limits.js';
import { clip, escapeText } from './render.js';
import { message } from './views/payload.js';
import type { Payload } from './types.js';

/**
 * Logs a failed interaction at the level it deserves. A user's mistake (an
 * unknown citation, a missing permission) is expected and goes to `info`
 * with its code; `error` is kept for bugs and outages, so real failures stand out.
 */
export function logFailure(log: Logger, error: unknown, where: Readonly<Record<string, unknown>>): void {
  if (error instanceof UserFacingError) log.info({ code: error.code, ...where }, 'refused');
  else log.error({ err: error, ...where }, 'interaction failed');
}

/** What the user is told about a failure, in their language. Never a stack trace. */
export function errorPayload(error: unknown, t: T): Payload {
  if (error instanceof StorageError) return message(t('errors.storage'));
  if (
    error instanceof DiscordAPIError &&
    error.code === RESTJSONErrorCodes.MaximumNumberOfPinsReachedForTheChannel
  )
    return message(t('errors.pinLimit'));
  if (error instanceof DiscordAPIError || error instanceof HTTPError) return message(t('errors.discord'));
  if (!(error instanceof UserFacingError)) return message(t('errors.generic'));
  const a = error.args;
  // Arguments can be what the user typed: clipped before anything else reads
  // them, then escaped like any other text.
  const s = (k: string): string => escapeText(clip(String(a[k] ?? ''), MAX_ECHO));
  // A number the message counts with (its plural form follows it).
  const n = (k: string): number => Number(a[k] ?? 0) || 0;
  // A permission is named by its identifier and shown in the reader's language.
  const permission = (): string =>
    isPermissionId(a.permission) ? permissionName(a.permission, t) : s('permission');
  switch (error.code) {
    case 'expired':
      return message(t('errors.expired'));
    case 'outdated':
      return message(t('errors.outdated'));
    case 'notYours':
      return message(t('errors.notYours'));
    case 'missingUserPermission':
      return message(t('errors.missingUserPermission', { permission: permission() }));
    case 'missingBotPermission':
      return message(t('errors.missingBotPermission', { permission: permission() }));
    case 'unknownCitation':
      return message(t('errors.unknownCitation', { citation: s('citation') }));
    case 'unknownDocument':
      return message(t('errors.unknownDocument', { document: s('document') }));
    case 'unknownParagraph':
      return message(t('errors.unknownParagraph', { count: n('total') }));
    case 'emptyQuery':
      return message(t('errors.emptyQuery'));
    case 'queryTooLong':
      return message(t('errors.queryTooLong', { count: n('max') }));
    case 'guildOnly':
      return message(t('errors.guildOnly'));
    case 'notInvited':
      return message(t('errors.notInvited'));
    case 'pinLimit':
      return message(t('errors.pinLimit'));
    case 'noteTooLong':
      return message(t('errors.noteTooLong', { count: n('max') }));
    case 'notPinned':
      return message(t('errors.notPinned', { citation: s('citation') }));
    case 'noteInvalid':
      return message(t('errors.noteInvalid'));
    case 'cooldown':
      return message(t('errors.cooldown'));
    case 'busy':
      return message(t('errors.busy'));
    case 'channelHidden':
      return message(t('errors.channelHidden'));
    case 'notInNotebook':
      return message(t('errors.notInNotebook', { citation: s('citation') }));
    case 'notebookFull':
      return message(t('errors.notebookFull', { count: n('max') }));
    case 'notebookEmpty':
      return message(t('errors.notebookEmpty'));
  }
}
