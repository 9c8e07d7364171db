import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { userJson } from './guild.js';
import { APPLICATION_ID, BOT_NAME, BOT_USER_ID } from './ids.js';

/** A shard as IDENTIFY names it, `[shard_id, num_shards]`; a bot that names none is `[0, 1]`. */
export type ShardKey = readonly [id: number, count: number];

/** An event as the gateway sends it. */
export interface Dispatch {
  readonly t: string;
  readonly d: unknown;
}

/** What the gateway needs from the stand-in. */
export interface GatewayHooks {
  readonly heartbeatMs: number;
  /** The gateway's ws:// URL, where READY tells the bot to resume. */
  readonly url: () => string;
  /** Dispatches due right after READY (GUILD_CREATE); each shard gets those of its own servers. */
  readonly afterReady: () => readonly Dispatch[];
  /** Every opcode the bot sends, in order. */
  readonly onOp: (op: number) => void;
  /** After each READY. */
  readonly onReady: (shard: ShardKey) => void;
  /** True for an upgrade that must be refused (one from a web page). */
  readonly refuse: (req: IncomingMessage) => boolean;
}

/** GET /gateway/bot's answer: where to connect, and how many shards Discord recommends. */
export function gatewayBot(url: string, shards: number): Record<string, unknown> {
  return {
    url,
    shards,
    session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
  };
}

/**
 * Discord's routing: the shard that receives a server's events,
 * `(guild_id >> 22) % num_shards`. The id's top bits are its creation time,
 * so servers spread evenly over the shards.
 */
