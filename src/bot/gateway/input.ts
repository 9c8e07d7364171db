import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  ChannelType,
  GuildMember,
  type BaseInteraction,
  type CommandInteractionOption,
} from 'discord.js';
import type { InteractionInput, OptionValue } from '../types.js';

/** What every interaction tells a handler, read from discord.js. */
export function baseInput(i: BaseInteraction): InteractionInput {
  const channel = i.channel;
  return {
    userId: i.user.id,
    guildId: i.guildId,
    channelId: i.channelId,
    channelName: channel && 'name' in channel ? channel.name : null,
    locale: i.locale,
    memberPermissions: i.memberPermissions?.bitfield ?? null,
    appPermissions: i.appPermissions.bitfield,
    guildPermissions: serverPermissions(i),
    // In a server, a channel the cache does not know might be a thread.
    inThread: channel ? channel.isThread() : i.guildId !== null ? null : false,
    ...installedToGuild(i),
  };
}

/**
 * Whether the app is installed to this server, from the interaction's
 * authorizing integration owners: a GUILD_INSTALL owner means it is; only a
 * USER_INSTALL one means the member brought the app themselves.
 */
function installedToGuild(i: BaseInteraction): { installedToGuild?: boolean } {
  // Typed as always there; a stand-in that sends no owners says nothing.
  const owners = i.authorizingIntegrationOwners as
    BaseInteraction['authorizingIntegrationOwners'] | undefined;
  if (owners === undefined) return {};
  return { installedToGuild: owners[ApplicationIntegrationType.GuildInstall] !== undefined };
}

/**
 * The member's server-level permissions, from their roles. Discord sends
 * only the channel's with the interaction; the roles come from the cache,
 * so an unknown role or guild means "cannot tell" (null), never "allowed".
 */
function serverPermissions(i: BaseInteraction): bigint | null {
  if (!(i.member instanceof GuildMember)) return null;
  try {
    return i.member.permissions.bitfield;
  } catch {
    return null;
  }
}

/**
 * Reads a command's options; a subcommand's options are its own. A channel
 * option also brings the member's permissions in that channel, as Discord
 * resolved them.
 */
export function readOptions(data: readonly CommandInteractionOption[]): {
  subcommand: string | null;
  options: Record<string, OptionValue | undefined>;
  channelPermissions: Record<string, bigint>;
  privateThreads: string[];
} {
  const sub = data.find((o) => o.type === ApplicationCommandOptionType.Subcommand);
  const list = sub ? (sub.options ?? []) : data;
  const channelPermissions: Record<string, bigint> = {};
  const privateThreads: string[] = [];
  for (const o of list) {
    if (o.type !== ApplicationCommandOptionType.Channel || typeof o.value !== 'string' || !o.channel)
      continue;
    const resolved = 'permissions' in o.channel ? o.channel.permissions : null;
    if (resolved)
      channelPermissions[o.value] = typeof resolved === 'string' ? BigInt(resolved) : resolved.bitfield;
    if (o.channel.type === ChannelType.PrivateThread) privateThreads.push(o.value);
  }
  return {
    subcommand: sub?.name ?? null,
    options: Object.fromEntries(list.map((o) => [o.name, o.value])),
    channelPermissions,
    privateThreads,
  };
}
