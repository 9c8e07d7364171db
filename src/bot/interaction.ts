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
  /** The channel's or thread's name, when Discord sent it (for export file names). */
  readonly channelName?: string | null;
}
