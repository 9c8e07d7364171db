import { PermissionFlagsBits } from 'discord.js';
import { channelById, channelJson } from './guild.js';
import { APPLICATION_ID, BOT_USER_ID, CHANNEL_ID, GUILD_ID, MANAGER_ROLE_ID, THREAD_ID } from './ids.js';

// Interaction payloads as Discord sends them to a bot. The playground server
// builds its interactions with these; the end-to-end tests too.

let interactionId = 500000000000000000n;

/** A fresh interaction id and its token. */
export function nextInteraction(): { id: string; token: string } {
  const id = String(++interactionId);
  return { id, token: `token-${id}` };
}

/**
 * A member of the server, as Discord sends it inside an interaction:
 * `permissions` are the member's in the interaction's channel; server-level
 * rights come from `roles`. Without roles given, a member whose permissions
 * include Manage Server gets the managers' role.
 */
export function member(
  userId: string,
  permissions: bigint,
  { name = `user${userId.slice(-4)}`, roles }: { name?: string; roles?: readonly string[] } = {},
): Record<string, unknown> {
  return {
    user: { id: userId, username: name, discriminator: '0', global_name: null, avatar: null },
    roles: roles ?? ((permissions & PermissionFlagsBits.ManageGuild) !== 0n ? [MANAGER_ROLE_ID] : []),
    joined_at: '2024-01-01T00:00:00.000Z',
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    nick: null,
    avatar: null,
    premium_since: null,
    communication_disabled_until: null,
    permissions: String(permissions),
  };
}

/** Fields every interaction needs, or discord.js 14 throws. */
export function interactionBase(args: {
  userId: string;
  locale: string;
  /** The member's permissions in the channel. */
  permissions: bigint;
  appPermissions: bigint;
  /** The thread instead of the public channel. */
  inThread?: boolean;
  /** Any channel of the server (overrides `inThread`). */
  channelId?: string;
  userName?: string;
  /** Role ids besides @everyone. */
  roles?: readonly string[];
}): Record<string, unknown> {
  const { id, token } = nextInteraction();
  const channel = channelById(args.channelId ?? (args.inThread === true ? THREAD_ID : CHANNEL_ID));
  if (!channel) throw new Error(`no channel ${args.channelId ?? ''} in the stand-in's server`);
  return {
    id,
    application_id: APPLICATION_ID,
    token,
    version: 1,
    guild_id: GUILD_ID,
    channel_id: channel.id,
    // As Discord: the partial channel carries the invoking member's permissions there.
    channel: channelJson(channel, args.permissions),
    member: member(args.userId, args.permissions, {
      ...(args.userName !== undefined ? { name: args.userName } : {}),
      ...(args.roles !== undefined ? { roles: args.roles } : {}),
    }),
    locale: args.locale,
    guild_locale: 'en-US',
    app_permissions: String(args.appPermissions),
    entitlements: [],
    authorizing_integration_owners: { '0': GUILD_ID },
    context: 0,
    attachment_size_limit: 10 * 1024 * 1024,
  };
}

/** A message object as Discord sends it, for a message the stand-in does not keep (a test's own). */
export function messageJson(args: {
  id: string;
  authorId: string;
  content: string;
  embeds?: unknown[];
  components?: unknown[];
  flags?: number;
  type?: number;
  channelId?: string;
}): Record<string, unknown> {
  return {
    id: args.id,
    channel_id: args.channelId ?? CHANNEL_ID,
    author: {
      id: args.authorId,
      username: `user${args.authorId.slice(-4)}`,
      discriminator: '0',
      bot: args.authorId === BOT_USER_ID,
      avatar: null,
      global_name: null,
    },
    content: args.content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: args.embeds ?? [],
    components: args.components ?? [],
    pinned: false,
    type: args.type ?? 0,
    flags: args.flags ?? 0,
  };
}
