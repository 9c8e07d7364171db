import type { IncomingMessage, ServerResponse } from 'node:http';
import { RESTJSONErrorCodes as Code } from 'discord.js';

/** A file of a multipart request. */
export interface UploadedFile {
  /** The form field, e.g. `files[0]`. */
  readonly field: string;
  readonly name: string;
  readonly contentType: string;
  readonly data: Buffer;
}

/** A request as the routes see it: the path without `/api/v10`, the JSON body (or payload_json) and the files. */
export interface ParsedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly files: readonly UploadedFile[];
  /** The Authorization header: `Bot <token>` from the bot; none on interaction and webhook routes. */
  readonly authorization: string | null;
}

/** What a route answers. `body` undefined: no content. */
export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  /** Raw bytes instead of JSON (a downloaded file). */
  readonly raw?: { readonly data: Buffer; readonly contentType: string; readonly filename: string };
}

export const ok = (body?: unknown): Reply => (body === undefined ? { status: 204 } : { status: 200, body });

/** A Discord error: HTTP status, JSON error code and message, e.g. 404 / 10062 "Unknown interaction". */
export const discordError = (status: number, code: number, message: string): Reply => ({
  status,
  body: { message, code },
});

/** Discord's error codes the stand-in answers with. */
export const ERRORS = {
  unknownChannel: () => discordError(404, Code.UnknownChannel, 'Unknown Channel'),
  unknownGuild: () => discordError(404, Code.UnknownGuild, 'Unknown Guild'),
  unknownMessage: () => discordError(404, Code.UnknownMessage, 'Unknown Message'),
  unknownWebhook: () => discordError(404, Code.UnknownWebhook, 'Unknown Webhook'),
  unknownApplication: () => discordError(404, Code.UnknownApplication, 'Unknown Application'),
  unknownInteraction: () => discordError(404, Code.UnknownInteraction, 'Unknown interaction'),
  alreadyAcknowledged: () =>
    discordError(
      400,
      Code.InteractionHasAlreadyBeenAcknowledged,
      'Interaction has already been acknowledged.',
    ),
  invalidWebhookToken: () => discordError(401, Code.InvalidWebhookToken, 'Invalid Webhook Token'),
  missingPermissions: () => discordError(403, Code.MissingPermissions, 'Missing Permissions'),
  cannotEditOthers: () =>
    discordError(
      403,
      Code.CannotEditMessageAuthoredByAnotherUser,
      'Cannot edit a message authored by another user',
    ),
  maxPins: (max: number) =>
    discordError(
      400,
      Code.MaximumNumberOfPinsReachedForTheChannel,
      `Maximum number of pins reached (${max})`,
    ),
  unknownRoute: () => discordError(404, 0, '404: Not Found'),
  unauthorized: () => discordError(401, 0, '401: Unauthorized'),
} as const;

/** Reads a request's body: JSON, or multipart with its `payload_json` and files. */
export async function parseRequest(req: IncomingMessage): Promise<ParsedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = decodeURIComponent(url.pathname).replace(/^\/api(\/v\d+)?/, '');
  let body: unknown = null;
  const files: UploadedFile[] = [];
  const type = req.headers['content-type'] ?? '';
  if (raw.length > 0) {
    if (type.includes('application/json')) body = parseJson(raw.toString('utf8'));
    else if (type.includes('multipart/form-data')) {
      // Multipart: the JSON part is named payload_json, the rest are files.
      // Deprecated for servers facing the internet; this stand-in sees only
      // the bot on the same machine, and it saves a dependency.
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
      for (const [field, value] of form.entries()) {
        if (typeof value === 'string') {
          if (field === 'payload_json') body = parseJson(value);
        } else
          files.push({
            field,
            name: value.name,
            contentType: value.type,
            data: Buffer.from(await value.arrayBuffer()),
          });
      }
    } else body = raw.toString('utf8');
  }
  return {
    method: req.method ?? 'GET',
    path,
    query: url.searchParams,
    body,
    files,
    authorization: req.headers.authorization ?? null,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function send(res: ServerResponse, reply: Reply): void {
  if (reply.raw) {
    res.writeHead(reply.status, {
      'Content-Type': reply.raw.contentType,
      'Content-Length': reply.raw.data.length,
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(reply.raw.filename)}`,
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(reply.raw.data);
    return;
  }
  if (reply.body === undefined) {
    res.writeHead(reply.status);
    res.end();
    return;
  }
  res.writeHead(reply.status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(reply.body));
}

/** A content type for an upload that came without one. */
export function guessContentType(name: string, given: string): string {
  if (given !== '' && given !== 'application/octet-stream') return given;
  if (/\.md$/i.test(name)) return 'text/markdown; charset=utf-8';
  if (/\.txt$/i.test(name)) return 'text/plain; charset=utf-8';
  if (/\.json$/i.test(name)) return 'application/json';
  return 'application/octet-stream';
}
