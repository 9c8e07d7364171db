import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { header, readBody, refuseTooLarge, sendJson, TooLarge } from './body.js';
import type { AddressInfo } from 'node:net';
import type { KeyObject } from 'node:crypto';
import { InteractionResponseType, type REST } from 'discord.js';
import type { Logger } from 'pino';
import { audienceFrom, resolveAudience } from '../bot/audience.js';
import {
  answerAutocomplete,
  prepareCommand,
  prepareComponent,
  prepareMessageCommand,
  runPrepared,
  type Trace,
  readsServerPermissions,
} from '../bot/dispatch.js';
import { errorPayload } from '../bot/errors.js';
import { InFlight } from '../bot/in-flight.js';
import type { Registry } from '../bot/registry.js';
import type { BotContext, InteractionInput } from '../bot/types.js';
import { HttpAnswer, type InitialResponse } from './answer.js';
import { envelopeSchema, readInteraction, type Envelope, type Read } from './input.js';
import { ServerPermissions } from './server-permissions.js';
import { isSigned, mayBeSigned } from './verify.js';

/** The largest body read; Discord's interactions are far smaller. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** How long a request may take to arrive, headers and body, before it is dropped. */
export const REQUEST_TIMEOUT_MS = 10_000;

export interface InteractionsServerOptions {
  readonly registry: Registry;
  readonly ctx: BotContext;
  /** The application's Ed25519 public key (see `publicKeyFromHex`). */
  readonly publicKey: KeyObject;
  /** Discord's REST API, with the bot's token, for everything after the first answer. */
  readonly rest: REST;
  readonly maxBodyBytes?: number;
  readonly requestTimeoutMs?: number;
  /** Where members' server-wide permissions come from; by default Discord's REST API through `rest`. */
  readonly serverPermissions?: ServerPermissions;
}

/** The interactions endpoint, built and not yet listening. */
export interface InteractionsServer {
  readonly server: Server;
  /** Listens on `port` (0: any free one) at `host`; resolves with the address. */
  readonly listen: (port: number, host: string) => Promise<AddressInfo>;
  /**
   * Stops accepting requests, lets the ones in flight finish (with their
   * follow-ups), then resolves. Storage is the caller's to close.
   */
  readonly close: () => Promise<void>;
}

/**
 * The HTTP interactions endpoint: `POST /interactions` (Ed25519-verified) and
 * `GET /healthz`. It reads Discord's JSON into the dispatcher's plain input
 * (`input.ts`), lets the one registry and dispatcher decide, and answers with
 * {@link HttpAnswer}. Bad input is a 4xx with no detail, never a 5xx; every
 * interaction that gets through gets exactly one answer.
 */
