import { DiscordAPIError, HTTPError } from 'discord.js';
import type { T } from '../i18n/index.js';
import { StorageError } from '../storage/store.js';
import { UserFacingError } from './types.js';
import { escapeText } from './render.js';
import { message } from './views.js';
import type { Payload } from './types.js';

/** Discord's error code for a channel that already has 250 pinned messages. */
export const MAX_PINS = 30003;

/** What the user is told about a failure, in their language. Never a stack trace. */
export function errorPayload(error: unknown, t: T): Payload {
  if (error instanceof StorageError) return message(t('errors.storage'));
  if (error instanceof DiscordAPIError && error.code === MAX_PINS) return message(t('errors.pinLimit'));
  if (error instanceof DiscordAPIError || error instanceof HTTPError) return message(t('errors.discord'));
  if (!(error instanceof UserFacingError)) return message(t('errors.generic'));
  const a = error.args;
  // Arguments can be what the user typed: escape them like any other text.
  const s = (k: string): string => escapeText(String(a[k] ?? ''));
  switch (error.code) {
    case 'expired':
      return message(t('errors.expired'));
    case 'notYours':
      return message(t('errors.notYours'));
    case 'missingUserPermission':
      return message(t('errors.missingUserPermission', { permission: s('permission') }));
    case 'missingBotPermission':
      return message(t('errors.missingBotPermission', { permission: s('permission') }));
    case 'unknownCitation':
      return message(t('errors.unknownCitation', { citation: s('citation') }));
    case 'unknownDocument':
      return message(t('errors.unknownDocument', { document: s('document') }));
    case 'unknownParagraph':
      return message(t('errors.unknownParagraph', { total: s('total') }));
    case 'emptyQuery':
      return message(t('errors.emptyQuery'));
    case 'queryTooLong':
      return message(t('errors.queryTooLong', { max: s('max') }));
    case 'guildOnly':
      return message(t('errors.guildOnly'));
    case 'pinLimit':
      return message(t('errors.pinLimit'));
    case 'noteTooLong':
      return message(t('errors.noteTooLong', { max: s('max') }));
    case 'notPinned':
      return message(t('errors.notPinned', { citation: s('citation') }));
    case 'pinElsewhere':
      // The channel is a mention the bot built from a stored id, not user text.
      return message(
        t('errors.pinElsewhere', { citation: s('citation'), channel: String(a['channel'] ?? '') }),
      );
    case 'notInNotebook':
      return message(t('errors.notInNotebook', { citation: s('citation') }));
    case 'notebookFull':
      return message(t('errors.notebookFull', { max: s('max') }));
    case 'notebookEmpty':
      return message(t('errors.notebookEmpty'));
  }
}
