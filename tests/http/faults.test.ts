import { request } from 'node:http';
import { connect } from 'node:net';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  InteractionResponseType,
  InteractionType,
  PermissionFlagsBits,
} from 'discord.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotContext } from '../../src/bot/types.js';
import type { InteractionsServer } from '../../src/http/server.js';
import { MAX_CLOCK_SKEW_S } from '../../src/http/verify.js';
import { testContext } from '../bot-helpers.js';
import { settle } from '../store-helpers.js';
import { startFakeRest, type FakeRest, type RestCall } from './fake-rest.js';
import { listenEndpoint } from './endpoint.js';
import { APP, newSigner } from './signer.js';

// Faults at both edges of the HTTP mode: what arrives (forged, replayed,
// truncated, oversized requests) and what Discord answers (429, 500).
// interactions.test.ts has one example of each refusal; these are properties.

const signer = newSigner();
const PUBLIC_KEY_HEX = signer.publicKeyHex;
/** The body limit of the small endpoint, so that sizes on both sides of it are cheap to send. */
const SMALL_MAX = 1024;
const MODERATOR =
  PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.PinMessages;
const BOT = MODERATOR | PermissionFlagsBits.EmbedLinks;

let ctx: BotContext;
let rest: FakeRest;
let endpoint: InteractionsServer;
let small: InteractionsServer;
let port = 0;
let smallPort = 0;

beforeAll(async () => {
  ctx = await testContext();
  rest = await startFakeRest();
  ({ endpoint, port } = await listenEndpoint(ctx, PUBLIC_KEY_HEX, rest.api));
  ({ endpoint: small, port: smallPort } = await listenEndpoint(ctx, PUBLIC_KEY_HEX, rest.api, {
    maxBodyBytes: SMALL_MAX,
  }));
});

afterAll(async () => {
  await endpoint.close();
  await small.close();
  await ctx.store.close();
  await rest.close();
});

let next = 710_000_000_000_000_000n;
const snowflake = (): string => String(next++);
const nowS = (): number => Math.floor(Date.now() / 1000);
const PING = JSON.stringify({
  id: '1',
  application_id: APP,
  type: InteractionType.Ping,
  token: 't',
  version: 1,
});

const signature = signer.signature;

function post(body: string | Uint8Array, headers: Record<string, string>, to = port): Promise<Response> {
  return fetch(`http://127.0.0.1:${String(to)}/interactions`, { method: 'POST', body, headers });
}

const signedHeaders = signer.headers;

/** Expects the refusal that tells nothing: 401 and the one fixed body. */
async function expectUnauthorized(res: Response): Promise<void> {
  expect(res.status).toBe(401);
  expect(await res.json()).toEqual({ error: 'unauthorized' });
}

describe('HTTP faults: signatures', () => {
  const runs = { numRuns: 25 };

  it('GIVEN any 64 random bytes as the signature WHEN a PING is posted THEN 401 with no detail', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 64, maxLength: 64 }), async (bytes) => {
        const forged = Buffer.from(bytes).toString('hex');
        await expectUnauthorized(
          await post(PING, { 'x-signature-ed25519': forged, 'x-signature-timestamp': String(nowS()) }),
        );
      }),
      runs,
    );
  });

  it('GIVEN a correct signature over a timestamp more than five minutes off, either way, WHEN posted THEN 401', async () => {
    const offset = fc.integer({ min: MAX_CLOCK_SKEW_S + 5, max: 10_000_000 });
    await fc.assert(
      fc.asyncProperty(offset, fc.boolean(), async (by, ahead) => {
        const timestamp = String(nowS() + (ahead ? by : -by));
        await expectUnauthorized(await post(PING, signedHeaders(PING, timestamp)));
      }),
      runs,
    );
  });

  it('GIVEN a correct signature over a timestamp within the window WHEN posted THEN 200 and PONG', async () => {
    // The other side of the boundary: the refusals above are about the age, not any timestamp.
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: -(MAX_CLOCK_SKEW_S - 10), max: MAX_CLOCK_SKEW_S - 10 }),
        async (by) => {
          const res = await post(PING, signedHeaders(PING, String(nowS() + by)));
          expect(res.status).toBe(200);
          expect(await res.json()).toEqual({ type: InteractionResponseType.Pong });
        },
      ),
      runs,
    );
  });

  it('GIVEN the signature of another body WHEN posted with this one THEN 401', async () => {
    const body = fc.uint8Array({ minLength: 1, maxLength: 512 });
    await fc.assert(
      fc.asyncProperty(body, body, async (signedOne, sentOne) => {
        fc.pre(!Buffer.from(signedOne).equals(Buffer.from(sentOne)));
        const timestamp = String(nowS());
        await expectUnauthorized(
          await post(sentOne, {
            'x-signature-ed25519': signature(signedOne, timestamp),
            'x-signature-timestamp': timestamp,
          }),
        );
      }),
      runs,
    );
  });

  it('GIVEN any printable timestamp header that is not a number, signed as sent, WHEN posted THEN 401', async () => {
    const header = fc.stringMatching(/^[!-~][ -~]{0,30}[!-~]$/).filter((t) => !/^\d+$/.test(t));
    await fc.assert(
      fc.asyncProperty(header, async (timestamp) => {
        await expectUnauthorized(await post(PING, signedHeaders(PING, timestamp)));
      }),
      runs,
    );
  });
});

