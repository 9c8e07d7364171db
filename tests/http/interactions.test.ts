import { generateKeyPairSync, sign } from 'node:crypto';
import { request } from 'node:http';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  PermissionFlagsBits,
  REST,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { format } from '../../src/bot/custom-id.js';
import { registry } from '../../src/bot/registry.js';
import type { BotContext } from '../../src/bot/types.js';
import { createTranslations } from '../../src/i18n/index.js';
import { MAX_BODY_BYTES, createInteractionsServer, type InteractionsServer } from '../../src/http/server.js';
import { publicKeyFromHex } from '../../src/http/verify.js';
import { idOf, testContext } from '../bot-helpers.js';
import { startFakeRest, type FakeRest, type RestCall } from './fake-rest.js';
import { listenEndpoint } from './endpoint.js';
import { APP, newSigner } from './signer.js';

const signer = newSigner();
const PUBLIC_KEY_HEX = signer.publicKeyHex;
const BOT =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.PinMessages;
const MEMBER = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages;
const MODERATOR = MEMBER | PermissionFlagsBits.PinMessages;

let ctx: BotContext;
let rest: FakeRest;
let endpoint: InteractionsServer;
let url: string;

beforeAll(async () => {
  ctx = await testContext();
  rest = await startFakeRest();
  ({ endpoint, url } = await listenEndpoint(ctx, PUBLIC_KEY_HEX, rest.api));
});

afterAll(async () => {
  await endpoint.close();
  await ctx.store.close();
  await rest.close();
});

/** Signature headers of the right shape and time, with a signature nobody made: past the first check. */
const forged = (): Record<string, string> => ({
  'x-signature-ed25519': 'cd'.repeat(64),
  'x-signature-timestamp': String(Math.floor(Date.now() / 1000)),
});

let next = 700_000_000_000_000_000n;
const snowflake = (): string => String(next++);
const now = (): string => String(Math.floor(Date.now() / 1000));

/** Discord's signature of a body at a timestamp, in hex. */
const signature = signer.signature;

