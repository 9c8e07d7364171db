/**
 * The messages between the playground page and the playground server, over
 * one WebSocket at `/ws` (same origin). The page is a Discord client for one
 * server: it sends what a person does (a slash command, a click, a choice),
 * the server turns each into the interaction Discord would send the bot, and
 * pushes back everything the bot made Discord show, plus a log of the raw
 * traffic for the inspector.
 *
 * Message and component shapes are Discord's own API objects (as the bot
 * sends them through REST), so the page renders what Discord would.
 */
import type {
  APIApplicationCommand,
  APIApplicationCommandOptionChoice,
  APIAttachment,
  APIEmbed,
  APIActionRowComponent,
  APIComponentInMessageActionRow,
} from 'discord.js';

/** A person the page can type as. */
export interface PlaygroundUser {
  readonly id: string;
  readonly name: string;
  /** "member", "moderator" or "admin": what the User select shows. */
  readonly role: 'member' | 'moderator' | 'admin';
  /** Channel-level permissions, as a decimal string (Discord's form). */
  readonly permissions: string;
}

/** The channel and the thread of the one server. */
export interface PlaygroundChannel {
  readonly id: string;
  readonly name: string;
  readonly kind: 'channel' | 'thread';
}

/** A message as the channel shows it. */
export interface PlaygroundMessage {
  readonly id: string;
  readonly channelId: string;
  /** The bot, or the user who typed (the command line is shown above the reply). */
  readonly author: { readonly id: string; readonly name: string; readonly bot: boolean };
  readonly content: string;
  readonly embeds: readonly APIEmbed[];
  readonly components: readonly APIActionRowComponent<APIComponentInMessageActionRow>[];
  /** Files, each downloadable from the playground server at its `url` (relative, same origin). */
  readonly attachments: readonly APIAttachment[];
  /** Discord's flags: 64 ephemeral ("Only you can see this"), 128 loading ("thinking…"). */
  readonly flags: number;
  /** For an interaction reply: who ran what, e.g. "/search query:Xocalı". */
  readonly interaction: {
    readonly userId: string;
    readonly userName: string;
    readonly command: string;
  } | null;
  /** Ephemeral messages are seen only by this user; null for everyone. */
  readonly visibleTo: string | null;
  readonly pinned: boolean;
  readonly timestamp: string;
  readonly editedTimestamp: string | null;
}

/** One raw request or event, for the inspector. Newest are sent last; the page shows them newest first. */
export interface InspectorEntry {
  readonly at: string;
  /** "to-bot": an interaction the stand-in sent the bot; "from-bot": a REST request the bot sent. */
  readonly direction: 'to-bot' | 'from-bot';
  readonly method: string;
  readonly path: string;
  readonly status: number | null;
  readonly body: unknown;
}

/** Server → page. */
export type ServerEvent =
  | {
      readonly type: 'hello';
      readonly guild: { readonly id: string; readonly name: string };
      readonly channels: readonly PlaygroundChannel[];
      readonly users: readonly PlaygroundUser[];
      /** Discord client locales the Language select offers; the bot speaks some of them. */
      readonly locales: readonly string[];
      /** The commands the bot registered, exactly as it sent them. Empty until it has. */
      readonly commands: readonly APIApplicationCommand[];
      /** Messages so far, oldest first, every channel. */
      readonly messages: readonly PlaygroundMessage[];
    }
  /** The bot (re)registered its commands. */
  | { readonly type: 'commands'; readonly commands: readonly APIApplicationCommand[] }
  /** A new message, or a new version of one (same id): replace it in place. */
  | { readonly type: 'message'; readonly message: PlaygroundMessage }
  | { readonly type: 'messageDelete'; readonly id: string; readonly channelId: string }
  /** The answer to an `autocomplete` request. */
  | {
      readonly type: 'choices';
      readonly nonce: string;
      readonly choices: readonly APIApplicationCommandOptionChoice[];
    }
  /** Something the page sent could not be delivered (e.g. the bot is not connected). */
  | { readonly type: 'notice'; readonly nonce: string | null; readonly text: string }
  | { readonly type: 'inspector'; readonly entry: InspectorEntry };

/** An option as typed, in Discord's interaction form (values already typed: numbers as numbers). */
export interface TypedOption {
  readonly name: string;
  /** ApplicationCommandOptionType. */
  readonly type: number;
  readonly value?: string | number | boolean;
  readonly focused?: boolean;
  readonly options?: readonly TypedOption[];
}

/** Who is acting, and from where. */
export interface Actor {
  readonly userId: string;
  /** Discord client locale, e.g. "en-US", "ru", "tr". */
  readonly locale: string;
  readonly channelId: string;
}

/** Page → server. `nonce` ties answers and notices to the request. */
export type PageEvent =
  | (Actor & {
      readonly type: 'command';
      readonly nonce: string;
      readonly name: string;
      readonly options: readonly TypedOption[];
      /** As the composer showed it, for the "used /…" line above the reply. */
      readonly display: string;
    })
  | (Actor & {
      readonly type: 'autocomplete';
      readonly nonce: string;
      readonly name: string;
      /** The options typed so far; exactly one (possibly nested in a subcommand) has `focused: true`. */
      readonly options: readonly TypedOption[];
    })
  | (Actor & {
      readonly type: 'component';
      readonly nonce: string;
      readonly messageId: string;
      readonly customId: string;
      /** 2 button, 3 string select. */
      readonly componentType: 2 | 3;
      readonly values?: readonly string[];
    })
  /** "Dismiss" on an ephemeral message: the page hides it; the server forgets it for that user. */
  | { readonly type: 'dismiss'; readonly messageId: string };
