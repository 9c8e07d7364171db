import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { DiscordAPIError, REST, Routes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, errSerializer, maskTokens, REDACTED } from '../src/logging.js';

// Shaped like real ones: snowflakes, and an interaction token of the length
// and alphabet Discord uses ("aW50ZXJhY3Rpb246…", base64url).
const APP_ID = '1234567890123456789';
const INTERACTION_ID = '1312345678901234567';
const TOKEN =
  'aW50ZXJhY3Rpb246MTMxMjM0NTY3ODkwMTIzNDU2NzpKd2pXbVFkRnBXZ3RzN0NGaXJzS3BHbmR2aEdGcUd5UmxBc0pIU3pYcTNXVEVEbkZ6cXRQd3ZqV0N2eHVhRnN4YkhjTVlyd0NSZ2xJQ2Zpa1VzV2s4dEo1dTRoN2Jz';
const REPLY = 'secret reply';

/** A fake Discord that refuses every request the way Discord refuses a bad form. */
let server: Server;
let api: string;
const received: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    received.push(`${req.method ?? ''} ${req.url ?? ''}`);
    req.resume();
    req.on('end', () => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 50035, message: 'Invalid Form Body', errors: {} }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
});

/** What a REST call throws when Discord refuses it. */
async function failure(route: `/${string}`, body: unknown): Promise<DiscordAPIError> {
  const rest = new REST({ api, retries: 0, timeout: 5_000 });
  try {
    await rest.post(route, { body, auth: false });
  } catch (e) {
    if (e instanceof DiscordAPIError) return e;
    throw e;
  }
  throw new Error('the request did not fail');
}

/** A logger writing JSON lines to memory, and what it wrote. */
function memoryLogger(): { log: ReturnType<typeof createLogger>; output: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { log: createLogger('info', stream), output: () => chunks.join('') };
}

function expectSafe(output: string): void {
  expect(output).not.toContain(TOKEN);
  // Not even a piece of it long enough to be useful.
  expect(output).not.toContain(TOKEN.slice(20, 60));
  expect(output).not.toContain(REPLY);
}

describe('logging a failed Discord REST call', () => {
  it('GIVEN a webhook follow-up refused by Discord WHEN the DiscordAPIError is logged under err THEN the token and the reply are not in the log, and the code, status, method and masked url are', async () => {
    const error = await failure(Routes.webhook(APP_ID, TOKEN), { content: REPLY });
    // The error really carries both, so the test is not vacuous.
    expect(error.url).toContain(TOKEN);
    expect(JSON.stringify(error.requestBody)).toContain(REPLY);
    expect(received.at(-1)).toContain(TOKEN);

    const { log, output } = memoryLogger();
    log.error({ err: error }, 'interaction failed');
    expectSafe(output());
    const logged = JSON.parse(output()) as { err: Record<string, unknown> };
    expect(logged.err).toMatchObject({
      type: 'DiscordAPIError',
      code: 50035,
      status: 400,
      method: 'POST',
      url: `${api}/v10/webhooks/${APP_ID}/${REDACTED}`,
      message: 'Invalid Form Body',
      rawError: { code: 50035, message: 'Invalid Form Body', errors: {} },
    });
    expect(logged.err).not.toHaveProperty('requestBody');
    expect(logged.err['stack']).toEqual(expect.stringContaining('DiscordAPIError'));
  });

  it('GIVEN an interaction callback refused by Discord WHEN logged under err, under error, or as the cause of another error THEN the token and the reply are never in the log', async () => {
    const error = await failure(Routes.interactionCallback(INTERACTION_ID, TOKEN), {
      type: 4,
      data: { content: REPLY, embeds: [{ description: REPLY }] },
    });
    expect(error.url).toContain(`/interactions/${INTERACTION_ID}/${TOKEN}/callback`);

    const { log, output } = memoryLogger();
    log.error({ err: error }, 'interaction failed');
    log.warn({ error }, 'reply failed');
    const wrapped = new Error(`could not answer ${error.url}`, { cause: error });
    log.error({ err: wrapped, where: { url: error.url } }, 'could not tell the user about a failure');
    log.error(`request to ${error.url} failed`);
    log.child({ route: error.url }).warn({ e: error }, 'under another key');
    expectSafe(output());

    const [first, second, third, fourth, fifth] = output()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, Record<string, unknown>>);
    const masked = `${api}/v10/interactions/${INTERACTION_ID}/${REDACTED}/callback`;
    expect(first?.['err']).toMatchObject({ code: 50035, status: 400, url: masked });
    expect(second?.['error']).toMatchObject({ code: 50035, status: 400, url: masked });
    expect(third?.['err']).toMatchObject({
      message: expect.stringContaining(`could not answer ${masked}`) as unknown,
      cause: { type: 'DiscordAPIError', code: 50035, status: 400, url: masked },
    });
    expect(third?.['err']?.['cause']).not.toHaveProperty('requestBody');
    expect(third?.['where']).toEqual({ url: masked });
    expect(fourth?.['msg']).toBe(`request to ${masked} failed`);
    expect(fifth?.['route']).toBe(masked);
    expect(fifth?.['e']).toMatchObject({ type: 'DiscordAPIError', code: 50035, url: masked });
  });

  it('GIVEN the logger main.ts had (pino with redaction only) WHEN the same error is logged THEN the token and the reply were in the log: the leak this fixes', async () => {
    const { pino } = await import('pino');
    const error = await failure(Routes.webhook(APP_ID, TOKEN), { content: REPLY });
    const chunks: string[] = [];
    const before = pino(
      { level: 'info', redact: ['token', '*.token', 'config.DISCORD_TOKEN', 'headers.authorization'] },
      { write: (s: string) => void chunks.push(s) },
    );
    before.error({ err: error }, 'interaction failed');
    expect(chunks.join('')).toContain(TOKEN);
    expect(chunks.join('')).toContain(REPLY);
  });

  it("GIVEN the redaction main.ts always had WHEN a token field or the bot's token is logged THEN it is still redacted", () => {
    const { log, output } = memoryLogger();
    log.info({
      token: 'bot-token-1',
      config: { DISCORD_TOKEN: 'bot-token-2' },
      headers: { authorization: 'Bot x' },
    });
    log.info({ client: { token: 'bot-token-3' } });
    expect(output()).not.toMatch(/bot-token-\d|Bot x/);
  });
});

