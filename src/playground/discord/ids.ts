import { PermissionFlagsBits } from 'discord.js';

/** The application (and its bot user) the stand-in pretends the bot is. */
export const APPLICATION_ID = '100000000000000001';
export const BOT_USER_ID = '100000000000000002';
/** What the stand-in calls the bot in messages. */
export const BOT_NAME = 'Reading Room';

/** The one server, its public channel, a private one, and a thread in the public one. */
export const GUILD_ID = '200000000000000001';
export const GUILD_NAME = 'Reading group';
export const CHANNEL_ID = '200000000000000002';
/** A channel of the server that @everyone cannot view (moderators can). */
export const PRIVATE_CHANNEL_ID = '200000000000000003';
/** An active thread in the public channel. */
export const THREAD_ID = '200000000000000004';
/** A role that grants Manage Server at the server level. */
export const MANAGER_ROLE_ID = '200000000000000005';
/** A role that grants Pin Messages and Manage Messages. */
export const MODERATOR_ROLE_ID = '200000000000000006';
/** The server's owner: nobody the page types as. */
export const OWNER_ID = '600000000000000009';

/** Discord's usual heartbeat interval, for the playground; tests ask for a shorter one. */
export const DISCORD_HEARTBEAT_MS = 41_250;
/** How long an interaction may wait for its one acknowledgement (Discord: 3 s). */
export const DISCORD_ACK_WINDOW_MS = 3000;
/** How long an interaction's token works for follow-ups and edits (Discord: 15 min). */
export const DISCORD_TOKEN_LIFETIME_MS = 15 * 60 * 1000;
/** Pins a channel may hold (Discord: 250). */
export const MAX_PINS = 250;

const F = PermissionFlagsBits;

/** What @everyone may do in the server: an ordinary member. */
export const EVERYONE_PERMISSIONS =
  F.ViewChannel |
  F.SendMessages |
  F.SendMessagesInThreads |
  F.AttachFiles |
  F.UseApplicationCommands |
  F.ReadMessageHistory;

/** What the moderators' role adds. */
export const MODERATOR_PERMISSIONS = F.PinMessages | F.ManageMessages;

/** What the server managers' role adds. */
export const MANAGER_PERMISSIONS = F.ManageGuild;

/** The bot's permissions in every channel (the invite's). */
export const BOT_PERMISSIONS =
  F.ViewChannel |
  F.SendMessages |
  F.SendMessagesInThreads |
  F.EmbedLinks |
  F.AttachFiles |
  F.ReadMessageHistory |
  F.PinMessages |
  F.UseApplicationCommands;

/** A person of the server the page can type as. */
export interface StandInUser {
  readonly id: string;
  readonly name: string;
  readonly role: 'member' | 'moderator' | 'admin';
  /** Role ids besides @everyone. */
  readonly roles: readonly string[];
}

/** An ordinary member, a moderator (Pin Messages, Manage Messages) and an admin (Manage Server too). */
export const USERS: readonly StandInUser[] = [
  { id: '600000000000000101', name: 'Robin', role: 'member', roles: [] },
  { id: '600000000000000102', name: 'Morgan', role: 'moderator', roles: [MODERATOR_ROLE_ID] },
  { id: '600000000000000103', name: 'Alex', role: 'admin', roles: [MODERATOR_ROLE_ID, MANAGER_ROLE_ID] },
];

/** Discord client locales the page offers; the bot speaks en-US, en-GB and ru, not the others. */
export const PAGE_LOCALES = ['en-US', 'en-GB', 'ru', 'tr', 'de'] as const;
