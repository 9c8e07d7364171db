import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CommandRegistry } from './commands.js';
import type { RestContext, Timing } from './context.js';
import { Gateway, gatewayBot, type ShardKey } from './gateway.js';
import { guildCreate } from './guild.js';
import { parseRequest, send, type Reply } from './http.js';
import {
  BOT_NAME,
  BOT_USER_ID,
  DISCORD_ACK_WINDOW_MS,
  DISCORD_HEARTBEAT_MS,
  DISCORD_TOKEN_LIFETIME_MS,
  GUILD_ID,
} from './ids.js';
import { InteractionRegistry, type InteractionRecord } from './interactions.js';
import { EPHEMERAL, MessageStore, type MessageChange } from './messages.js';
import { route } from './rest.js';
import type {
  Acknowledgement,
  AnsweredRequest,
  RecordedRequest,
  StandInEvents,
  StandInOptions,
} from './stand-in-types.js';

export type { Acknowledgement, AnsweredRequest, RecordedRequest, StandInEvents, StandInOptions };

/**
 * A browser adds Origin to every cross-site POST and every WebSocket; the
 * bot's discord.js never sends one. Refusing it keeps any web page open in the
 * user's browser from posting here or taking over the bot's gateway.
 */
export const fromWebPage = (req: IncomingMessage): boolean => req.headers.origin !== undefined;
const WEB_PAGE_REFUSED: Reply = {
  status: 403,
  body: { message: 'Requests from web pages are refused.', code: 0 },
};

/**
 * A local stand-in for Discord, on 127.0.0.1 only: one server with a channel,
 * a private channel and a thread, the REST routes the bot uses and a JSON
 * gateway. It keeps the server's messages and pins, enforces one
 * acknowledgement per interaction within the window and Discord's size
 * limits, records every request so tests assert on what the real discord.js
 * client sent, and reports every change as an event.
 */
export class DiscordStandIn extends EventEmitter<StandInEvents> {
  readonly requests: RecordedRequest[] = [];
  /** Opcodes the bot sent on the gateway, in order (2 identify, 1 heartbeat, …). */
  readonly gatewayOps: number[] = [];
  /** The shard of every IDENTIFY answered with READY, in order (`[0, 1]`: unsharded). */
  readonly identified: ShardKey[] = [];
  /** Resolves when the bot has first identified and received READY. */
  readonly ready: Promise<void>;
  readonly messages: MessageStore;
  readonly interactions = new InteractionRegistry();
  readonly commands = new CommandRegistry();
  readonly timing: Timing;
  /** When true, pinning fails as in a channel with 250 pins already (error 30003). */
  pinsFull = false;

  private readonly server: Server;
  private readonly gateway: Gateway;
  private readonly context: RestContext;
  private readonly claimed = new Set<RecordedRequest>();
  private waiters: { match: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }[] = [];
  private failing = 0;

  constructor(private readonly options: StandInOptions = {}) {
    super();
    this.timing = {
      ackWindowMs: options.ackWindowMs ?? DISCORD_ACK_WINDOW_MS,
      tokenLifetimeMs: options.tokenLifetimeMs ?? DISCORD_TOKEN_LIFETIME_MS,
    };
    const guildIds = options.guildIds ?? [GUILD_ID];
    let readyResolve = (): void => undefined;
    this.ready = new Promise((resolve) => (readyResolve = resolve));
    this.messages = new MessageStore((change) => {
      this.onMessageChange(change);
    });
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.gateway = new Gateway(this.server, {
      heartbeatMs: options.heartbeatMs ?? DISCORD_HEARTBEAT_MS,
      url: () => this.gatewayUrl,
      // The server arrives as with the Guilds intent, so that the client
      // knows the channels and the roles as it would in production.
      afterReady: () => guildIds.map((id) => ({ t: 'GUILD_CREATE', d: guildCreate(id) })),
      onOp: (op) => this.gatewayOps.push(op),
      refuse: fromWebPage,
      onReady: (shard) => {
        this.identified.push(shard);
        readyResolve();
        this.emit('ready', shard);
      },
    });
    this.context = {
      messages: this.messages,
      interactions: this.interactions,
      commands: this.commands,
      timing: this.timing,
      now: () => Date.now(),
      origin: () => this.origin,
      takeFailure: () => this.failing > 0 && this.failing-- > 0,
      pinsFull: () => this.pinsFull,
      onAcknowledged: (interaction, type, data) => this.emit('acknowledged', { interaction, type, data }),
      onCommands: (list) => this.emit('commands', list),
    };
  }

