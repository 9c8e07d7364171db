import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { ROOT } from '../paths.js';
import type { APIApplicationCommand } from 'discord.js';
import {
  EPHEMERAL,
  type Acknowledgement,
  type AnsweredRequest,
  type DiscordStandIn,
  type StoredMessage,
} from './discord/index.js';
import type { InspectorEntry, ServerEvent } from './protocol.js';
import { parsePageEvent, type CheckedEvent } from './server/events.js';
import { commandInteraction, componentInteraction } from './server/interactions.js';
import { answerHttp } from './server/static.js';
import { hello, interactionEntry, requestEntry, toPlaygroundMessage } from './server/view.js';

/** The page's folder in the repository. */
export const PAGE_DIR = join(ROOT, 'src', 'playground', 'page');

/** How many inspector entries a page gets on connecting. */
const INSPECTOR_BACKLOG = 200;
/** The most a page may send in one WebSocket message. */
const MAX_EVENT_BYTES = 64 * 1024;
/** Slack after the acknowledgement window before the page hears that the bot did not answer. */
const NO_ANSWER_SLACK_MS = 250;

export interface PlaygroundServerOptions {
  readonly standIn: DiscordStandIn;
  readonly pageDir?: string;
  readonly log?: Logger;
}

/**
 * The playground's web server, on 127.0.0.1 only: the page's files, the
 * uploaded attachments, and the WebSocket `/ws` that speaks ./protocol.ts.
 * Every page event is checked, then turned into the interaction Discord would
 * send, and dispatched through the stand-in; everything the stand-in reports
 * is pushed to every page. Requests whose Host, and upgrades whose Origin,
 * is not this server's own are refused, so that no other site open in the
 * browser can read the page or drive the bot.
 */
