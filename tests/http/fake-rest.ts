import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One REST call the fake received. */
export interface RestCall {
  readonly method: string;
  /** The path after the API version, e.g. `/channels/1/messages/pins/2`. */
  readonly path: string;
  /** The JSON body (from `payload_json` for a multipart one), or null. */
  readonly body: Record<string, unknown> | null;
  /** The names of the files of a multipart body. */
  readonly files: readonly string[];
  readonly authorized: boolean;
}

/**
 * The few Discord REST routes the HTTP mode calls, at the network edge:
 * interaction webhooks (follow-up, get, edit and delete the original or a
 * follow-up) and pins. Message ids are snowflakes, unique per fake.
 */
export interface FakeRest {
  /** DISCORD_API_URL for `REST({ api })`. */
  readonly api: string;
  readonly calls: RestCall[];
  /** Resolves with the first call (already received or still to come) that matches. */
  readonly waitFor: (match: (call: RestCall) => boolean) => Promise<RestCall>;
  /** The answer to the next call that matches waits until the returned function is called. */
  readonly hold: (match: (call: RestCall) => boolean) => () => void;
  /** The next call that matches is refused with this status and Discord error code. */
  readonly failNext: (match: (call: RestCall) => boolean, status: number, code: number) => void;
  /**
   * The next call that matches is answered with exactly this status, JSON
   * body and headers (a 429 with its Retry-After, a bare 500).
   */
  readonly answerNext: (
    match: (call: RestCall) => boolean,
    status: number,
    body: unknown,
    headers?: Readonly<Record<string, string>>,
  ) => void;
  /** A server as GET /guilds/{id} and /guilds/{id}/roles answer: its owner and its roles' permissions. */
  readonly setGuild: (
    id: string,
    guild: { ownerId: string; roles: Readonly<Record<string, bigint>> },
  ) => void;
  readonly close: () => Promise<void>;
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

/** The JSON part and the file names of a multipart body, or the JSON of a plain one. */
function parseBody(
  req: IncomingMessage,
  raw: Buffer,
): { body: Record<string, unknown> | null; files: string[] } {
  if (raw.length === 0) return { body: null, files: [] };
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data'))
    return { body: JSON.parse(raw.toString('utf8')) as Record<string, unknown>, files: [] };
  const text = raw.toString('latin1');
  const files = [...text.matchAll(/name="files\[\d+\]"; filename="([^"]+)"/g)].map((m) => m[1] ?? '');
  const json = /name="payload_json"\r\n(?:[^\r\n]+\r\n)*\r\n([^\r]*)\r\n/.exec(text)?.[1];
  return {
    body:
      json === undefined
        ? null
        : (JSON.parse(Buffer.from(json, 'latin1').toString('utf8')) as Record<string, unknown>),
    files,
  };
}

export async function startFakeRest(): Promise<FakeRest> {
  const failures: { match: (c: RestCall) => boolean; status: number; code: number }[] = [];
  const scripted: {
    match: (c: RestCall) => boolean;
    status: number;
    body: unknown;
    headers: Readonly<Record<string, string>>;
  }[] = [];
  const holds: { match: (c: RestCall) => boolean; released: Promise<void> }[] = [];
  const calls: RestCall[] = [];
  const waiters: { match: (c: RestCall) => boolean; resolve: (c: RestCall) => void }[] = [];
  let next = 900_000_000_000_000_000n;
  const guilds = new Map<string, { ownerId: string; roles: Readonly<Record<string, bigint>> }>();
  const originals = new Map<string, string>();
  const original = (token: string): string => {
    let id = originals.get(token);
    if (id === undefined) originals.set(token, (id = String(next++)));
    return id;
  };
  /** Discord's answer to a call the fake knows: status and JSON body (null: 204). */
  const answer = (method: string, path: string, body: Record<string, unknown> | null): [number, unknown] => {
    const hook = /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/.exec(path);
    if (hook) {
      const [, , token = '', message] = hook;
      if (message === undefined && method === 'POST') return [200, { id: String(next++), ...body }];
      const id = message === '@original' ? original(token) : (message ?? '');
      if (message !== undefined && (method === 'GET' || method === 'PATCH')) return [200, { id, ...body }];
      if (message !== undefined && method === 'DELETE') return [204, null];
    }
    if (/^\/channels\/\d+\/messages\/pins\/\d+$/.test(path) && (method === 'PUT' || method === 'DELETE'))
      return [204, null];
    const guild = /^\/guilds\/(\d+)(\/roles)?$/.exec(path);
    const known = guild && method === 'GET' ? guilds.get(guild[1] ?? '') : undefined;
    if (guild && known) {
      if (guild[2] === undefined) return [200, { id: guild[1], owner_id: known.ownerId }];
      return [200, Object.entries(known.roles).map(([id, bits]) => ({ id, permissions: String(bits) }))];
    }
    return [404, { code: 0, message: '404: Not Found' }];
  };
  const server: Server = createServer((req, res) => {
    void readAll(req).then(async (raw) => {
      const path = decodeURIComponent((req.url ?? '').replace(/^\/api\/v\d+/, '').split('?')[0] ?? '');
      const call: RestCall = {
        method: req.method ?? '',
        path,
        ...parseBody(req, raw),
        authorized: req.headers.authorization !== undefined,
      };
      calls.push(call);
      for (const w of [...waiters])
        if (w.match(call)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(call);
        }
      const json = (status: number, body: unknown): void => {
        if (body === null) res.writeHead(status).end();
        else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      const hold = holds.find((h) => h.match(call));
      if (hold) holds.splice(holds.indexOf(hold), 1);
      await hold?.released;
      const script = scripted.find((f) => f.match(call));
      if (script) {
        scripted.splice(scripted.indexOf(script), 1);
        res
          .writeHead(script.status, { 'content-type': 'application/json', ...script.headers })
          .end(JSON.stringify(script.body));
        return;
      }
      const failure = failures.find((f) => f.match(call));
      if (failure) {
        failures.splice(failures.indexOf(failure), 1);
        json(failure.status, { code: failure.code, message: 'refused by the fake' });
        return;
      }
      json(...answer(req.method ?? '', path, call.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    api: `http://127.0.0.1:${port}/api`,
    calls,
    waitFor: (match) => {
      const seen = calls.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    hold: (match) => {
      let release = (): void => undefined;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      holds.push({ match, released });
      return release;
    },
    failNext: (match, status, code) => {
      failures.push({ match, status, code });
    },
    setGuild: (id, guild) => {
      guilds.set(id, guild);
    },
    answerNext: (match, status, body, headers = {}) => {
      scripted.push({ match, status, body, headers });
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