/** Sends raw bytes on a fresh connection, half-closes it, and resolves with what came back. */
function rawExchange(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let got = '';
    socket.on('data', (d: Buffer) => (got += d.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => {
      resolve(got);
    });
    socket.end(bytes);
  });
}

/** POSTs `size` bytes to the small endpoint, with or without a Content-Length; resolves with the status. */
/** Signature headers of the right shape and time, with a signature nobody made. */
const forgedHeaders = (): Record<string, string> => ({
  'x-signature-ed25519': 'ab'.repeat(64),
  'x-signature-timestamp': String(Math.floor(Date.now() / 1000)),
});

function postSized(size: number, withLength: boolean, signed = true): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = {
      ...(withLength ? { 'content-length': size } : { 'transfer-encoding': 'chunked' }),
      ...(signed ? forgedHeaders() : {}),
    };
    const req = request(
      { host: '127.0.0.1', port: smallPort, path: '/interactions', method: 'POST', headers },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    // The server may close the connection once it has refused; the status is what counts.
    req.on('error', reject);
    req.end(Buffer.alloc(size, 0x7b));
  });
}

describe('HTTP faults: bodies', () => {
  it('GIVEN a Content-Length larger than what is sent WHEN the client ends the connection THEN no 5xx and the endpoint still answers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 300 }), fc.integer({ min: 1, max: 5000 }), async (sent, missing) => {
        const body = PING.repeat(2).slice(0, sent);
        const head = [
          'POST /interactions HTTP/1.1',
          'host: 127.0.0.1',
          'content-type: application/json',
          `content-length: ${String(sent + missing)}`,
          ...Object.entries(signedHeaders(body)).map(([k, v]) => `${k}: ${v}`),
        ].join('\r\n');
        let got = '';
        const exchange = rawExchange(`${head}\r\n\r\n${body}`).then((g) => (got = g));
        // The connection closes: the server does not wait for bytes that cannot come.
        expect(await settle(exchange, 3000)).toBe('resolved');
        // Node's parser answers 400 to a body cut short; nothing at all would do too, a 5xx would not.
        expect(got).toMatch(/^(HTTP\/1\.1 4\d\d |$)/);
      }),
      { numRuns: 15 },
    );
    const res = await post(PING, signedHeaders(PING));
    expect(res.status).toBe(200);
  });

  it('GIVEN a body of any size, with or without its length, WHEN posted with a forged signature THEN 413 past the limit and 401 within it; without signature headers, 401 whatever the size; never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 3 * SMALL_MAX }), fc.boolean(), async (size, withLength) => {
        expect(await postSized(size, withLength)).toBe(size > SMALL_MAX ? 413 : 401);
        expect(await postSized(size, withLength, false)).toBe(401);
      }),
      { numRuns: 30 },
    );
    // One request after another on the same port: the refusals closed only their own connections.
    expect((await post(PING, signedHeaders(PING), smallPort)).status).toBe(200);
  });

  it('GIVEN a correctly signed command whose options nest 20,000 deep WHEN posted THEN it is answered (the nesting past Discord’s three levels is ignored), never a 5xx', async () => {
    // Written as text: JSON.stringify itself would overflow the stack at this depth.
    const leaf = JSON.stringify([
      { name: 'query', type: ApplicationCommandOptionType.String, value: 'Sumgait' },
    ]);
    const level = `[{"name":"deeper","type":${String(ApplicationCommandOptionType.SubcommandGroup)},"options":`;
    const options = `${level.repeat(20_000)}${leaf}${'}]'.repeat(20_000)}`;
    const { body } = pinInteraction('sumgait-1988:1');
    const data = `{"id":"${snowflake()}","name":"search","type":${String(ApplicationCommandType.ChatInput)},"options":${options}}`;
    const deep = body.replace(/"data":\{.*\}\}$/, `"data":${data}}`);
    expect(deep).not.toBe(body);
    const res = await post(deep, signedHeaders(deep));
    expect(res.status).toBeLessThan(500);
    expect(res.status).toBe(200);
  });
});