export function shardOf(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

/** Whether a session of this shard receives an event of `guildId`; DMs (no server) go to shard 0, as on Discord. */
export function receives(shard: ShardKey, guildId: string | null): boolean {
  const [id, count] = shard;
  return guildId === null ? id === 0 : shardOf(guildId, count) === id;
}

interface Session {
  readonly id: string;
  readonly shard: ShardKey;
  /** Null while the bot is away (between a dropped connection and its RESUME). */
  socket: WebSocket | null;
  sequence: number;
}

/**
 * The bot's gateway connection, plain JSON (no compression): HELLO, IDENTIFY
 * → READY and GUILD_CREATE, heartbeats with their ACK, RESUME → RESUMED, and
 * the dispatches the stand-in sends (INTERACTION_CREATE). One session per
 * shard, each on its own socket: an event of a server goes only to the shard
 * that owns it. A new IDENTIFY for a shard replaces that shard's session.
 */
export class Gateway {
  private readonly wss: WebSocketServer;
  /** Sessions by id, identified or waiting for a RESUME. */
  private readonly sessions = new Map<string, Session>();
  /** The session each socket identified or resumed. */
  private readonly bySocket = new Map<WebSocket, Session>();
  private opened = 0;

  constructor(
    server: Server,
    private readonly hooks: GatewayHooks,
  ) {
    // Only the bot connects: a browser's WebSocket (which always has an Origin) is refused.
    this.wss = new WebSocketServer({
      server,
      path: '/gateway',
      verifyClient: ({ req }: { req: IncomingMessage }) => !hooks.refuse(req),
    });
    this.wss.on('connection', (ws) => {
      this.onSocket(ws);
    });
  }

  /** True while the bot is connected and identified (on any shard). */
  get connected(): boolean {
    return this.bySocket.size > 0;
  }

  /** The connected shards that receive the events of `guildId` (null: a DM). */
  shardsOf(guildId: string | null): ShardKey[] {
    return [...this.bySocket.values()].filter((s) => receives(s.shard, guildId)).map((s) => s.shard);
  }

  /**
   * Sends a dispatch event to the shards that own its server (`d.guild_id`);
   * false when none of them is connected to receive it.
   */
  dispatch(t: string, d: unknown): boolean {
    let sent = false;
    for (const [ws, session] of this.bySocket)
      if (receives(session.shard, guildOf(t, d))) {
        this.send(ws, { op: 0, t, s: ++session.sequence, d });
        sent = true;
      }
    return sent;
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => {
      this.wss.close(() => {
        resolve();
      });
    });
  }

  private send(ws: WebSocket, payload: unknown): void {
    ws.send(JSON.stringify(payload));
  }

  private onSocket(ws: WebSocket): void {
    this.send(ws, { op: 10, d: { heartbeat_interval: this.hooks.heartbeatMs } });
    ws.on('close', () => {
      const session = this.bySocket.get(ws);
      this.bySocket.delete(ws);
      if (session?.socket === ws) session.socket = null;
    });
    ws.on('message', (raw: RawData) => {
      this.onMessage(ws, raw);
    });
  }

  private onMessage(ws: WebSocket, raw: RawData): void {
    let message: { op?: unknown; d?: unknown };
    try {
      message = JSON.parse(rawText(raw)) as typeof message;
    } catch {
      ws.close(4002, 'Error while decoding payload.');
      return;
    }
    const op = typeof message.op === 'number' ? message.op : -1;
    this.hooks.onOp(op);
    if (op === 1) this.send(ws, { op: 11 });
    else if (op === 2) this.identify(ws, message.d);
    else if (op === 6) this.resume(ws, message.d);
    else if (![3, 4, 8, 31].includes(op)) ws.close(4001, 'Unknown opcode.');
  }

  private identify(ws: WebSocket, d: unknown): void {
    if (this.bySocket.has(ws)) {
      ws.close(4005, 'Already authenticated.');
      return;
    }
    const shard = shardOfIdentify(d);
    if (!shard) {
      ws.close(4010, 'Invalid shard.');
      return;
    }
    // The same shard identifying again starts over: its old session ends.
    for (const old of this.sessions.values())
      if (old.shard[0] === shard[0] && old.shard[1] === shard[1]) this.end(old);
    const session: Session = { id: `stand-in-session-${++this.opened}`, shard, socket: ws, sequence: 0 };
    this.sessions.set(session.id, session);
    this.bySocket.set(ws, session);
    this.send(ws, { op: 0, t: 'READY', s: ++session.sequence, d: this.readyOf(session) });
    for (const { t, d: data } of this.hooks.afterReady())
      if (receives(shard, guildOf(t, data))) this.send(ws, { op: 0, t, s: ++session.sequence, d: data });
    this.hooks.onReady(shard);
  }

  /** READY's `d`; `shard` only for a bot that identified as one of several, as on Discord. */
  private readyOf(session: Session): Record<string, unknown> {
    return {
      v: 10,
      user: { ...userJson(BOT_USER_ID, BOT_NAME, true), username: 'reading-room', global_name: null },
      guilds: [],
      session_id: session.id,
      resume_gateway_url: this.hooks.url(),
      application: { id: APPLICATION_ID, flags: 0 },
      private_channels: [],
      ...(session.shard[1] > 1 ? { shard: session.shard } : {}),
    };
  }

  private resume(ws: WebSocket, d: unknown): void {
    const { session_id: id } = (d ?? {}) as { session_id?: unknown };
    const session = typeof id === 'string' ? this.sessions.get(id) : undefined;
    if (!session) {
      this.send(ws, { op: 9, d: false });
      return;
    }
    if (session.socket && session.socket !== ws) {
      this.bySocket.delete(session.socket);
      session.socket.terminate();
    }
    session.socket = ws;
    this.bySocket.set(ws, session);
    this.send(ws, { op: 0, t: 'RESUMED', s: ++session.sequence, d: null });
  }

  private end(session: Session): void {
    this.sessions.delete(session.id);
    if (!session.socket) return;
    this.bySocket.delete(session.socket);
    session.socket.terminate();
  }
}

/** IDENTIFY's `shard`, checked as Discord does; `[0, 1]` when absent, null when invalid. */
function shardOfIdentify(d: unknown): ShardKey | null {
  const { shard } = (d ?? {}) as { shard?: unknown };
  if (shard === undefined) return [0, 1];
  if (!Array.isArray(shard) || shard.length !== 2) return null;
  const [id, count] = shard as unknown[];
  if (!Number.isInteger(id) || !Number.isInteger(count)) return null;
  const [i, n] = [id as number, count as number];
  return i >= 0 && n >= 1 && i < n ? [i, n] : null;
}

/** The server an event belongs to (a server's own events name it `id`); null outside any server (a DM). */
function guildOf(t: string, d: unknown): string | null {
  const fields = (d ?? {}) as { id?: unknown; guild_id?: unknown };
  const id = /^GUILD_(CREATE|UPDATE|DELETE)$/.test(t) ? fields.id : fields.guild_id;
  return typeof id === 'string' && /^\d{1,20}$/.test(id) ? id : null;
}

function rawText(raw: RawData): string {
  if (Buffer.isBuffer(raw)) return raw.toString('utf8');
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  return Buffer.from(raw).toString('utf8');
}