export function createInteractionsServer(options: InteractionsServerOptions): InteractionsServer {
  const { registry, ctx, publicKey, rest } = options;
  const max = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const log: Logger = ctx.log;
  const inFlight = new InFlight();
  const serverPermissions = options.serverPermissions ?? new ServerPermissions(rest, log);

  async function answerInteraction(e: Envelope, res: ServerResponse): Promise<void> {
    const read = readInteraction(e);
    if (read === null) {
      await sendJson(res, 400, { error: 'bad request' });
      return;
    }
    const respond = (body: InitialResponse): Promise<void> => sendJson(res, 200, body);
    const trace: Trace = { interaction: e.id, type: e.type };
    switch (read.kind) {
      case 'ping':
        await respond({ type: InteractionResponseType.Pong });
        return;
      case 'autocomplete': {
        const choices = read.raw === null ? [] : await answerAutocomplete(registry, read.raw, ctx, trace);
        await respond({
          type: InteractionResponseType.ApplicationCommandAutocompleteResult,
          data: { choices: [...choices] },
        });
        return;
      }
      default: {
        // What reads server-wide permissions gets them first (Discord sends the channel's only).
        const raw = await withServerPermissions(read, e);
        const prepared =
          raw.kind === 'component'
            ? prepareComponent(registry, raw.raw, ctx, trace)
            : raw.kind === 'messageCommand'
              ? prepareMessageCommand(registry, raw.raw, ctx, trace)
              : prepareCommand(registry, raw.raw, ctx, trace);
        const answer = new HttpAnswer({
          rest,
          applicationId: e.application_id,
          token: e.token,
          component: read.kind === 'component',
          respond,
        });
        const input: InteractionInput = raw.raw;
        const work = runPrepared(answer, prepared).catch(async (error: unknown) => {
          // What is left is Discord refusing or failing our answer: an outage, not a user's mistake.
          log.error({ err: error, ...trace, user: input.userId }, 'could not answer an interaction');
          await tellFailure(answer, input, error).catch((e: unknown) => {
            log.error({ err: e, ...trace, user: input.userId }, 'could not tell the user about a failure');
          });
        });
        inFlight.track(work);
        await work;
      }
    }
  }

  /** The read interaction, with `guildPermissions` when its handler declares it reads them. */
  async function withServerPermissions<R extends Exclude<Read, { kind: 'ping' | 'autocomplete' }>>(
    read: R,
    e: Envelope,
  ): Promise<R> {
    const { guildId, userId } = read.raw;
    if (guildId === null || !readsServerPermissions(registry, read.raw)) return read;
    const guildPermissions = await serverPermissions.of(guildId, userId, e.member?.roles ?? []);
    return { ...read, raw: { ...read.raw, guildPermissions } };
  }

  async function tellFailure(answer: HttpAnswer, input: InteractionInput, error: unknown): Promise<void> {
    const fallback = { user: null, server: null, contentWarnings: true };
    const audience = answer.answered
      ? await resolveAudience(ctx, input).catch(() => audienceFrom(ctx.translations, fallback, input.locale))
      : audienceFrom(ctx.translations, fallback, input.locale);
    await answer.tellPrivately(errorPayload(error, audience.reader.t));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('allow', 'GET, HEAD');
        await sendJson(res, 405, { error: 'method not allowed' });
        return;
      }
      const room = ctx.room;
      // Reading commands still answer without storage, but a replica that
      // cannot reach it is unhealthy: a balancer should prefer another.
      const storage = await ctx.store.ping().then(
        () => null,
        () => 'storage unavailable',
      );
      await sendJson(res, storage === null ? 200 : 503, {
        status: storage === null ? 'ok' : 'degraded',
        ...(storage === null ? {} : { reason: storage }),
        documents: room.documents.length,
        passages: room.passageCount,
        // The content hash of the library serving (it changes when a reload swaps one in).
        hash: ctx.library?.hash ?? null,
      });
      return;
    }
    if (path !== '/interactions') {
      await sendJson(res, 404, { error: 'not found' });
      return;
    }
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      await sendJson(res, 405, { error: 'method not allowed' });
      return;
    }
    // Headers that cannot be signed are refused before any byte of the body is
    // buffered; the connection then closes, since the body was not read.
    if (!mayBeSigned(header(req, 'x-signature-ed25519'), header(req, 'x-signature-timestamp'))) {
      await sendJson(res, 401, { error: 'unauthorized' }, true);
      return;
    }
    const declared = header(req, 'content-length');
    if (declared !== undefined && Number(declared) > max) {
      await refuseTooLarge(req, res);
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req, max);
    } catch (error) {
      if (error instanceof TooLarge) await refuseTooLarge(req, res);
      // Otherwise the client went away (or timed out): there is no one to answer.
      else res.destroy();
      return;
    }
    if (
      !isSigned(publicKey, header(req, 'x-signature-ed25519'), header(req, 'x-signature-timestamp'), body)
    ) {
      await sendJson(res, 401, { error: 'unauthorized' });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      await sendJson(res, 400, { error: 'bad request' });
      return;
    }
    const envelope = envelopeSchema.safeParse(json);
    if (!envelope.success) {
      await sendJson(res, 400, { error: 'bad request' });
      return;
    }
    await answerInteraction(envelope.data, res);
  }

  const timeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  // Node checks the timeouts every `connectionsCheckingInterval` (30 s by default).
  const server = createServer({ connectionsCheckingInterval: Math.min(1000, timeout) }, (req, res) => {
    const started = performance.now();
    res.once('close', () => {
      log.debug(
        {
          method: req.method,
          path: (req.url ?? '/').split('?')[0],
          status: res.statusCode,
          ms: Math.round(performance.now() - started),
        },
        'http request',
      );
    });
    handle(req, res).catch((error: unknown) => {
      // A bug: the one place a 500 is honest.
      log.error({ err: error }, 'http request failed');
      if (!res.headersSent) void sendJson(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });
  // A request that stalls, in its headers or its body, is answered 408 and its connection closed.
  server.requestTimeout = timeout;
  server.headersTimeout = timeout;

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      }),
    close: async () => {
      const closed = new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
      server.closeIdleConnections();
      await inFlight.drain();
      await closed;
    },
  };
}