describe('maskTokens and errSerializer', () => {
  it('GIVEN webhook and interaction paths, and rate-limit data WHEN masked THEN only the token segment is replaced', () => {
    expect(maskTokens(`/webhooks/${APP_ID}/${TOKEN}/messages/@original?wait=true`)).toBe(
      `/webhooks/${APP_ID}/${REDACTED}/messages/@original?wait=true`,
    );
    expect(
      maskTokens(`POST https://discord.com/api/v10/interactions/${INTERACTION_ID}/${TOKEN}/callback`),
    ).toBe(`POST https://discord.com/api/v10/interactions/${INTERACTION_ID}/${REDACTED}/callback`);
    // @discordjs/rest's majorParameter for a webhook route: "<id>/<token>".
    expect(maskTokens(`${APP_ID}/${TOKEN}`)).toBe(`${APP_ID}/${REDACTED}`);
    // Routes without a token stay as they are.
    expect(maskTokens(`/channels/${APP_ID}/messages/pins/${INTERACTION_ID}`)).toBe(
      `/channels/${APP_ID}/messages/pins/${INTERACTION_ID}`,
    );
  });

  it('GIVEN an error with tokens in nested fields, a cycle and a body WHEN serialized THEN strings are masked, requestBody is gone, and the error itself is untouched', () => {
    const details: { attempts: { path: string }[]; self?: unknown } = {
      attempts: [{ path: `/interactions/${INTERACTION_ID}/${TOKEN}/callback` }],
    };
    details.self = details;
    const error = Object.assign(new Error(`failed: /webhooks/${APP_ID}/${TOKEN}`), {
      url: `/webhooks/${APP_ID}/${TOKEN}`,
      requestBody: { json: { content: REPLY }, files: [{ data: Buffer.from(REPLY) }] },
      details,
    });
    const out = JSON.stringify(errSerializer(error));
    expectSafe(out);
    expect(out).toContain(`/interactions/${INTERACTION_ID}/${REDACTED}/callback`);
    expect(out).toContain('[Circular]');
    expect(error.url).toContain(TOKEN);
    expect(error.requestBody.json.content).toBe(REPLY);
    expect(errSerializer('plain')).toBe('plain');
  });
});
