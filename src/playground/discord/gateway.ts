import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

/** What the gateway needs from the stand-in. */
export interface GatewayHooks {
  readonly heartbeatMs: number;
  /** The READY payload's `d`, for a new session. */
  readonly ready: (sessionId: string) => Record<string, unknown>;
  /** Dispatches sent right after READY (GUILD_CREATE). */
  readonly afterReady: () => readonly { readonly t: string; readonly d: unknown }[];
  /** Every opcode the bot sends, in order. */
  readonly onOp: (op: number) => void;
  /** After each READY. */
  readonly onReady: () => void;
  /** True for an upgrade that must be refused (one from a web page). */
  readonly refuse: (req: IncomingMessage) => boolean;
}

/**
 * The bot's gateway connection, plain JSON (no compression): HELLO, IDENTIFY
 * → READY and GUILD_CREATE, heartbeats with their ACK, RESUME → RESUMED, and
 * the dispatches the stand-in sends (INTERACTION_CREATE). One session at a
 * time: a new connection replaces the old one.
 */
export class Gateway {
  private readonly wss: WebSocketServer;
  private socket: WebSocket | null = null;
  private identified = false;
  private sequence = 0;
  private sessionId: string | null = null;
  private sessions = 0;

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

  /** True while the bot is connected and identified. */
  get connected(): boolean {
    return this.socket !== null && this.identified;
  }

  /** Sends a dispatch event; false when no bot is connected to receive it. */
  dispatch(t: string, d: unknown): boolean {
    if (!this.connected) return false;
    this.send({ op: 0, t, s: ++this.sequence, d });
    return true;
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => {
      this.wss.close(() => {
        resolve();
      });
    });
  }

  private send(payload: unknown, ws = this.socket): void {
    ws?.send(JSON.stringify(payload));
  }

  private onSocket(ws: WebSocket): void {
    if (this.socket && this.socket !== ws) this.socket.terminate();
    this.socket = ws;
    this.identified = false;
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: this.hooks.heartbeatMs } }));
    ws.on('close', () => {
      if (this.socket === ws) {
        this.socket = null;
        this.identified = false;
      }
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
    if (op === 1) this.send({ op: 11 }, ws);
    else if (op === 2) {
      if (this.identified) {
        ws.close(4005, 'Already authenticated.');
        return;
      }
      this.identified = true;
      this.sessionId = `stand-in-session-${++this.sessions}`;
      this.send({ op: 0, t: 'READY', s: ++this.sequence, d: this.hooks.ready(this.sessionId) }, ws);
      for (const { t, d } of this.hooks.afterReady()) this.send({ op: 0, t, s: ++this.sequence, d }, ws);
      this.hooks.onReady();
    } else if (op === 6) {
      const d = (message.d ?? {}) as { session_id?: unknown };
      if (d.session_id !== this.sessionId) {
        this.send({ op: 9, d: false }, ws);
        return;
      }
      this.identified = true;
      this.send({ op: 0, t: 'RESUMED', s: ++this.sequence, d: null }, ws);
    } else if (![3, 4, 8, 31].includes(op)) ws.close(4001, 'Unknown opcode.');
  }
}

function rawText(raw: RawData): string {
  if (Buffer.isBuffer(raw)) return raw.toString('utf8');
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  return Buffer.from(raw).toString('utf8');
}
