/**
 * The part of an interaction a handler reads, as any transport sees it. Unit
 * tests pass small literals; the adapters build it from Discord's payload.
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
  /**
   * Whether the app is installed to this server: Discord's
   * `authorizing_integration_owners` has a GUILD_INSTALL ("0") owner. False
   * when only the invoking user installed it (a user install, the bot not
   * in the server); absent when the transport did not say, read as installed.
   */
  readonly installedToGuild?: boolean;
  /** The channel's or thread's name, when Discord sent it (for export file names). */
  readonly channelName?: string | null;
}
