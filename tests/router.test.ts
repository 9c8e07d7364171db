import { InteractionType, MessageFlags, PermissionFlagsBits, type BaseInteraction } from 'discord.js';
import fc from 'fast-check';
import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, decode, format, type Action, type Decoded } from '../src/bot/custom-id.js';
import { interactionRouter } from '../src/bot/gateway/client.js';
import { registry } from '../src/bot/registry.js';
import type { BotContext } from '../src/bot/types.js';
import { arbitraries, citation, document, key, paragraph, snowflake } from './custom-id-arbitraries.js';
import { h, idOf, payloadOf, testContext } from './bot-helpers.js';

const GUILD = '210000000000000001';
const CHANNEL = '210000000000000002';
const OWNER = '210000000000000003';
const STRANGER = '210000000000000004';
const MEMBER = PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel;
const MODERATOR = MEMBER | PermissionFlagsBits.PinMessages | PermissionFlagsBits.ManageMessages;
const BOT = MEMBER | PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.PinMessages;

/** The calls that answer an interaction; Discord takes exactly one of them. */
const ANSWERS = new Set(['reply', 'update', 'deferUpdate', 'deferReply', 'respond']);

interface Call {
  readonly name: string;
  readonly options?: { content?: string; flags?: number } | readonly unknown[];
}

interface Who {
  readonly userId: string;
  readonly permissions: bigint;
  readonly guildId: string | null;
}

/**
 * The part of a discord.js interaction the router touches, recording every
 * call; `shape` says what kind of interaction it is.
 */
function fakeInteraction(
  who: Who,
  shape: Record<string, unknown>,
): { interaction: BaseInteraction; calls: Call[] } {
  const calls: Call[] = [];
  const state = { deferred: false, replied: false, responded: false };
  const record =
    (name: string, after: () => void = () => undefined) =>
    (options?: Call['options']) => {
      calls.push(options === undefined ? { name } : { name, options });
      after();
      return Promise.resolve({ id: '210000000000000009' });
    };
  const interaction = {
    id: '210000000000000008',
    type: InteractionType.MessageComponent,
    user: { id: who.userId },
    guildId: who.guildId,
    channelId: CHANNEL,
    // A text channel the client knows, as with the Guilds intent.
    channel: { name: 'reading', isThread: () => false },
    member: null,
    locale: 'en-US',
    memberPermissions: { bitfield: who.permissions },
    appPermissions: { bitfield: BOT },
    get deferred() {
      return state.deferred;
    },
    get replied() {
      return state.replied;
    },
    get responded() {
      return state.responded;
    },
    ephemeral: true,
    isAutocomplete: () => false,
    isChatInputCommand: () => false,
    isMessageContextMenuCommand: () => false,
    isMessageComponent: () => false,
    isStringSelectMenu: () => false,
    isCommand: () => false,
    isModalSubmit: () => false,
    isRepliable: () => true,
    reply: record('reply', () => (state.replied = true)),
    update: record('update', () => (state.replied = true)),
    deferUpdate: record('deferUpdate', () => (state.deferred = true)),
    deferReply: record('deferReply', () => (state.deferred = true)),
    respond: record('respond', () => (state.responded = true)),
    editReply: record('editReply'),
    followUp: record('followUp'),
    deleteReply: record('deleteReply'),
    client: { rest: { put: () => Promise.resolve(), delete: () => Promise.resolve() } },
    ...shape,
  };
  return { interaction: interaction as unknown as BaseInteraction, calls };
}

/** A click on a component with this custom id, on a private or public message. */
function component(who: Who, customId: string, values: readonly string[], publicMessage: boolean) {
  return fakeInteraction(who, {
    type: InteractionType.MessageComponent,
    customId,
    values,
    message: { flags: { has: (flag: MessageFlags) => flag === MessageFlags.Ephemeral && !publicMessage } },
    isMessageComponent: () => true,
    isStringSelectMenu: () => values.length > 0,
  });
}

let ctx: BotContext;
let route: (interaction: BaseInteraction) => Promise<void>;
/** Levels of everything logged: 50 and up would be a bug, not a refusal. */
const levels: number[] = [];
let outdated: string;
/** A stored search of OWNER's, and the passages behind its buttons. */
let session: { key: string; hitIds: readonly string[] };

