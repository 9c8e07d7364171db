import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PermissionFlagsBits } from 'discord.js';
import { WebSocketServer, type WebSocket } from 'ws';

/** One HTTP request the bot sent, as the fake recorded it. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  /** Files of a multipart request, by name, as text. */
  readonly files: readonly { readonly name: string; readonly text: string }[];
}

export const APPLICATION_ID = '100000000000000001';
/** Heartbeat interval the fake asks for, in milliseconds. */
export const HEARTBEAT_MS = 300;
export const BOT_USER_ID = '100000000000000002';

/**
 * A local fake of Discord for end-to-end tests: the REST routes the bot uses
 * and a JSON gateway, on 127.0.0.1 only. It records every request so tests
 * assert on what the real discord.js client actually sent.
 */
export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private socket: WebSocket | null = null;
  private sequence = 0;
  private readyResolve: (() => void) | null = null;
  /** Resolves when the bot has identified and received READY. */
  readonly ready: Promise<void>;
  private waiters: { match: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }[] = [];
  private messageId = 300000000000000000n;

  constructor() {
    this.ready = new Promise((resolve) => (this.readyResolve = resolve));
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.wss = new WebSocketServer({ server: this.server, path: '/gateway' });
    this.wss.on('connection', (ws) => {
      this.onSocket(ws);
    });
  }

  /** Starts listening on a free loopback port. */
  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  /** The REST base URL to give the bot as DISCORD_API_URL. */
  get apiUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api`;
  }

  /** Closes the gateway and the HTTP server. */
  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => {
      this.wss.close(() => {
        resolve();
      });
    });
    await new Promise<void>((resolve) =>
      this.server.close(() => {
        resolve();
      }),
    );
  }

  /** Sends an INTERACTION_CREATE to the bot. */
  dispatchInteraction(interaction: Record<string, unknown>): void {
    this.send({ op: 0, t: 'INTERACTION_CREATE', s: ++this.sequence, d: interaction });
  }

  /** Waits for the next recorded request that matches (bounded by the test timeout). */
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

  private readonly claimed = new Set<RecordedRequest>();
  /** Opcodes the bot sent on the gateway, in order (2 identify, 1 heartbeat, …). */
  readonly gatewayOps: number[] = [];
  private failing = 0;

  /** When true, pinning fails as in a channel with 250 pins already (error 30003). */
  pinsFull = false;

  /** Makes the next `count` interaction callbacks fail with HTTP 500, as Discord sometimes does. */
  failCallbacks(count: number): void {
    this.failing = count;
  }

  private send(payload: unknown): void {
    this.socket?.send(JSON.stringify(payload));
  }

  private onSocket(ws: WebSocket): void {
    this.socket = ws;
    // A short interval, so tests see heartbeats and their acknowledgements.
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: HEARTBEAT_MS } }));
    ws.on('message', (raw: Buffer) => {
      const message = JSON.parse(raw.toString('utf8')) as { op: number; d: unknown };
      this.gatewayOps.push(message.op);
      if (message.op === 1) ws.send(JSON.stringify({ op: 11 }));
      if (message.op === 2) {
        this.send({
          op: 0,
          t: 'READY',
          s: ++this.sequence,
          d: {
            v: 10,
            user: {
              id: BOT_USER_ID,
              username: 'reading-room',
              discriminator: '0',
              global_name: null,
              avatar: null,
              bot: true,
            },
            guilds: [],
            session_id: 'fake-session',
            resume_gateway_url: this.apiUrl.replace(/^http/, 'ws').replace(/\/api$/, '/gateway'),
            application: { id: APPLICATION_ID, flags: 0 },
            private_channels: [],
          },
        });
        // The server and its channel arrive as with the Guilds intent, so
        // that the client knows the channel's name as it would in production.
        this.send({
          op: 0,
          t: 'GUILD_CREATE',
          s: ++this.sequence,
          d: {
            id: GUILD_ID,
            name: 'Reading group',
            icon: null,
            owner_id: '600000000000000009',
            unavailable: false,
            member_count: 2,
            large: false,
            joined_at: '2024-01-01T00:00:00.000Z',
            roles: [
              role(GUILD_ID, '@everyone', EVERYONE_PERMISSIONS),
              role(MANAGER_ROLE_ID, 'Server managers', PermissionFlagsBits.ManageGuild),
            ],
            emojis: [],
            stickers: [],
            features: [],
            members: [],
            presences: [],
            voice_states: [],
            threads: [],
            stage_instances: [],
            guild_scheduled_events: [],
            soundboard_sounds: [],
            channels: [
              { id: CHANNEL_ID, type: 0, name: 'reading', position: 0, permission_overwrites: [] },
              {
                id: PRIVATE_CHANNEL_ID,
                type: 0,
                name: 'staff',
                position: 1,
                // Hidden from @everyone: only Discord's resolved permissions say who may see it.
                permission_overwrites: [
                  { id: GUILD_ID, type: 0, allow: '0', deny: String(PermissionFlagsBits.ViewChannel) },
                ],
              },
            ],
          },
        });
        this.readyResolve?.();
      }
    });
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const text = raw.toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, '');
    let body: unknown = null;
    const files: { name: string; text: string }[] = [];
    if (text !== '') {
      const type = req.headers['content-type'] ?? '';
      if (type.includes('application/json')) body = JSON.parse(text) as unknown;
      else if (type.includes('multipart/form-data')) {
        // Multipart: the JSON part is named payload_json, the rest are files.
        // Deprecated for servers facing the internet; this fake sees only the
        // test's own discord.js client, and it saves a dependency.
        // eslint-disable-next-line @typescript-eslint/no-deprecated
        const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
        for (const [name, value] of form.entries()) {
          if (name === 'payload_json' && typeof value === 'string') body = JSON.parse(value) as unknown;
          else if (typeof value !== 'string') files.push({ name: value.name, text: await value.text() });
        }
      } else body = text;
    }
    const record: RecordedRequest = { method: req.method ?? 'GET', path, body, files };
    if (path !== '/gateway/bot') {
      this.requests.push(record);
      const waiter = this.waiters.find((w) => w.match(record));
      if (waiter) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve(record);
      }
    }
    const json = (status: number, value: unknown): void => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (req.method === 'GET' && path === '/gateway/bot') {
      json(200, {
        url: this.apiUrl.replace(/^http/, 'ws').replace(/\/api$/, '/gateway'),
        shards: 1,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
      });
      return;
    }
    if (/^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) {
      if (this.failing > 0) {
        this.failing--;
        json(500, { message: 'Internal Server Error', code: 0 });
        return;
      }
      res.writeHead(204);
      res.end();
      return;
    }
    if (/^\/channels\/\d+\/messages\/pins\/\d+$/.test(path)) {
      if (this.pinsFull) {
        json(400, { message: 'Maximum number of pinned messages reached (250)', code: 30003 });
        return;
      }
      res.writeHead(204);
      res.end();
      return;
    }
    if (/^\/webhooks\/\d+\/[^/]+(\/messages\/@original)?$/.test(path)) {
      json(200, this.message(body));
      return;
    }
    if (/^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path) && req.method === 'PUT') {
      json(
        200,
        Array.isArray(body)
          ? body.map((c, i) => ({ ...(c as object), id: String(400000000000000000n + BigInt(i)) }))
          : [],
      );
      return;
    }
    json(404, { message: 'Unknown route', code: 0 });
  }

  private message(body: unknown): Record<string, unknown> {
    const b = (body ?? {}) as Record<string, unknown>;
    return messageJson({
      id: String(++this.messageId),
      authorId: BOT_USER_ID,
      content: typeof b['content'] === 'string' ? b['content'] : '',
      embeds: Array.isArray(b['embeds']) ? b['embeds'] : [],
      components: Array.isArray(b['components']) ? b['components'] : [],
      flags: typeof b['flags'] === 'number' ? b['flags'] : 0,
      type: 20,
    });
  }
}

export const GUILD_ID = '200000000000000001';
export const CHANNEL_ID = '200000000000000002';
/** A channel of the server that @everyone cannot view. */
export const PRIVATE_CHANNEL_ID = '200000000000000003';
/** A thread in the public channel. */
export const THREAD_ID = '200000000000000004';
/** A role that grants Manage Server at the server level. */
export const MANAGER_ROLE_ID = '200000000000000005';
const EVERYONE_PERMISSIONS = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages;

function role(id: string, name: string, permissions: bigint): Record<string, unknown> {
  return {
    id,
    name,
    permissions: String(permissions),
    position: id === GUILD_ID ? 0 : 1,
    color: 0,
    hoist: false,
    managed: false,
    mentionable: false,
    flags: 0,
  };
}

let interactionId = 500000000000000000n;

/** A member of the test server, as Discord sends it inside an interaction. */
export function member(userId: string, permissions: bigint): Record<string, unknown> {
  return {
    user: {
      id: userId,
      username: `user${userId.slice(-4)}`,
      discriminator: '0',
      global_name: null,
      avatar: null,
    },
    // Server-level rights come from roles, as on Discord; `permissions` below is the channel's.
    roles: (permissions & PermissionFlagsBits.ManageGuild) !== 0n ? [MANAGER_ROLE_ID] : [],
    joined_at: '2024-01-01T00:00:00.000Z',
    deaf: false,
    mute: false,
    flags: 0,
    permissions: String(permissions),
  };
}

/** Fields every interaction needs, or discord.js 14 throws. */
export function interactionBase(args: {
  userId: string;
  locale: string;
  permissions: bigint;
  appPermissions: bigint;
  /** A thread instead of the public channel. */
  inThread?: boolean;
}): Record<string, unknown> {
  const id = String(++interactionId);
  const channel = args.inThread
    ? { id: THREAD_ID, type: 11, guild_id: GUILD_ID, parent_id: CHANNEL_ID, name: 'thread' }
    : { id: CHANNEL_ID, type: 0, guild_id: GUILD_ID, name: 'reading' };
  return {
    id,
    application_id: APPLICATION_ID,
    token: `token-${id}`,
    version: 1,
    guild_id: GUILD_ID,
    channel_id: channel.id,
    channel: { ...channel, permissions: String(args.appPermissions) },
    member: member(args.userId, args.permissions),
    locale: args.locale,
    guild_locale: 'en-US',
    app_permissions: String(args.appPermissions),
    entitlements: [],
    authorizing_integration_owners: {},
    context: 0,
  };
}

/** A message object as Discord sends it (for interactions and for replies). */
export function messageJson(args: {
  id: string;
  authorId: string;
  content: string;
  embeds?: unknown[];
  components?: unknown[];
  flags?: number;
  type?: number;
}): Record<string, unknown> {
  return {
    id: args.id,
    channel_id: CHANNEL_ID,
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