export class PlaygroundServer {
  private readonly http: Server;
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_EVENT_BYTES });
  private readonly pageDir: string;
  private readonly inspector: InspectorEntry[] = [];
  /** Autocomplete requests waiting for the bot's choices, by interaction id. */
  private readonly pendingChoices = new Map<
    string,
    { ws: WebSocket; nonce: string; timer: NodeJS.Timeout }
  >();
  private readonly unsubscribe: (() => void)[] = [];

  constructor(private readonly options: PlaygroundServerOptions) {
    this.pageDir = options.pageDir ?? PAGE_DIR;
    this.http = createServer((req, res) => void this.onRequest(req, res));
    this.http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      this.onUpgrade(req, socket, head);
    });
    this.subscribe();
  }

  /** Listens on 127.0.0.1:`port` (0: any free port). */
  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, '127.0.0.1', () => {
        this.http.off('error', reject);
        resolve();
      });
    });
  }

  get port(): number {
    return (this.http.address() as AddressInfo).port;
  }

  /** http://127.0.0.1:<port>: the address printed for the user. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    for (const off of this.unsubscribe.splice(0)) off();
    for (const p of this.pendingChoices.values()) clearTimeout(p.timer);
    this.pendingChoices.clear();
    for (const ws of this.wss.clients) ws.close(1001, 'The playground is stopping.');
    // A page that does not answer the close handshake is cut off.
    const cutOff = setTimeout(() => {
      for (const ws of this.wss.clients) ws.terminate();
    }, 500);
    await new Promise<void>((resolve) => {
      this.wss.close(() => {
        resolve();
      });
    });
    clearTimeout(cutOff);
    this.http.closeAllConnections();
    if (this.http.listening)
      await new Promise<void>((resolve) =>
        this.http.close(() => {
          resolve();
        }),
      );
  }

  private subscribe(): void {
    const s = this.options.standIn;
    const message = (m: StoredMessage): void => {
      this.broadcast({ type: 'message', message: toPlaygroundMessage(m) });
    };
    const deleted = ({ id, channelId }: { id: string; channelId: string }): void => {
      this.broadcast({ type: 'messageDelete', id, channelId });
    };
    const commands = (list: readonly APIApplicationCommand[]): void => {
      this.broadcast({ type: 'commands', commands: list });
    };
    const interaction = (payload: Record<string, unknown>): void => {
      this.inspect(interactionEntry(payload));
    };
    const request = (r: AnsweredRequest): void => {
      this.inspect(requestEntry(r));
    };
    const acknowledged = ({ interaction: i, type }: Acknowledgement): void => {
      const pending = this.pendingChoices.get(i.id);
      if (!pending || type !== 8) return;
      clearTimeout(pending.timer);
      this.pendingChoices.delete(i.id);
      this.sendTo(pending.ws, { type: 'choices', nonce: pending.nonce, choices: i.choices ?? [] });
    };
    s.on('messageCreate', message);
    s.on('messageUpdate', message);
    s.on('messageDelete', deleted);
    s.on('commands', commands);
    s.on('interaction', interaction);
    s.on('request', request);
    s.on('acknowledged', acknowledged);
    this.unsubscribe.push(() => {
      s.off('messageCreate', message);
      s.off('messageUpdate', message);
      s.off('messageDelete', deleted);
      s.off('commands', commands);
      s.off('interaction', interaction);
      s.off('request', request);
      s.off('acknowledged', acknowledged);
    });
  }

  /** The Host (and Origin) values of this server: 127.0.0.1 or localhost, with its port. */
  private ownHosts(): Set<string> {
    return new Set([`127.0.0.1:${this.port}`, `localhost:${this.port}`]);
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    await answerHttp(req, res, {
      pageDir: this.pageDir,
      hosts: this.ownHosts(),
      attachment: (id) => this.options.standIn.messages.file(id),
    });
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const refuse = (status: string, why: string): void => {
      this.options.log?.warn(
        { origin: req.headers.origin, host: req.headers.host, why },
        'refused a WebSocket',
      );
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const { pathname } = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (pathname !== '/ws') {
      refuse('404 Not Found', 'not /ws');
      return;
    }
    const hosts = this.ownHosts();
    if (!hosts.has(req.headers.host ?? '')) {
      refuse('403 Forbidden', 'foreign Host');
      return;
    }
    // Browsers always send Origin with a WebSocket: only this page's own may connect.
    const origin = req.headers.origin ?? '';
    if (!/^http:\/\//.test(origin) || !hosts.has(origin.slice('http://'.length))) {
      refuse('403 Forbidden', 'foreign Origin');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.onPage(ws);
    });
  }

  private onPage(ws: WebSocket): void {
    this.sendTo(ws, hello(this.options.standIn));
    for (const entry of this.inspector) this.sendTo(ws, { type: 'inspector', entry });
    ws.on('message', (raw: RawData, isBinary: boolean) => {
      const text = isBinary ? null : Buffer.isBuffer(raw) ? raw.toString('utf8') : null;
      if (text === null) {
        this.sendTo(ws, { type: 'notice', nonce: null, text: 'The playground reads text messages only.' });
        return;
      }
      const parsed = parsePageEvent(text);
      if ('problem' in parsed) {
        this.sendTo(ws, { type: 'notice', nonce: parsed.nonce, text: parsed.problem });
        return;
      }
      try {
        this.onEvent(ws, parsed.event);
      } catch (error) {
        this.options.log?.error({ err: error }, 'a page event failed');
        const nonce = 'nonce' in parsed.event ? parsed.event.nonce : null;
        this.sendTo(ws, { type: 'notice', nonce, text: 'The playground could not handle that.' });
      }
    });
    ws.on('error', (error) => {
      this.options.log?.debug({ err: error }, 'page WebSocket error');
    });
  }

  private onEvent(ws: WebSocket, e: CheckedEvent): void {
    const standIn = this.options.standIn;
    if (e.type === 'dismiss') {
      const m = standIn.messages.get(e.messageId);
      if (!m || (m.flags & EPHEMERAL) === 0) {
        this.sendTo(ws, {
          type: 'notice',
          nonce: null,
          text: 'Only a message only you can see can be dismissed.',
        });
        return;
      }
      standIn.messages.delete(m.id);
      return;
    }
    const built = e.type === 'component' ? componentInteraction(standIn, e) : commandInteraction(standIn, e);
    if ('problem' in built) {
      if (e.type === 'autocomplete') this.sendTo(ws, { type: 'choices', nonce: e.nonce, choices: [] });
      this.sendTo(ws, { type: 'notice', nonce: e.nonce, text: built.problem });
      return;
    }
    const id = String(built.payload['id']);
    const command = e.type === 'command' ? e.display : undefined;
    if (!standIn.dispatchInteraction(built.payload, command)) {
      if (e.type === 'autocomplete') this.sendTo(ws, { type: 'choices', nonce: e.nonce, choices: [] });
      this.sendTo(ws, { type: 'notice', nonce: e.nonce, text: 'The bot is not connected.' });
      return;
    }
    const window = standIn.timing.ackWindowMs + NO_ANSWER_SLACK_MS;
    if (e.type === 'autocomplete') {
      // No answer in time: no choices, as Discord's client shows none.
      const timer = setTimeout(() => {
        this.pendingChoices.delete(id);
        this.sendTo(ws, { type: 'choices', nonce: e.nonce, choices: [] });
      }, window).unref();
      this.pendingChoices.set(id, { ws, nonce: e.nonce, timer });
      return;
    }
    setTimeout(() => {
      if (standIn.interactions.get(id)?.acknowledged === null)
        this.sendTo(ws, {
          type: 'notice',
          nonce: e.nonce,
          text: e.type === 'command' ? 'The application did not respond.' : 'This interaction failed.',
        });
    }, window).unref();
  }

  private inspect(entry: InspectorEntry): void {
    this.inspector.push(entry);
    if (this.inspector.length > INSPECTOR_BACKLOG)
      this.inspector.splice(0, this.inspector.length - INSPECTOR_BACKLOG);
    this.broadcast({ type: 'inspector', entry });
  }

  private broadcast(event: ServerEvent): void {
    const text = JSON.stringify(event);
    for (const ws of this.wss.clients) if (ws.readyState === ws.OPEN) ws.send(text);
  }

  private sendTo(ws: WebSocket, event: ServerEvent): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(event));
  }
}