/** A /pin from a moderator, in a fresh channel; its token names its follow-ups. */
function pinInteraction(citation: string): { body: string; token: string; channel: string } {
  const channel = snowflake();
  const token = `interaction-token-${snowflake()}`;
  const body = JSON.stringify({
    id: snowflake(),
    application_id: APP,
    type: InteractionType.ApplicationCommand,
    token,
    version: 1,
    guild_id: snowflake(),
    channel_id: channel,
    channel: { id: channel, type: ChannelType.GuildText, name: 'reading-room' },
    member: { user: { id: snowflake(), username: 'moderator' }, permissions: String(MODERATOR), roles: [] },
    app_permissions: String(BOT),
    locale: 'en-US',
    data: {
      id: snowflake(),
      name: 'pin',
      type: ApplicationCommandType.ChatInput,
      options: [{ name: 'citation', type: ApplicationCommandOptionType.String, value: citation }],
    },
  });
  return { body, token, channel };
}

/** Resolves with the `n`-th call that matches (1: the first), received already or still to come. */
function nth(match: (c: RestCall) => boolean, n: number): Promise<RestCall> {
  let seen = 0;
  return rest.waitFor((c) => match(c) && ++seen === n);
}

describe('HTTP faults: Discord REST refusing for a while', () => {
  it('GIVEN Discord answers the confirmation follow-up with a 429 (retry_after, not global) WHEN a /pin runs THEN it is sent again after the wait and the user gets it', async () => {
    const pin = pinInteraction('khojaly-1992:20');
    const followUp = (c: RestCall): boolean =>
      c.method === 'POST' && c.path === `/webhooks/${APP}/${pin.token}`;
    rest.answerNext(
      followUp,
      429,
      { message: 'You are being rate limited.', retry_after: 1, global: false },
      { 'retry-after': '1', 'x-ratelimit-scope': 'user' },
    );
    const res = await post(pin.body, signedHeaders(pin.body));
    expect(await res.json()).toEqual({ type: InteractionResponseType.DeferredChannelMessageWithSource });
    const second = await nth(followUp, 2);
    expect(second.body).toMatchObject({
      content: 'Pinned khojaly-1992:20.',
      allowed_mentions: { parse: [] },
    });
    const sent = rest.calls.filter(followUp).map((c) => c.body?.['content']);
    // The same confirmation twice (refused, then accepted), not an error message after it.
    expect(sent).toEqual(['Pinned khojaly-1992:20.', 'Pinned khojaly-1992:20.']);
  });

  it('GIVEN Discord answers the deferred edit and then the follow-up with a 500 once each WHEN a /pin runs THEN both are retried and the user gets the confirmation', async () => {
    const pin = pinInteraction('sumgait-1988:3');
    const edit = (c: RestCall): boolean =>
      c.method === 'PATCH' && c.path === `/webhooks/${APP}/${pin.token}/messages/@original`;
    const followUp = (c: RestCall): boolean =>
      c.method === 'POST' && c.path === `/webhooks/${APP}/${pin.token}`;
    rest.answerNext(edit, 500, { message: '500: Internal Server Error', code: 0 });
    rest.answerNext(followUp, 500, { message: '500: Internal Server Error', code: 0 });
    const res = await post(pin.body, signedHeaders(pin.body));
    expect(await res.json()).toEqual({ type: InteractionResponseType.DeferredChannelMessageWithSource });
    const confirmation = await nth(followUp, 2);
    expect(confirmation.body).toMatchObject({ content: 'Pinned sumgait-1988:3.' });
    const edits = rest.calls.filter(edit);
    expect(edits).toHaveLength(2);
    expect(edits[1]?.body).toEqual(edits[0]?.body);
    const pins = rest.calls.filter(
      (c) => c.method === 'PUT' && c.path.startsWith(`/channels/${pin.channel}/`),
    );
    expect(pins).toHaveLength(1);
  });
});
