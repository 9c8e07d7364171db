import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type Client,
  ComponentType,
  GatewayOpcodes,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  PermissionFlagsBits,
  Routes,
} from 'discord.js';
import { pino } from 'pino';
import { PostCooldown } from '../../src/bot/cooldown.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachHandlers, createClient } from '../../src/bot/gateway/client.js';
import { registry } from '../../src/bot/registry.js';
import { decode, encode, type Action, type Decoded } from '../../src/bot/custom-id.js';
import { createTranslations, type Translations } from '../../src/i18n/index.js';
import { openStore, type Store } from '../../src/storage/store.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledRoom, ROOT, tempDir } from '../helpers.js';
import {
  APPLICATION_ID,
  BOT_USER_ID,
  DiscordStandIn,
  GUILD_ID,
  interactionBase,
  messageJson,
  type RecordedRequest,
} from '../../src/playground/discord/index.js';
import { HEARTBEAT_MS } from './harness.js';

/** Responses that carry no message: deferrals and autocomplete results. */
const NO_MESSAGE: readonly number[] = [
  InteractionResponseType.DeferredChannelMessageWithSource,
  InteractionResponseType.DeferredMessageUpdate,
  InteractionResponseType.ApplicationCommandAutocompleteResult,
];

const USER = '600000000000000001';
const OTHER = '600000000000000002';
const MEMBER = PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel;
const APP =
  PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.ViewChannel;

let fake: DiscordStandIn;
let client: Client;
let store: Store;
let translations: Translations;

beforeAll(async () => {
  fake = new DiscordStandIn({ heartbeatMs: HEARTBEAT_MS });
  await fake.listen();
  store = await openStore(undefined, tempDir());
  translations = await createTranslations();
  client = createClient(fake.apiUrl);
  attachHandlers(client, registry, {
    room: bundledRoom(),
    translations,
    store,
    log: pino({ level: 'silent' }),
    cooldown: new PostCooldown(),
  });
  await client.login('fake-token');
  await fake.ready;
});

afterAll(async () => {
  await client.destroy();
  await store.close();
  await fake.close();
});

interface Callback {
  type: number;
  data?: {
    content?: string;
    embeds?: { title?: string; description?: string }[];
    components?: { components: { custom_id?: string }[] }[];
    flags?: number;
    allowed_mentions?: { parse: unknown[] };
    choices?: { name: string; value: string }[];
  };
}

/** Sends a slash command and returns the interaction callback the bot posted. */
async function slash(
  name: string,
  options: { name: string; type: number; value: string | number | boolean }[],
  { userId = USER, locale = 'en-US' } = {},
): Promise<Callback> {
  const base = interactionBase({ userId, locale, permissions: MEMBER, appPermissions: APP });
  fake.dispatchInteraction({
    ...base,
    type: InteractionType.ApplicationCommand,
    data: { id: '700000000000000001', name, type: ApplicationCommandType.ChatInput, options },
  });
  const r = await fake.next(
    (x) => x.path === `/interactions/${String(base['id'])}/${String(base['token'])}/callback`,
  );
  return r.body as Callback;
}

/** Clicks a component of a message the bot sent. */
async function clickComponent(
  customId: string,
  { userId = USER, values = [] as string[], locale = 'en-US' } = {},
): Promise<Callback> {
  const base = interactionBase({ userId, locale, permissions: MEMBER, appPermissions: APP });
  fake.dispatchInteraction({
    ...base,
    type: InteractionType.MessageComponent,
    message: messageJson({
      id: '800000000000000001',
      authorId: BOT_USER_ID,
      content: '',
      flags: MessageFlags.Ephemeral,
    }),
    data: values.length
      ? { custom_id: customId, component_type: ComponentType.StringSelect, values }
      : { custom_id: customId, component_type: ComponentType.Button },
  });
  const r = await fake.next(
    (x) => x.path === `/interactions/${String(base['id'])}/${String(base['token'])}/callback`,
  );
  return r.body as Callback;
}

/** A custom id decoded, if it has this action. */
function decoded<A extends Action>(id: string, action: A): Decoded<A> | null {
  const d = decode(id);
  return d?.action === action ? (d as unknown as Decoded<A>) : null;
}

