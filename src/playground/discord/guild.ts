import { ChannelType, PermissionFlagsBits, PermissionsBitField } from 'discord.js';
import {
  CHANNEL_ID,
  EVERYONE_PERMISSIONS,
  GUILD_ID,
  GUILD_NAME,
  MANAGER_PERMISSIONS,
  MANAGER_ROLE_ID,
  MODERATOR_PERMISSIONS,
  MODERATOR_ROLE_ID,
  OWNER_ID,
  PRIVATE_CHANNEL_ID,
  THREAD_ID,
  USERS,
  type StandInUser,
} from './ids.js';

/** A permission overwrite of a channel: for a role (0) or a member (1). */
export interface Overwrite {
  readonly id: string;
  readonly type: 0 | 1;
  readonly allow: bigint;
  readonly deny: bigint;
}

/** A channel of the server: a text channel (0) or a public thread (11) in one. */
export interface StandInChannel {
  readonly id: string;
  readonly name: string;
  readonly type: ChannelType.GuildText | ChannelType.PublicThread;
  readonly parentId: string | null;
  readonly overwrites: readonly Overwrite[];
}

export interface StandInRole {
  readonly id: string;
  readonly name: string;
  readonly permissions: bigint;
}

export const ROLES: readonly StandInRole[] = [
  { id: GUILD_ID, name: '@everyone', permissions: EVERYONE_PERMISSIONS },
  { id: MANAGER_ROLE_ID, name: 'Server managers', permissions: MANAGER_PERMISSIONS },
  { id: MODERATOR_ROLE_ID, name: 'Moderators', permissions: MODERATOR_PERMISSIONS },
];

export const CHANNELS: readonly StandInChannel[] = [
  { id: CHANNEL_ID, name: 'reading', type: ChannelType.GuildText, parentId: null, overwrites: [] },
  {
    id: PRIVATE_CHANNEL_ID,
    name: 'staff',
    type: ChannelType.GuildText,
    parentId: null,
    // Hidden from @everyone: only Discord's resolved permissions say who may see it.
    overwrites: [
      { id: GUILD_ID, type: 0, allow: 0n, deny: PermissionFlagsBits.ViewChannel },
      { id: MODERATOR_ROLE_ID, type: 0, allow: PermissionFlagsBits.ViewChannel, deny: 0n },
    ],
  },
  { id: THREAD_ID, name: 'thread', type: ChannelType.PublicThread, parentId: CHANNEL_ID, overwrites: [] },
];

const ALL = PermissionsBitField.All;

export function channelById(id: string): StandInChannel | undefined {
  return CHANNELS.find((c) => c.id === id);
}

export function userById(id: string): StandInUser | undefined {
  return USERS.find((u) => u.id === id);
}

/** Server-level permissions of a member with these roles (@everyone included). */
export function serverPermissions(roles: readonly string[]): bigint {
  let perms = 0n;
  for (const role of ROLES) if (role.id === GUILD_ID || roles.includes(role.id)) perms |= role.permissions;
  return (perms & PermissionFlagsBits.Administrator) !== 0n ? ALL : perms;
}

/**
 * A member's permissions in a channel, as Discord computes them: the roles'
 * server-level permissions, then the channel's overwrites for @everyone, for
 * the member's roles and for the member; a thread has its parent's. Without
 * View Channel nothing else is left.
 */
export function channelPermissions(userId: string, roles: readonly string[], channelId: string): bigint {
  if (userId === OWNER_ID) return ALL;
  const base = serverPermissions(roles);
  if (base === ALL) return ALL;
  const channel = channelById(channelId);
  if (!channel) return 0n;
  if (channel.parentId !== null) return channelPermissions(userId, roles, channel.parentId);
  let perms = base;
  const everyone = channel.overwrites.find((o) => o.type === 0 && o.id === GUILD_ID);
  if (everyone) perms = (perms & ~everyone.deny) | everyone.allow;
  let allow = 0n;
  let deny = 0n;
  for (const o of channel.overwrites)
    if (o.type === 0 && o.id !== GUILD_ID && roles.includes(o.id)) {
      allow |= o.allow;
      deny |= o.deny;
    }
  perms = (perms & ~deny) | allow;
  const own = channel.overwrites.find((o) => o.type === 1 && o.id === userId);
  if (own) perms = (perms & ~own.deny) | own.allow;
  return (perms & PermissionFlagsBits.ViewChannel) === 0n ? 0n : perms;
}

/** A user object as Discord sends it. */
export function userJson(id: string, name: string, bot = false): Record<string, unknown> {
  return { id, username: name, discriminator: '0', global_name: name, avatar: null, ...(bot ? { bot } : {}) };
}

/** A channel as Discord describes it inside an interaction or a resolved option. */
export function channelJson(
  channel: StandInChannel,
  permissions?: bigint,
  guildId = GUILD_ID,
): Record<string, unknown> {
  return {
    id: channel.id,
    type: channel.type,
    guild_id: guildId,
    name: channel.name,
    ...(channel.parentId !== null
      ? {
          parent_id: channel.parentId,
          thread_metadata: {
            archived: false,
            auto_archive_duration: 1440,
            archive_timestamp: '2024-01-01T00:00:00.000Z',
            locked: false,
          },
        }
      : { position: CHANNELS.indexOf(channel) }),
    ...(permissions !== undefined ? { permissions: String(permissions) } : {}),
  };
}

/** The server's id in place of the stand-in's own, where a role or an overwrite is @everyone. */
const everyoneAs = (id: string, guildId: string): string => (id === GUILD_ID ? guildId : id);

function roleJson(role: StandInRole, position: number, guildId: string): Record<string, unknown> {
  return {
    id: everyoneAs(role.id, guildId),
    name: role.name,
    permissions: String(role.permissions),
    position,
    color: 0,
    hoist: false,
    managed: false,
    mentionable: false,
    flags: 0,
  };
}

/**
 * GUILD_CREATE as the Guilds intent brings it: the roles (so that the
 * client knows server-level rights), the channels with their overwrites, and
 * the active thread. Another `guildId` gives a copy of the server under that
 * id, with the same channel and role ids: for shards, each of which sees only
 * its own servers.
 */
export function guildCreate(guildId = GUILD_ID): Record<string, unknown> {
  const channels = CHANNELS.filter((c) => c.parentId === null);
  return {
    id: guildId,
    name: GUILD_NAME,
    icon: null,
    owner_id: OWNER_ID,
    unavailable: false,
    member_count: USERS.length + 1,
    large: false,
    joined_at: '2024-01-01T00:00:00.000Z',
    preferred_locale: 'en-US',
    roles: ROLES.map((r, i) => roleJson(r, i, guildId)),
    emojis: [],
    stickers: [],
    features: [],
    members: [],
    presences: [],
    voice_states: [],
    threads: CHANNELS.filter((c) => c.parentId !== null).map((c) => ({
      ...channelJson(c, undefined, guildId),
      owner_id: OWNER_ID,
      message_count: 0,
      member_count: 1,
    })),
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    channels: channels.map((c) => ({
      ...channelJson(c, undefined, guildId),
      permission_overwrites: c.overwrites.map((o) => ({
        id: everyoneAs(o.id, guildId),
        type: o.type,
        allow: String(o.allow),
        deny: String(o.deny),
      })),
    })),
  };
}