beforeAll(async () => {
  const base = await testContext();
  const log = pino(
    { level: 'debug' },
    { write: (line: string) => levels.push((JSON.parse(line) as { level: number }).level) },
  );
  ctx = { ...base, log };
  route = interactionRouter(registry, ctx);
  outdated = ctx.translations.t('en')('errors.outdated');
  const list = payloadOf(
    await h.search(
      {
        userId: OWNER,
        guildId: GUILD,
        channelId: CHANNEL,
        locale: 'en-US',
        memberPermissions: MEMBER,
        appPermissions: BOT,
        options: { query: 'Sumgait' },
      },
      ctx,
    ),
  );
  const { key: stored } = idOf(list, 'page');
  // A notebook to page through.
  await h.notebookAdd(
    {
      userId: OWNER,
      guildId: GUILD,
      channelId: CHANNEL,
      locale: 'en-US',
      memberPermissions: MEMBER,
      appPermissions: BOT,
      options: { citation: 'sumgait-1988:3' },
    },
    ctx,
  );
  session = { key: stored, hitIds: (await ctx.store.sessions.get(stored))?.hitIds ?? [] };
  expect(session.hitIds.length).toBeGreaterThan(3);
});

/** Mostly the owner of the stored search, sometimes someone else. */
const often = <T>(likely: fc.Arbitrary<T>, other: fc.Arbitrary<T>): fc.Arbitrary<T> =>
  fc.oneof({ weight: 3, arbitrary: likely }, { weight: 1, arbitrary: other });

const who: fc.Arbitrary<Who> = fc.record({
  userId: often(fc.constant(OWNER), fc.constant(STRANGER)),
  permissions: fc.constantFrom(MEMBER, MODERATOR),
  guildId: fc.oneof(
    { weight: 5, arbitrary: fc.constant(GUILD) },
    { weight: 1, arbitrary: fc.constant(null) },
  ),
});

/** Ids that reach the handlers' real paths (a live session, passages it holds) as well as their refusals. */
function reachable(): { readonly [A in Action]: fc.Arbitrary<Decoded<A>> } {
  return arbitraries({
    key: often(fc.constant(session.key), key),
    citation: often(fc.constantFrom(...session.hitIds), fc.oneof(fc.constant('khojaly-1992:27'), citation)),
    document: often(fc.constantFrom('sumgait-1988', 'khojaly-1992'), document),
    paragraph: often(fc.integer({ min: 1, max: 30 }), paragraph),
    page: fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 9999 })),
    channel: fc.oneof(fc.constant(CHANNEL), fc.constant(null), snowflake),
    owner: fc.oneof(fc.constant(OWNER), fc.constant(null), snowflake),
  });
}

/** A select menu's chosen values, mostly a passage of the stored search; none for a button. */
const values = (): fc.Arbitrary<readonly string[]> =>
  fc.oneof(
    fc.constant([]),
    { weight: 2, arbitrary: fc.constantFrom(...session.hitIds).map((v) => [v]) },
    fc.array(fc.string(), { maxLength: 2 }),
  );

/**
 * Routes one interaction and checks it was answered exactly once, before any
 * follow-up, and that nothing failed as a bug. Returns whether the handler
 * refused (a refusal is logged; an answer that worked is not).
 */
async function answeredOnce(interaction: BaseInteraction, calls: readonly Call[]): Promise<boolean> {
  const before = levels.length;
  await route(interaction);
  expect(calls.filter((c) => ANSWERS.has(c.name)).map((c) => c.name)).toHaveLength(1);
  expect(ANSWERS.has(calls[0]?.name ?? '')).toBe(true);
  const logged = levels.slice(before);
  expect(logged.filter((l) => l >= 50)).toEqual([]);
  return logged.length > 0;
}