const ids = (c: Callback): string[] =>
  (c.data?.components ?? []).flatMap((row) =>
    row.components.flatMap((x) => (x.custom_id ? [x.custom_id] : [])),
  );

describe('the bot against a local fake Discord', () => {
  it('GIVEN a Russian user WHEN they run /search query:Ходжалы THEN the reply is private, in Russian, with the English passages, and pings nobody', async () => {
    const reply = await slash(
      'search',
      [{ name: 'query', type: ApplicationCommandOptionType.String, value: 'Ходжалы' }],
      { locale: 'ru' },
    );
    expect(reply.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(reply.data?.flags ?? 0).toBe(MessageFlags.Ephemeral);
    expect(reply.data?.allowed_mentions).toEqual({ parse: [] });
    const ru = translations.t('ru');
    const [title, summary = ''] = (reply.data?.content ?? '').split('\n');
    expect(title).toBe(ru('search.title', { query: 'Ходжалы' }));
    // The summary is the Russian sentence for the counts it shows, on page 1.
    const [count = 0, page = 0, pages = 0] = (summary.match(/\d+/g) ?? []).map(Number);
    expect(count).toBeGreaterThan(0);
    expect(page).toBe(1);
    expect(summary.startsWith(ru('search.summary', { count, page, pages }))).toBe(true);
    // Embeds are shown: no SuppressEmbeds flag, which would hide them.
    expect((reply.data?.flags ?? 0) & MessageFlags.SuppressEmbeds).toBe(0);
    for (const e of reply.data?.embeds ?? []) expect(e.title).toMatch(/^khojaly-1992:/);
    expect(reply.data?.embeds?.[0]?.description).toMatch(/Khojaly/);
  });

  it('GIVEN a result list WHEN the next button is clicked THEN the message is updated with the next page', async () => {
    const reply = await slash('search', [
      { name: 'query', type: ApplicationCommandOptionType.String, value: 'Sumgait' },
    ]);
    const next = ids(reply).find((id) => decoded(id, 'page')?.page === 1) ?? '';
    const update = await clickComponent(next);
    expect(update.type).toBe(InteractionResponseType.UpdateMessage);
    expect(update.data?.embeds?.map((e) => e.title)).not.toEqual(reply.data?.embeds?.map((e) => e.title));
    expect(update.data?.allowed_mentions).toEqual({ parse: [] });
  });

  it('GIVEN a result list WHEN someone else clicks it THEN they get a private refusal', async () => {
    const reply = await slash('search', [
      { name: 'query', type: ApplicationCommandOptionType.String, value: 'Sumgait' },
    ]);
    const refusal = await clickComponent(ids(reply)[1] ?? '', { userId: OTHER });
    expect(refusal.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect((refusal.data?.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(refusal.data?.content).toMatch(/someone else/);
  });

  it('GIVEN an expired session WHEN its button is clicked THEN the user is told to search again', async () => {
    const reply = await clickComponent(encode.page('ZZZZZZZZ', 1));
    expect(reply.data?.content).toMatch(/expired/);
  });

  it('GIVEN /language hy WHEN the user searches next THEN the reply is in Armenian', async () => {
    const user = '600000000000000009';
    await slash('language', [{ name: 'language', type: ApplicationCommandOptionType.String, value: 'hy' }], {
      userId: user,
    });
    const reply = await slash(
      'search',
      [{ name: 'query', type: ApplicationCommandOptionType.String, value: 'Khojaly' }],
      { userId: user },
    );
    expect(reply.data?.content).toMatch(/[\u0531-\u058F]/);
  });

  it('GIVEN a citation being typed WHEN autocomplete is asked THEN at most 25 choices come back', async () => {
    const base = interactionBase({ userId: USER, locale: 'ru', permissions: MEMBER, appPermissions: APP });
    fake.dispatchInteraction({
      ...base,
      type: InteractionType.ApplicationCommandAutocomplete,
      data: {
        id: '700000000000000002',
        name: 'quote',
        type: ApplicationCommandType.ChatInput,
        options: [
          {
            name: 'citation',
            type: ApplicationCommandOptionType.String,
            value: 'Степанакерт',
            focused: true,
          },
        ],
      },
    });
    const r: RecordedRequest = await fake.next(
      (x) => x.path === `/interactions/${String(base['id'])}/${String(base['token'])}/callback`,
    );
    const body = r.body as Callback;
    expect(body.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    expect(body.data?.choices?.[0]?.value).toBe('khojaly-1992:27');
    expect(body.data?.choices?.length).toBeLessThanOrEqual(25);
  });

  it.each([
    ['en-US', 'Khojaly', 'khojaly-1992', 'Khojaly'],
    ['en-GB', 'Xocalı', 'khojaly-1992', 'Khojaly'],
    ['ru', 'Սումգայիթ', 'sumgait-1988', 'Sumgait'],
  ])(
    'GIVEN a user with locale %s WHEN searching %s THEN they get passages of %s, in English, in a private reply',
    async (locale, query, article, english) => {
      const reply = await slash(
        'search',
        [{ name: 'query', type: ApplicationCommandOptionType.String, value: query }],
        { locale },
      );
      expect(reply.type).toBe(InteractionResponseType.ChannelMessageWithSource);
      expect((reply.data?.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
      const embeds = reply.data?.embeds ?? [];
      expect(embeds.length).toBeGreaterThan(0);
      // Passages of the article the query names, quoted in English with the match in bold.
      for (const e of embeds) expect(e.title).toMatch(new RegExp(`^${article}:\\d+`));
      expect(embeds[0]?.description).toContain(`**${english}**`);
    },
  );

  it('GIVEN an opened passage WHEN Post is clicked THEN the quote card goes to the channel and a private confirmation follows', async () => {
    const reply = await slash('search', [
      { name: 'query', type: ApplicationCommandOptionType.String, value: 'Faradzhev' },
    ]);
    const open = ids(reply).find((id) => decoded(id, 'open') !== null) ?? '';
    const opened = await clickComponent(open, { values: ['khojaly-1992:20'] });
    expect(opened.type).toBe(InteractionResponseType.UpdateMessage);
    const post = ids(opened).find((id) => decoded(id, 'post') !== null) ?? '';
    const before = fake.requests.length;
    const card = await clickComponent(post);
    expect(card.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect((card.data?.flags ?? 0) & MessageFlags.Ephemeral).toBe(0);
    expect(card.data?.embeds?.[0]?.description).toContain('Women and children had been scalped');
    const confirmation = await fake.next((r) => r.method === 'POST' && r.path.startsWith('/webhooks/'));
    expect(fake.requests.indexOf(confirmation)).toBeGreaterThan(before);
    expect(((confirmation.body as Callback['data']) ?? {}).flags ?? 0).toBe(MessageFlags.Ephemeral);
  });

  it('GIVEN a message WHEN "Find sources" is used on it THEN the top passages for its text come back privately', async () => {
    const base = interactionBase({ userId: USER, locale: 'ru', permissions: MEMBER, appPermissions: APP });
    const target = messageJson({
      id: '900000000000000001',
      authorId: OTHER,
      content: 'Что произошло в Сумгаите в феврале 1988?',
    });
    fake.dispatchInteraction({
      ...base,
      type: InteractionType.ApplicationCommand,
      data: {
        id: '700000000000000003',
        name: 'Find sources',
        type: ApplicationCommandType.Message,
        target_id: target['id'],
        resolved: { messages: { [String(target['id'])]: target } },
      },
    });
    const r = await fake.next(
      (x) => x.path === `/interactions/${String(base['id'])}/${String(base['token'])}/callback`,
    );
    const body = r.body as Callback;
    expect((body.data?.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(body.data?.embeds?.[0]?.title).toMatch(/^sumgait-1988:/);
  });

  it('GIVEN /quote WHEN run THEN a public card with the attribution is posted', async () => {
    // A member of their own: public posts have a per-member pause.
    const reply = await slash(
      'quote',
      [{ name: 'citation', type: ApplicationCommandOptionType.String, value: 'sumgait-1988:3' }],
      { userId: '600000000000000077' },
    );
    expect((reply.data?.flags ?? 0) & MessageFlags.Ephemeral).toBe(0);
    expect(reply.data?.embeds?.[0]?.description).toContain('The Sumgait massacre lasted three days');
  });

  it('GIVEN the command list WHEN registered through the REST API THEN the fake receives every command with its localizations', async () => {
    await client.rest.put(Routes.applicationGuildCommands(APPLICATION_ID, GUILD_ID), {
      body: registry.commands.map((c) => c.data),
    });
    const put = await fake.next((r) => r.method === 'PUT' && r.path.endsWith('/commands'));
    const body = put.body as { name: string; name_localizations?: Record<string, string> }[];
    expect(body.map((c) => c.name)).toContain('search');
    expect(body.find((c) => c.name === 'search')?.name_localizations?.['ru']).toBeTruthy();
  });

  it('GIVEN Discord failing to accept a reply WHEN a command runs THEN the user is told, and the bot keeps working', async () => {
    fake.failCallbacks(4);
    const base = interactionBase({ userId: USER, locale: 'en-US', permissions: MEMBER, appPermissions: APP });
    fake.dispatchInteraction({
      ...base,
      type: InteractionType.ApplicationCommand,
      data: { id: '700000000000000004', name: 'help', type: ApplicationCommandType.ChatInput, options: [] },
    });
    const path = `/interactions/${String(base['id'])}/${String(base['token'])}/callback`;
    let last: RecordedRequest | undefined;
    for (let i = 0; i < 5; i++) last = await fake.next((x) => x.path === path);
    expect((last?.body as Callback).data?.content ?? '').toMatch(/Discord did not accept/);
    const after = await slash('help', []);
    expect(after.type).toBe(InteractionResponseType.ChannelMessageWithSource);
  });

  it('GIVEN a connected bot WHEN the heartbeat interval passes THEN it heartbeats after identifying', async () => {
    await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_MS * 3));
    expect(fake.gatewayOps[0]).toBe(GatewayOpcodes.Identify);
    expect(fake.gatewayOps).toContain(GatewayOpcodes.Heartbeat);
  });

  it('GIVEN the lockfile WHEN read THEN zlib-sync is absent, so the gateway stays plain JSON', () => {
    expect(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')).not.toContain('node_modules/zlib-sync');
  });

  describe('/pin', () => {
    const MOD =
      PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel | PermissionFlagsBits.PinMessages;
    const PIN_APP = APP | PermissionFlagsBits.PinMessages;
    function pinCommand(
      citation: string,
      userId: string,
      note?: string,
      member = MOD,
    ): { id: string; token: string } {
      const base = interactionBase({ userId, locale: 'en-US', permissions: member, appPermissions: PIN_APP });
      fake.dispatchInteraction({
        ...base,
        type: InteractionType.ApplicationCommand,
        data: {
          id: '700000000000000005',
          name: 'pin',
          type: ApplicationCommandType.ChatInput,
          options: [
            { name: 'citation', type: ApplicationCommandOptionType.String, value: citation },
            ...(note !== undefined
              ? [{ name: 'note', type: ApplicationCommandOptionType.String, value: note }]
              : []),
          ],
        },
      });
      return { id: String(base['id']), token: String(base['token']) };
    }
    const pinsOf = (messageIdsBefore: number): RecordedRequest[] =>
      fake.requests
        .slice(messageIdsBefore)
        .filter((r) => r.method === 'PUT' && r.path.includes('/messages/pins/'));

    it('GIVEN a moderator WHEN they pin a passage with a note THEN the card is posted publicly, pinned, logged, and confirmed privately', async () => {
      const start = fake.requests.length;
      const { id, token } = pinCommand('khojaly-1992:18', '610000000000000001', 'For Thursday');
      // Deferred publicly (a pin may wait for another), then the card replaces the deferral.
      const deferral = (await fake.next((r) => r.path === `/interactions/${id}/${token}/callback`))
        .body as Callback;
      expect(deferral.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
      expect((deferral.data?.flags ?? 0) & MessageFlags.Ephemeral).toBe(0);
      const card = (
        await fake.next(
          (r) => r.method === 'PATCH' && r.path === `/webhooks/${APPLICATION_ID}/${token}/messages/@original`,
        )
      ).body as Callback['data'];
      expect(card?.embeds?.[0]?.description).toBe('For Thursday');
      expect(card?.embeds?.[1]?.description).toContain('But dozens of bodies');
      const confirmation = await fake.next(
        (r) => r.method === 'POST' && r.path === `/webhooks/${APPLICATION_ID}/${token}`,
      );
      expect(((confirmation.body as Callback['data']) ?? {}).content).toBe('Pinned khojaly-1992:18.');
      expect(pinsOf(start)).toHaveLength(1);
      expect(
        (await store.pins.list(GUILD_ID)).some(
          (p) => p.citation === 'khojaly-1992:18' && p.note === 'For Thursday',
        ),
      ).toBe(true);
    });

    it('GIVEN two moderators WHEN they pin the same passage at the same moment THEN there is one pin and one log record', async () => {
      const start = fake.requests.length;
      const a = pinCommand('sumgait-1988:5', '610000000000000002');
      const b = pinCommand('sumgait-1988:5', '610000000000000003');
      // Each is told privately, in a follow-up: one "Pinned", the other "already pinned".
      const replies = await Promise.all(
        [a, b].map(
          async (x) =>
            (
              await fake.next(
                (r) => r.method === 'POST' && r.path === `/webhooks/${APPLICATION_ID}/${x.token}`,
              )
            ).body as Callback['data'],
        ),
      );
      const contents = replies.map((r) => r?.content ?? '').sort();
      expect(contents[0]).toBe('Pinned sumgait-1988:5.');
      expect(contents[1]).toMatch(
        /^sumgait-1988:5 is already pinned in this channel: https:\/\/discord\.com\//,
      );
      for (const r of replies) expect((r?.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
      expect(pinsOf(start)).toHaveLength(1);
      expect((await store.pins.list(GUILD_ID)).filter((p) => p.citation === 'sumgait-1988:5')).toHaveLength(
        1,
      );
    });

    it('GIVEN a channel at 250 pins WHEN pinning THEN the moderator is told, and no log record is written', async () => {
      fake.pinsFull = true;
      try {
        const { token } = pinCommand('sumgait-1988:7', '610000000000000004');
        const error = await fake.next(
          (r) => r.method === 'POST' && r.path === `/webhooks/${APPLICATION_ID}/${token}`,
        );
        expect(((error.body as Callback['data']) ?? {}).content).toMatch(/250 pinned messages/);
        expect((await store.pins.list(GUILD_ID)).some((p) => p.citation === 'sumgait-1988:7')).toBe(false);
      } finally {
        fake.pinsFull = false;
      }
    });

    it('GIVEN a member without Pin Messages WHEN they try /pin THEN the missing permission is named', async () => {
      const { id, token } = pinCommand('sumgait-1988:1', '610000000000000005', undefined, MEMBER);
      const reply = (await fake.next((r) => r.path === `/interactions/${id}/${token}/callback`))
        .body as Callback;
      expect(reply.data?.content).toBe('You need the Pin Messages permission for this.');
    });
  });

  it('GIVEN replies, updates, refusals, autocomplete and a public card WHEN the payloads are inspected THEN none allows a mention', async () => {
    // Its own traffic, so the test does not depend on what ran before it.
    const start = fake.requests.length;
    const user = '600000000000000088';
    const reply = await slash(
      'search',
      [{ name: 'query', type: ApplicationCommandOptionType.String, value: 'Sumgait @everyone <@123>' }],
      { userId: user },
    );
    const next = ids(reply).find((id) => decoded(id, 'page')?.page === 1) ?? '';
    await clickComponent(next, { userId: user });
    await clickComponent(next, { userId: OTHER });
    await clickComponent(encode.page('ZZZZZZZZ', 1), { userId: user });
    await slash(
      'quote',
      [{ name: 'citation', type: ApplicationCommandOptionType.String, value: 'sumgait-1988:3' }],
      {
        userId: user,
      },
    );
    await slash('help', [], { userId: user });
    const bodies = fake.requests
      .slice(start)
      .filter((r) => r.method !== 'GET')
      .map((r) => r.body as Callback | null);
    const payloads = bodies.flatMap((b) => (b?.data && !NO_MESSAGE.includes(b.type) ? [b.data] : []));
    // A search, a page, a refusal, an expiry, a card and /help: six messages.
    expect(payloads.length).toBeGreaterThanOrEqual(6);
    for (const p of payloads) expect(p.allowed_mentions).toEqual({ parse: [] });
  });
});
