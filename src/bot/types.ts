import type {
  APIActionRowComponent,
  APIApplicationCommandOptionChoice,
  APIComponentInMessageActionRow,
  APIEmbed,
} from 'discord.js';
import type { Logger } from 'pino';
import type { Translations } from '../i18n/index.js';
import type { LibraryHolder } from '../core/library-holder.js';
import type { ReadingRoom } from '../reading-room.js';
import type { Store } from '../storage/store.js';
import type { Audience } from './audience.js';
import type { PostCooldown } from './cooldown.js';
import type { Action, Decoded } from './custom-id.js';
import type { Visibility } from './visibility.js';

export { UserFacingError, type UserErrorCode } from './user-error.js';
export type { InteractionInput } from './interaction.js';
import type { InteractionInput } from './interaction.js';

/** What every handler may use, passed explicitly: no container, no globals. */
export interface BotContext {
  /**
   * The room serving this interaction. The dispatcher reads it once per
   * interaction (see {@link library}), so a handler sees one room throughout.
   */
  readonly room: ReadingRoom;
  /**
   * Where a reloadable library lives (the transports' context): `room` is
   * then its current room, snapshot by the dispatcher at the start of each
   * interaction. Absent: `room` never changes (tests, scripts).
   */
  readonly library?: LibraryHolder;
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

/**
 * What a handler decides, as plain data; the transport turns it into the
 * right API call. Anything with a side effect of its own (a pin) goes through
 * the {@link DiscordPort} while the handler runs.
 */
export type Response =
  /** A new reply (ephemeral: only the user sees it). */
  | { readonly kind: 'reply'; readonly payload: Payload; readonly ephemeral: boolean }
  /** Replace the message the clicked component belongs to. */
  | { readonly kind: 'update'; readonly payload: Payload }
  /** Post publicly in the channel, and confirm privately to the user. */
  | { readonly kind: 'post'; readonly payload: Payload; readonly confirmation: Payload };

/** One autocomplete suggestion. */
export type Choice = APIApplicationCommandOptionChoice<string>;

/** A message posted through the port, which the handler may take back. */
export interface PostedMessage {
  readonly id: string;
  /** Deletes the message again (a rollback); never throws. */
  readonly withdraw: () => Promise<void>;
}

/**
 * The side effects a handler may ask of Discord while it runs, whatever the
 * transport: the gateway adapter implements it with discord.js, the HTTP
 * mode with `@discordjs/rest`, the tests in memory.
 */
export interface DiscordPort {
  /** Posts a message the channel sees, in answer to this interaction. */
  readonly post: (payload: Payload) => Promise<PostedMessage>;
  /** Pins a message of this channel. */
  readonly pin: (channelId: string, messageId: string) => Promise<void>;
  /**
   * Unpins a message; 'gone' when the message or its channel no longer
   * exists (so it is not pinned either). A missing permission is a
   * UserFacingError naming it.
   */
  readonly unpin: (channelId: string, messageId: string) => Promise<'unpinned' | 'gone'>;
}

/** A raw option value as Discord sends it. */
export type OptionValue = string | number | boolean;

/** A slash command as it arrives, before the registry reads it. */
export interface RawCommand extends InteractionInput {
  /** The registered name of the command. */
  readonly command: string;
  /** The subcommand used (`/pins list` → "list"), or null. */
  readonly subcommand?: string | null;
  readonly options: Readonly<Record<string, OptionValue | undefined>>;
  /** The member's permissions in each channel named by a channel option, as Discord resolved them. */
  readonly channelPermissions?: Readonly<Record<string, bigint>>;
  /** The channels named by channel options that are private threads. */
  readonly privateThreads?: readonly string[];
}

/** A button or select menu click as it arrives. */
export interface RawComponent extends InteractionInput {
  readonly customId: string;
  /** Selected values of a select menu; empty for buttons. */
  readonly values: readonly string[];
  /** True when the clicked message is seen by the channel (not ephemeral). */
  readonly messageIsPublic?: boolean;
}

/** An autocomplete request as it arrives. */
export interface RawAutocomplete extends InteractionInput {
  readonly command: string;
  readonly subcommand?: string | null;
  /** The option being typed. */
  readonly focused: string;
  /** What is typed so far. */
  readonly value: string;
}

/** A message context-menu command as it arrives: the text of the right-clicked message. */
export interface RawMessageCommand extends InteractionInput {
  readonly command: string;
  readonly messageContent: string;
}

/** What every handler receives: the interaction and its audience, resolved once. */
export interface Handled extends InteractionInput {
  readonly audience: Audience;
}

/** A slash command's input: its options parsed by the command's own schema. */
export interface CommandInput<O = unknown> extends Handled {
  readonly options: O;
  /** Who sees the answer, decided once from the command's declaration. */
  readonly visibility: Visibility;
  readonly channelPermissions: Readonly<Record<string, bigint>>;
  readonly privateThreads: readonly string[];
}

/** A component click, its custom id decoded (src/bot/custom-id.ts). */
export interface ComponentInput<A extends Action = Action> extends Handled {
  readonly id: Decoded<A>;
  readonly values: readonly string[];
  readonly messageIsPublic: boolean;
}

/**
 * An autocomplete request. A keystroke rarely needs a language (only labels
 * with dates do), so its audience is resolved on demand, at most once.
 */
export interface AutocompleteInput extends InteractionInput {
  readonly audience: () => Promise<Audience>;
  readonly subcommand: string | null;
  readonly focused: string;
  readonly value: string;
}

/** A message command's input. */
export interface MessageCommandInput extends Handled {
  readonly messageContent: string;
}
