import type { APIApplicationCommand } from 'discord.js';
import type { ShardKey } from './gateway.js';
import type { InteractionRecord } from './interactions.js';
import type { StoredMessage } from './messages.js';

// What the stand-in records and reports, and its options: the types its
// users (the playground server, the tests) read.

/** One HTTP request the bot sent, as the stand-in recorded it (before answering). */
export interface RecordedRequest {
  readonly method: string;
  /** Without the `/api/v10` prefix and the query. */
  readonly path: string;
  readonly body: unknown;
  /** Files of a multipart request, as text. */
  readonly files: readonly { readonly name: string; readonly text: string; readonly contentType: string }[];
}

/** A recorded request with Discord's answer. */
export interface AnsweredRequest extends RecordedRequest {
  readonly status: number;
  readonly response: unknown;
}

/** An interaction the bot acknowledged, with the callback type and its data. */
export interface Acknowledgement {
  readonly interaction: InteractionRecord;
  readonly type: number;
  readonly data: unknown;
}

/** What the stand-in reports, for the playground server (and tests). */
export interface StandInEvents {
  /** Every REST request of the bot, once answered. */
  request: [AnsweredRequest];
  /** Every interaction dispatched to the bot (INTERACTION_CREATE's `d`). */
  interaction: [Record<string, unknown>];
  acknowledged: [Acknowledgement];
  messageCreate: [StoredMessage];
  messageUpdate: [StoredMessage];
  messageDelete: [{ readonly id: string; readonly channelId: string }];
  /** The commands members can use, after each registration. */
  commands: [readonly APIApplicationCommand[]];
  /** The bot identified (again), as this shard. */
  ready: [shard: ShardKey];
}

export interface StandInOptions {
  /** The gateway's heartbeat interval (Discord's 41.25 s by default). */
  readonly heartbeatMs?: number;
  /** Time to acknowledge an interaction (3 s by default, as Discord). */
  readonly ackWindowMs?: number;
  /** Time an interaction token works (15 min by default, as Discord). */
  readonly tokenLifetimeMs?: number;
  /** The shard count GET /gateway/bot recommends (1 by default). */
  readonly shards?: number;
  /** The servers the bot is in (default its own): copies of it, each sent to the shard that owns it. */
  readonly guildIds?: readonly string[];
}