describe('no interaction goes unanswered', () => {
  it('GIVEN the component registry WHEN compared with the codec THEN every action has a handler, and only those', () => {
    for (const action of ACTIONS) expect(typeof registry.component(action).handle, action).toBe('function');
    const claimed = registry.features.flatMap((f) => Object.keys(f.components));
    expect(claimed.sort()).toEqual([...ACTIONS].sort());
  });

  it.each(ACTIONS)(
    'GIVEN any %s id the codec can produce, clicked by anyone WHEN routed THEN it is answered exactly once',
    async (action) => {
      const ids: fc.Arbitrary<Decoded> = reachable()[action];
      let worked = 0;
      await fc.assert(
        fc.asyncProperty(ids, who, values(), fc.boolean(), async (id, by, chosen, publicMessage) => {
          const { interaction, calls } = component(by, format(id), chosen, publicMessage);
          if (!(await answeredOnce(interaction, calls))) worked++;
        }),
        { numRuns: 60 },
      );
      // The ids reach the handler's real path, not only its refusals.
      expect(worked).toBeGreaterThan(0);
    },
  );

  it('GIVEN any string as a custom id WHEN routed THEN it is answered exactly once, and one the codec cannot read gets the private "no longer works"', async () => {
    const anyId = fc.oneof(
      fc.string({ maxLength: 120 }),
      fc.string({ unit: 'binary', maxLength: 100 }),
      fc
        .array(
          fc.oneof(
            fc.string({ maxLength: 6 }),
            fc.constantFrom('p', 'o', 'pl', 'post', session.key, '-', '1'),
          ),
          {
            maxLength: 5,
          },
        )
        .map((parts) => ['rr', ...parts].join(':')),
    );
    await fc.assert(
      fc.asyncProperty(anyId, who, async (customId, by) => {
        const { interaction, calls } = component(by, customId, [], false);
        await answeredOnce(interaction, calls);
        if (decode(customId) === null) {
          expect(calls).toEqual([
            {
              name: 'reply',
              options: expect.objectContaining({
                content: outdated,
                flags: MessageFlags.Ephemeral,
              }) as unknown,
            },
          ]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('GIVEN a valid id cut short WHEN routed THEN it is answered exactly once', async () => {
    const all = reachable();
    const anyValid: fc.Arbitrary<Decoded> = fc.oneof(...ACTIONS.map((a): fc.Arbitrary<Decoded> => all[a]));
    await fc.assert(
      fc.asyncProperty(anyValid, fc.nat(), who, async (id, at, by) => {
        const full = format(id);
        const { interaction, calls } = component(by, full.slice(0, at % full.length), [], false);
        await answeredOnce(interaction, calls);
      }),
      { numRuns: 200 },
    );
  });

  it('GIVEN a slash command this version does not have WHEN routed THEN the user is told privately, once', async () => {
    const { interaction, calls } = fakeInteraction(
      { userId: OWNER, permissions: MEMBER, guildId: GUILD },
      {
        type: InteractionType.ApplicationCommand,
        commandName: 'gone',
        options: { data: [] },
        isChatInputCommand: () => true,
        isCommand: () => true,
      },
    );
    await answeredOnce(interaction, calls);
    expect(calls).toEqual([
      {
        name: 'reply',
        options: expect.objectContaining({ content: outdated, flags: MessageFlags.Ephemeral }) as unknown,
      },
    ]);
  });

  it('GIVEN a message command or a modal this version does not have WHEN routed THEN the user is told privately, once', async () => {
    for (const shape of [
      {
        type: InteractionType.ApplicationCommand,
        commandName: 'Gone',
        targetMessage: { content: 'Sumgait' },
        isMessageContextMenuCommand: () => true,
        isCommand: () => true,
      },
      { type: InteractionType.ModalSubmit, customId: 'rr:modal', isModalSubmit: () => true },
    ]) {
      const { interaction, calls } = fakeInteraction(
        { userId: OWNER, permissions: MEMBER, guildId: GUILD },
        shape,
      );
      await answeredOnce(interaction, calls);
      expect(calls[0]?.options).toMatchObject({ content: outdated, flags: MessageFlags.Ephemeral });
    }
  });

  it.each([
    ['an unknown command', 'gone'],
    ['a command without autocomplete', 'help'],
  ])(
    'GIVEN an autocomplete for %s WHEN routed THEN an empty choice list comes back',
    async (_, commandName) => {
      const { interaction, calls } = fakeInteraction(
        { userId: OWNER, permissions: MEMBER, guildId: GUILD },
        {
          type: InteractionType.ApplicationCommandAutocomplete,
          commandName,
          options: {
            getFocused: () => ({ name: 'citation', value: 'sumgait' }),
            getSubcommand: () => null,
          },
          isAutocomplete: () => true,
          isRepliable: () => false,
        },
      );
      await answeredOnce(interaction, calls);
      expect(calls).toEqual([{ name: 'respond', options: [] }]);
    },
  );

  it('GIVEN an autocomplete with no focused option WHEN routed THEN an empty choice list comes back, and no error is logged', async () => {
    const { interaction, calls } = fakeInteraction(
      { userId: OWNER, permissions: MEMBER, guildId: GUILD },
      {
        type: InteractionType.ApplicationCommandAutocomplete,
        commandName: 'quote',
        isAutocomplete: () => true,
        isRepliable: () => false,
        options: {
          getFocused: () => {
            throw new TypeError('no focused option');
          },
          getSubcommand: () => null,
        },
      },
    );
    const before = levels.length;
    await route(interaction);
    expect(calls).toEqual([{ name: 'respond', options: [] }]);
    // A forged request is no outage: nothing at error (50), and the user still gets an answer.
    expect(levels.slice(before).filter((level) => level >= 50)).toEqual([]);
  });
});
