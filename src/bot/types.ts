import type {
  APIActionRowComponent,
  APIApplicationCommandOptionChoice,
  APIComponentInMessageActionRow,
  APIEmbed,
} from 'discord.js';
import type { Logger } from 'pino';
import type { Translations } from '../i18n/index.js';
import type { ReadingRoom } from '../reading-room.js';
import type { Store } from '../storage/store.js';
import type { PostCooldown } from './cooldown.js';
import type { Action, Decoded } from './custom-id.js';
import type { PermissionId } from './permissions.js';

/** What every handler may use, passed explicitly: no container, no globals. */
export interface BotContext {
  readonly room: ReadingRoom;
  readonly translations: Translations;
  readonly store: Store;
  readonly log: Logger;
  /** The pause between one member's public posts. */
  readonly cooldown: PostCooldown;
}

/** A message as the bot sends it. Allowed mentions are always none. */
export interface Payload {
  readonly content?: string;
  readonly embeds?: readonly APIEmbed[];
  readonly components?: readonly APIActionRowComponent<APIComponentInMessageActionRow>[];
  /** Files attached to the message (a notebook export). */
  readonly files?: readonly { readonly name: string; readonly data: Buffer }[];
  readonly allowedMentions: { readonly parse: readonly never[] };
}

/** What a handler decides; the Discord adapter turns it into the right API call. */
export type Response =
  /** A new reply (ephemeral: only the user sees it). */
  | { readonly kind: 'reply'; readonly payload: Payload; readonly ephemeral: boolean }
  /** Replace the message the clicked component belongs to. */
  | { readonly kind: 'update'; readonly payload: Payload }
  /** Post publicly in the channel, and confirm privately to the user. */
  | { readonly kind: 'post'; readonly payload: Payload; readonly confirmation: Payload }
  /**
   * Post a card publicly and pin it. The adapter holds `lock` from the check
   * to the log write, so two moderators pinning one passage make one pin.
   */
  | {
      readonly kind: 'pin';
      readonly lock: string;
      readonly payload: Payload;
      /** A reply for when the passage is already pinned here, else null. */
      readonly alreadyPinned: () => Promise<Payload | null>;
      /** Records the pin once Discord accepted it; returns the confirmation. */
      readonly pinned: (messageId: string) => Promise<Payload>;
    }
  /**
   * Unpin a message. The adapter calls Discord, then `unpinned`, which marks
   * the log record and returns the confirmation.
   */
  | {
      readonly kind: 'unpin';
      /** The same lock as pinning this passage here, so the two never interleave. */
      readonly lock: string;
      readonly channelId: string;
      readonly messageId: string;
      readonly unpinned: () => Promise<Payload>;
    }
  /** Choices for an autocomplete request (at most 25). */
  | { readonly kind: 'choices'; readonly choices: readonly APIApplicationCommandOptionChoice[] };

/**
 * The part of an interaction a handler reads. Unit tests pass small literals;
 * the adapter builds it from a discord.js interaction.
 */
export interface InteractionInput {
  readonly userId: string;
  readonly guildId: string | null;
  /** The channel the interaction happened in; null when unknown. */
  readonly channelId: string | null;
  /** Discord's locale of the user's client, e.g. "ru" or "en-US". */
  readonly locale: string;
  /** Permissions of the invoking member in the channel; null outside a server. */
  readonly memberPermissions: bigint | null;
  /** Permissions of the bot in the channel; null when unknown. */
  readonly appPermissions: bigint | null;
  /**
   * The member's server-wide permissions (from their roles, before channel
   * overrides); null outside a server or when Discord's data cannot tell.
   */
  readonly guildPermissions?: bigint | null;
  /**
   * True in a thread, where posting needs Send Messages in Threads; null when
   * the channel is not known (then both rights are asked for).
   */
  readonly inThread?: boolean | null;
  /** The channel's or thread's name, when Discord sent it (for export file names). */
  readonly channelName?: string | null;
}

/** A slash command's options, read by name. */
export interface CommandInput extends InteractionInput {
  /** The subcommand used (`/pins list` → "list"), or null. */
  readonly subcommand?: string | null;
  readonly options: Readonly<Record<string, string | number | boolean | undefined>>;
  /**
   * The member's permissions in each channel named by a channel option, as
   * Discord resolved them with the interaction.
   */
  readonly channelPermissions?: Readonly<Record<string, bigint>>;
  /** The channels named by channel options that are private threads. */
  readonly privateThreads?: readonly string[];
}

/** A button or select menu click, its custom id decoded by the adapter (src/bot/custom-id.ts). */
export interface ComponentInput<A extends Action = Action> extends InteractionInput {
  readonly id: Decoded<A>;
  /** Selected values of a select menu; empty for buttons. */
  readonly values: readonly string[];
  /** True when the clicked message is seen by the channel (not ephemeral). */
  readonly messageIsPublic?: boolean;
}

/** An autocomplete request: the option being typed and what is typed so far. */
export interface AutocompleteInput extends InteractionInput {
  readonly subcommand?: string | null;
  readonly focused: string;
  readonly value: string;
}

/** A message context-menu command: the text of the right-clicked message. */
export interface MessageCommandInput extends InteractionInput {
  readonly messageContent: string;
}

/** A failure a handler reports to the user in their language. */
export class UserFacingError extends Error {
  constructor(
    readonly code:
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
      | 'pinLimit'
      | 'noteTooLong'
      | 'notPinned'
      | 'noteInvalid'
      | 'cooldown'
      | 'channelHidden'
      | 'notInNotebook'
      | 'notebookFull'
      | 'notebookEmpty',
    /** What the message names; a permission by its identifier, never its display name. */
    readonly args: Readonly<Record<string, string | number>> & { readonly permission?: PermissionId } = {},
  ) {
    super(code);
    this.name = 'UserFacingError';
  }
}