  /** Starts listening on 127.0.0.1 (a free port unless one is given). */
  async listen(port = 0): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  /** http://127.0.0.1:<port>, where attachments are downloaded from. */
  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The REST base URL to give the bot as DISCORD_API_URL. */
  get apiUrl(): string {
    return `${this.origin}/api`;
  }

  get gatewayUrl(): string {
    return `${this.origin.replace(/^http/, 'ws')}/gateway`;
  }

  /** True while the bot is connected to the gateway and identified. */
  get connected(): boolean {
    return this.gateway.connected;
  }

  /** The connected shards that receive the events of `guildId` (null: a DM). */
  shardsOf(guildId: string | null): ShardKey[] {
    return this.gateway.shardsOf(guildId);
  }

  /** Closes the gateway and the HTTP server. */
  async close(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server.close(() => {
        resolve();
      }),
    );
  }

  /**
   * Sends an INTERACTION_CREATE to the bot and starts its acknowledgement
   * window. `command` is the line shown above the reply (derived from the
   * data when not given). False when no bot is connected.
   */
  dispatchInteraction(interaction: Record<string, unknown>, command?: string): boolean {
    const record = this.interactions.register(interaction, Date.now(), command);
    this.adoptClickedMessage(interaction, record);
    this.emit('interaction', interaction);
    return this.gateway.dispatch('INTERACTION_CREATE', interaction);
  }

  /** Waits for the next recorded request that matches and no earlier call claimed (bounded by the test timeout). */
  next(match: (r: RecordedRequest) => boolean): Promise<RecordedRequest> {
    const done = this.requests.find((r) => match(r) && !this.claimed.has(r));
    if (done) {
      this.claimed.add(done);
      return Promise.resolve(done);
    }
    return new Promise((resolve) =>
      this.waiters.push({
        match,
        resolve: (r) => {
          this.claimed.add(r);
          resolve(r);
        },
      }),
    );
  }

  /** Makes the next `count` interaction callbacks fail with HTTP 500, as Discord sometimes does. */
  failCallbacks(count: number): void {
    this.failing = count;
  }

  /** A component interaction built by a test may name a message the stand-in never saw: keep it from now on. */
  private adoptClickedMessage(interaction: Record<string, unknown>, record: InteractionRecord): void {
    const message = interaction['message'] as Record<string, unknown> | undefined;
    if (record.type !== 3 || !message || record.messageId === null) return;
    if (this.messages.get(record.messageId)) return;
    const flags = typeof message['flags'] === 'number' ? message['flags'] : 0;
    const author = (message['author'] ?? {}) as { id?: string; username?: string; bot?: boolean };
    this.messages.create(
      typeof message['channel_id'] === 'string' ? message['channel_id'] : record.channelId,
      {
        content: typeof message['content'] === 'string' ? message['content'] : '',
        flags,
        ...(Array.isArray(message['embeds']) ? { embeds: message['embeds'] } : {}),
        ...(Array.isArray(message['components']) ? { components: message['components'] as unknown[] } : {}),
      },
      {
        id: record.messageId,
        author: { id: author.id ?? BOT_USER_ID, name: author.username ?? BOT_NAME, bot: author.bot ?? true },
        visibleTo: (flags & EPHEMERAL) !== 0 ? record.userId : null,
      },
    );
  }

  private onMessageChange(change: MessageChange): void {
    if (change.kind === 'delete') this.emit('messageDelete', { id: change.id, channelId: change.channelId });
    else if (change.kind === 'create') this.emit('messageCreate', change.message);
    else this.emit('messageUpdate', change.message);
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (fromWebPage(req)) {
      send(res, WEB_PAGE_REFUSED);
      return;
    }
    const parsed = await parseRequest(req);
    const record: RecordedRequest = {
      method: parsed.method,
      path: parsed.path,
      body: parsed.body,
      files: parsed.files.map((f) => ({
        name: f.name,
        text: f.data.toString('utf8'),
        contentType: f.contentType,
      })),
    };
    const recorded = !parsed.path.startsWith('/gateway') && !parsed.path.startsWith('/attachments/');
    if (recorded) {
      this.requests.push(record);
      const waiter = this.waiters.find((w) => w.match(record));
      if (waiter) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve(record);
      }
    }
    let reply: Reply;
    if (parsed.method === 'GET' && /^\/gateway(\/bot)?$/.test(parsed.path))
      reply = { status: 200, body: gatewayBot(this.gatewayUrl, this.options.shards ?? 1) };
    else reply = route(this.context, parsed);
    send(res, reply);
    this.emit('request', {
      ...record,
      status: reply.status,
      response: reply.raw ? null : (reply.body ?? null),
    });
  }
}
