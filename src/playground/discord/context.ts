import type { APIApplicationCommand } from 'discord.js';
import type { CommandRegistry } from './commands.js';
import type { InteractionRecord, InteractionRegistry } from './interactions.js';
import type { MessageStore } from './messages.js';

/** Timing rules of the stand-in, Discord's by default. */
export interface Timing {
  /** Time to acknowledge an interaction (Discord: 3 s). */
  readonly ackWindowMs: number;
  /** Time an interaction token works for follow-ups and edits (Discord: 15 min). */
  readonly tokenLifetimeMs: number;
}

/** What the REST routes read and change. */
export interface RestContext {
  readonly messages: MessageStore;
  readonly interactions: InteractionRegistry;
  readonly commands: CommandRegistry;
  readonly timing: Timing;
  readonly now: () => number;
  /** The stand-in's own address, for attachment URLs: http://127.0.0.1:<port>. */
  readonly origin: () => string;
  /** True when the next callback should fail with 500 (see DiscordStandIn.failCallbacks). */
  readonly takeFailure: () => boolean;
  /** True when pins should fail as in a full channel. */
  readonly pinsFull: () => boolean;
  readonly onAcknowledged: (record: InteractionRecord, type: number, data: unknown) => void;
  readonly onCommands: (commands: readonly APIApplicationCommand[]) => void;
}
