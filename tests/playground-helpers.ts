import WebSocket from 'ws';
import type { ServerEvent } from '../src/playground/protocol.js';

type Of<T extends ServerEvent['type']> = Extract<ServerEvent, { type: T }>;

/**
 * A page as the browser would be one: a WebSocket client of the playground
 * server with the page's own Origin, collecting every event it is sent.
 */
export class PageClient {
  readonly events: ServerEvent[] = [];
  private readonly claimed = new Set<ServerEvent>();
  private waiters: { match: (e: ServerEvent) => boolean; resolve: (e: ServerEvent) => void }[] = [];

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const event = JSON.parse(data.toString('utf8')) as ServerEvent;
      this.events.push(event);
      const waiter = this.waiters.find((w) => w.match(event));
      if (waiter) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        this.claimed.add(event);
        waiter.resolve(event);
      }
    });
  }

  /** Connects to `url` (http://127.0.0.1:<port>) and waits for the hello. */
  static async open(url: string): Promise<{ page: PageClient; hello: Of<'hello'> }> {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, { origin: url });
    const page = new PageClient(ws);
    const hello = page.next('hello');
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => {
        resolve();
      });
      ws.once('error', reject);
    });
    return { page, hello: await hello };
  }

  send(event: unknown): void {
    this.ws.send(typeof event === 'string' ? event : JSON.stringify(event));
  }

  /** The next event of this type that matches and no earlier call claimed (bounded by the test timeout). */
  next<T extends ServerEvent['type']>(type: T, match: (e: Of<T>) => boolean = () => true): Promise<Of<T>> {
    const test = (e: ServerEvent): boolean => e.type === type && match(e as Of<T>);
    const done = this.events.find((e) => test(e) && !this.claimed.has(e));
    if (done) {
      this.claimed.add(done);
      return Promise.resolve(done as Of<T>);
    }
    return new Promise((resolve) =>
      this.waiters.push({
        match: test,
        resolve: (e) => {
          resolve(e as Of<T>);
        },
      }),
    );
  }

  close(): void {
    this.ws.close();
  }
}

/** What a WebSocket upgrade got instead of a connection: the HTTP status, or null if it connected. */
export function upgradeRefusal(url: string, options: WebSocket.ClientOptions): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    ws.once('open', () => {
      ws.close();
      resolve(null);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', (error) => {
      if (ws.readyState !== WebSocket.CLOSED) reject(error);
    });
  });
}