function post(body: string | Buffer, headers: Record<string, string>): Promise<Response> {
  return fetch(`${url}/interactions`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** A correctly signed POST of `body`. */
function signed(body: string): Promise<Response> {
  return post(body, signer.headers(body));
}

interface Who {
  readonly guildId: string;
  readonly channelId: string;
  readonly userId: string;
  readonly permissions: bigint;
  readonly locale?: string;
}

/** A member in a fresh server and channel. */
const member = (permissions = MEMBER, locale = 'en-US'): Who => ({
  guildId: snowflake(),
  channelId: snowflake(),
  userId: snowflake(),
  permissions,
  locale,
});

/** An interaction as Discord POSTs it from a server's text channel. */
function interaction(
  who: Who,
  type: InteractionType,
  data: unknown,
  extra: Record<string, unknown> = {},
): string {
  return JSON.stringify({
    id: snowflake(),
    application_id: APP,
    type,
    token: `interaction-token-${snowflake()}`,
    version: 1,
    guild_id: who.guildId,
    channel_id: who.channelId,
    channel: { id: who.channelId, type: ChannelType.GuildText, name: 'reading-room' },
    member: { user: { id: who.userId, username: 'reader' }, permissions: String(who.permissions), roles: [] },
    app_permissions: String(BOT),
    locale: who.locale ?? 'en-US',
    data,
    ...extra,
  });
}

const slash = (name: string, options: unknown[]): unknown => ({
  id: snowflake(),
  name,
  type: ApplicationCommandType.ChatInput,
  options,
});
const text = (name: string, value: string, focused?: boolean): unknown => ({
  name,
  type: ApplicationCommandOptionType.String,
  value,
  ...(focused === undefined ? {} : { focused }),
});

interface Body {
  type: number;
  data?: {
    content?: string;
    flags?: number;
    embeds?: { description?: string }[];
    components?: unknown[];
    choices?: { name: string; value: string }[];
  };
}

describe('HTTP interactions: verification', () => {
  const ping = JSON.stringify({
    id: '1',
    application_id: APP,
    type: InteractionType.Ping,
    token: 't',
    version: 1,
  });

  it('GIVEN a correctly signed PING WHEN posted THEN 200 and PONG', async () => {
    const res = await signed(ping);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ type: InteractionResponseType.Pong });
  });

  const ts = now();
  const good = signature(ping, ts);
  const cases: [string, string | Buffer, Record<string, string>][] = [
    ['no signature headers', ping, {}],
    ['no timestamp', ping, { 'x-signature-ed25519': good }],
    ['no signature', ping, { 'x-signature-timestamp': ts }],
    ['a non-hex signature', ping, { 'x-signature-ed25519': 'z'.repeat(128), 'x-signature-timestamp': ts }],
    [
      'a signature of the wrong length',
      ping,
      { 'x-signature-ed25519': good.slice(0, 126), 'x-signature-timestamp': ts },
    ],
    [
      'a signature by another key',
      ping,
      {
        'x-signature-ed25519': sign(
          null,
          Buffer.from(ts + ping),
          generateKeyPairSync('ed25519').privateKey,
        ).toString('hex'),
        'x-signature-timestamp': ts,
      },
    ],
    [
      'a tampered body',
      ping.replace('"t"', '"u"'),
      { 'x-signature-ed25519': good, 'x-signature-timestamp': ts },
    ],
    [
      'another timestamp than the one signed',
      ping,
      { 'x-signature-ed25519': good, 'x-signature-timestamp': String(Number(ts) + 1) },
    ],
    [
      'a non-numeric timestamp',
      ping,
      { 'x-signature-ed25519': signature(ping, 'soon'), 'x-signature-timestamp': 'soon' },
    ],
  ];
  const stale = String(Number(ts) - 6 * 60);
  const future = String(Number(ts) + 6 * 60);
  cases.push(
    [
      'a timestamp six minutes old',
      ping,
      { 'x-signature-ed25519': signature(ping, stale), 'x-signature-timestamp': stale },
    ],
    [
      'a timestamp six minutes ahead',
      ping,
      { 'x-signature-ed25519': signature(ping, future), 'x-signature-timestamp': future },
    ],
  );

  it.each(cases)('GIVEN %s WHEN posted THEN 401 with no detail', async (_name, body, headers) => {
    const res = await post(body, headers);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'unauthorized' });
  });

  it('GIVEN a body over 1 MB without signature headers WHEN posted THEN 401 at once, before any of the body is read', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${url}/interactions`,
        { method: 'POST', headers: { 'content-length': MAX_BODY_BYTES + 1 } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(status).toBe(401);
  });

  it('GIVEN a body over 1 MB with its Content-Length WHEN posted THEN 413', async () => {
    const body = Buffer.alloc(MAX_BODY_BYTES + 1, 0x20);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${url}/interactions`,
        { method: 'POST', headers: { 'content-length': body.length, ...forged() } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      // Only the headers: the answer comes without the body being read.
      req.flushHeaders();
    });
    expect(status).toBe(413);
  });

  it('GIVEN a body over 1 MB streamed without a length WHEN posted THEN 413 once the limit is passed', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${url}/interactions`,
        { method: 'POST', headers: { 'transfer-encoding': 'chunked', ...forged() } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      // 1 MB and a little more, then the stream stays open: the server must not wait for its end.
      req.write(Buffer.alloc(MAX_BODY_BYTES, 0x20));
      req.write(Buffer.alloc(1024, 0x20));
    });
    expect(status).toBe(413);
  });

  it.each([
    ['malformed JSON', '{"type": 1,'],
    ['JSON that is no interaction', '[1, 2, 3]'],
    [
      'an unknown interaction type',
      JSON.stringify({ id: '1', application_id: APP, type: 99, token: 't', member: { user: { id: '2' } } }),
    ],
    [
      'a command without its data',
      JSON.stringify({ id: '1', application_id: APP, type: 2, token: 't', user: { id: '2' } }),
    ],
  ])('GIVEN %s, correctly signed, WHEN posted THEN 400', async (_name, body) => {
    const res = await signed(body);
    expect(res.status).toBe(400);
  });

  it('GIVEN the library is loaded WHEN /healthz is asked THEN 200 with its passage count', async () => {
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', passages: ctx.room.passageCount });
  });
});

describe('HTTP interactions: answers', () => {
  it('GIVEN a signed /search WHEN posted THEN a private type-4 body with the results; its page button updates the message (type 7)', async () => {
    const who = member();
    const res = await signed(
      interaction(who, InteractionType.ApplicationCommand, slash('search', [text('query', 'Sumgait')])),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as Body;
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(body.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(body.data?.embeds?.[0]?.description).toMatch(/Sumgait/i);
    expect(body.data).toMatchObject({ allowed_mentions: { parse: [] } });

    const page = idOf(
      { components: body.data?.components as never, allowedMentions: { parse: [] } },
      'page',
      (id) => id.page === 1,
    );
    const clicked = await signed(
      interaction(
        who,
        InteractionType.MessageComponent,
        { custom_id: format(page), component_type: ComponentType.Button },
        { message: { id: snowflake(), flags: MessageFlags.Ephemeral } },
      ),
    );
    const update = (await clicked.json()) as Body;
    expect(update.type).toBe(InteractionResponseType.UpdateMessage);
    expect(update.data?.embeds?.length).toBeGreaterThan(0);
  });

  it('GIVEN a button id this version never wrote, from a Russian client, WHEN clicked THEN the private "outdated" text in Russian', async () => {
    const who = member(MEMBER, 'ru');
    const res = await signed(
      interaction(
        who,
        InteractionType.MessageComponent,
        { custom_id: 'old:button:1', component_type: ComponentType.Button },
        { message: { id: snowflake(), flags: 0 } },
      ),
    );
    const body = (await res.json()) as Body;
    const t = (await createTranslations()).t('ru');
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(body.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(body.data?.content).toBe(t('errors.outdated'));
  });

  it('GIVEN a citation being typed WHEN autocompleted THEN type 8 with choices', async () => {
    const res = await signed(
      interaction(
        member(),
        InteractionType.ApplicationCommandAutocomplete,
        slash('quote', [text('citation', 'khojaly', true)]),
      ),
    );
    const body = (await res.json()) as Body;
    expect(body.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    expect(body.data?.choices?.length).toBeGreaterThan(0);
  });

  it('GIVEN a moderator WHEN they /pin a citation THEN a public deferral, the card as the original, one pin and one pin-log record, and a private confirmation', async () => {
    const mod = member(MODERATOR);
    const payload = interaction(
      mod,
      InteractionType.ApplicationCommand,
      slash('pin', [text('citation', 'khojaly-1992:20')]),
    );
    const token = (JSON.parse(payload) as { token: string }).token;
    const res = await signed(payload);
    const body = (await res.json()) as Body;
    expect(body).toEqual({ type: InteractionResponseType.DeferredChannelMessageWithSource });

    const confirmation = await rest.waitFor(
      (c) => c.method === 'POST' && c.path === `/webhooks/${APP}/${token}`,
    );
    expect(confirmation.body).toMatchObject({
      content: 'Pinned khojaly-1992:20.',
      flags: MessageFlags.Ephemeral,
      allowed_mentions: { parse: [] },
    });
    expect(confirmation.authorized).toBe(false);

    const card = rest.calls.filter(
      (c) => c.method === 'PATCH' && c.path === `/webhooks/${APP}/${token}/messages/@original`,
    );
    expect(card).toHaveLength(1);
    const pins = rest.calls.filter(
      (c) => c.method === 'PUT' && c.path.startsWith(`/channels/${mod.channelId}/messages/pins/`),
    );
    expect(pins).toHaveLength(1);
    expect(pins[0]?.authorized).toBe(true);
    const records = await ctx.store.pins.list(mod.guildId, mod.channelId);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ citation: 'khojaly-1992:20', removedAt: null });
    expect(pins[0]?.path).toBe(`/channels/${mod.channelId}/messages/pins/${records[0]?.messageId ?? ''}`);
  });
});

describe('HTTP interactions: refusals and shutdown', () => {
  it('GIVEN a moderator WHEN they /pin a citation that does not exist THEN the refusal is the private response itself: no public "thinking…" first, no REST call', async () => {
    const mod = member(MODERATOR);
    const payload = interaction(
      mod,
      InteractionType.ApplicationCommand,
      slash('pin', [text('citation', 'nowhere-1900:1')]),
    );
    const token = (JSON.parse(payload) as { token: string }).token;
    const body = (await (await signed(payload)).json()) as Body;
    expect(body).toMatchObject({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: { flags: MessageFlags.Ephemeral },
    });
    expect(rest.calls.filter((c) => c.path.includes(token))).toEqual([]);
    expect(await ctx.store.pins.list(mod.guildId, mod.channelId)).toEqual([]);
  });

  it('GIVEN "Find sources" on a message WHEN posted THEN a private type-4 answer', async () => {
    const target = snowflake();
    const res = await signed(
      interaction(member(), InteractionType.ApplicationCommand, {
        id: snowflake(),
        name: 'Find sources',
        type: ApplicationCommandType.Message,
        target_id: target,
        resolved: { messages: { [target]: { id: target, content: 'What happened in Sumgait in 1988?' } } },
      }),
    );
    const body = (await res.json()) as Body;
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(body.data?.flags).toBe(MessageFlags.Ephemeral);
  });

  it('GIVEN another path or method WHEN asked THEN 404 or 405, not a 5xx', async () => {
    expect((await fetch(`${url}/elsewhere`)).status).toBe(404);
    expect((await fetch(`${url}/interactions`)).status).toBe(405);
    expect((await fetch(`${url}/healthz`, { method: 'POST' })).status).toBe(405);
  });

  it('GIVEN a /pin whose follow-ups are still to come WHEN the endpoint closes THEN it finishes them first and takes no new request', async () => {
    const own = createInteractionsServer({
      registry,
      ctx,
      publicKey: publicKeyFromHex(PUBLIC_KEY_HEX),
      rest: new REST({ api: rest.api }).setToken('test-bot-token'),
    });
    const { port } = await own.listen(0, '127.0.0.1');
    const mod = member(MODERATOR);
    const payload = interaction(
      mod,
      InteractionType.ApplicationCommand,
      slash('pin', [text('citation', 'sumgait-1988:3')]),
    );
    const token = (JSON.parse(payload) as { token: string }).token;
    const isPin = (c: RestCall): boolean =>
      c.method === 'PUT' && c.path.startsWith(`/channels/${mod.channelId}/`);
    const release = rest.hold(isPin);
    const pinning = rest.waitFor(isPin);
    const timestamp = now();
    const res = await fetch(`http://127.0.0.1:${String(port)}/interactions`, {
      method: 'POST',
      body: payload,
      headers: { 'x-signature-ed25519': signature(payload, timestamp), 'x-signature-timestamp': timestamp },
    });
    expect(((await res.json()) as Body).type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    await pinning;
    let closed = false;
    const closing = own.close().then(() => {
      closed = true;
    });
    // The pin is still waiting for Discord: the endpoint cannot have closed.
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(false);
    release();
    await closing;
    const mine = rest.calls.filter((c) => c.path.includes(token)).map((c) => c.method);
    expect(mine).toEqual(['PATCH', 'POST']);
    expect(await ctx.store.pins.list(mod.guildId, mod.channelId)).toHaveLength(1);
    await expect(fetch(`http://127.0.0.1:${String(port)}/healthz`)).rejects.toThrow();
  });
});

describe('HTTP interactions: a request that stalls', () => {
  it('GIVEN a body that stops arriving WHEN the request timeout passes THEN 408 and the connection is closed', async () => {
    const own = createInteractionsServer({
      registry,
      ctx,
      publicKey: publicKeyFromHex(PUBLIC_KEY_HEX),
      rest: new REST({ api: rest.api }),
      requestTimeoutMs: 200,
    });
    const { port } = await own.listen(0, '127.0.0.1');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/interactions',
          method: 'POST',
          headers: { 'content-length': '100', ...forged() },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      // Ten bytes of the hundred announced, and then nothing.
      req.write('{"type": 1');
    });
    expect(status).toBe(408);
    await own.close();
  });
});
