import { PermissionFlagsBits, subtext } from 'discord.js';
import { pino } from 'pino';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { decode, encode, format } from '../src/bot/custom-id.js';
import {
  answerAutocomplete,
  planCommand,
  planComponent,
  prepareCommand,
  prepareComponent,
  prepareMessageCommand,
} from '../src/bot/dispatch.js';
import { LIMITS, MAX_AUTOCOMPLETE_VALUE } from '../src/bot/limits.js';
import { permissionName } from '../src/bot/permissions.js';
import { registry } from '../src/bot/registry.js';
import type { AutocompleteInput, BotContext, InteractionInput, Response } from '../src/bot/types.js';
import { createTranslations, type T } from '../src/i18n/index.js';
import { MemoryPort, payloadOf, testContext } from './bot-helpers.js';

/** One line pino wrote, parsed. */
interface Line {
  readonly level: number;
  readonly msg: string;
  readonly code?: string;
  readonly err?: { readonly message: string; readonly type: string };
  readonly [field: string]: unknown;
}

let ctx: BotContext;
let lines: Line[] = [];
let ru: T;
let en: T;
beforeAll(async () => {
  const base = await testContext();
  const log = pino(
    { level: 'debug' },
    {
      write: (line: string) => {
        lines.push(JSON.parse(line) as Line);
      },
    },
  );
  ctx = { ...base, log };
  const translations = await createTranslations();
  ru = translations.t('ru');
  en = translations.t('en');
});

afterEach(() => {
  vi.restoreAllMocks();
  lines = [];
});

let next = 600000000000000000n;
const id = (): string => String(next++);
const BOT =
  PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.PinMessages;

/** A member of a fresh server, in a text channel, with these permissions there. */
function member(permissions: bigint = PermissionFlagsBits.SendMessages, locale = 'en-US'): InteractionInput {
  return {
    userId: id(),
    guildId: id(),
    channelId: id(),
    locale,
    memberPermissions: permissions,
    appPermissions: BOT,
    inThread: false,
  };
}

/** The text of a private reply; fails the test on any other response. */
function privateText(r: Response): string {
  expect(r).toMatchObject({ kind: 'reply', ephemeral: true });
  return payloadOf(r).content ?? '';
}

describe('what this version does not have', () => {
  it('GIVEN a slash command this version does not have WHEN a Russian client runs it THEN it is refused privately, in Russian, and Discord is asked for nothing', async () => {
    const raw = { ...member(undefined, 'ru'), command: 'gone', options: {} };
    const prepared = prepareCommand(registry, raw, ctx);
    expect([prepared.ephemeral, prepared.component, prepared.deferAtOnce]).toEqual([true, false, false]);
    const port = new MemoryPort();
    expect(privateText(await prepared.run(port))).toBe(ru('errors.outdated'));
    expect(port.calls).toEqual([]);
  });

  it('GIVEN a message command this version does not have WHEN run THEN the same private "no longer works", in Russian', async () => {
    const raw = { ...member(undefined, 'ru'), command: 'Gone', messageContent: 'Sumgait' };
    const r = await prepareMessageCommand(registry, raw, ctx).run(new MemoryPort());
    expect(privateText(r)).toBe(ru('errors.outdated'));
  });

  it.each([
    ['an empty id', ''],
    ['an id of another bot', 'vote:42'],
    ['an unknown prefix', 'rr:zz:1'],
    ['a read id cut short', encode.read('sumgait-1988', 3).replace(/:3$/, ':')],
    ['a page id with a word for a page', format({ action: 'page', key: 'k', page: 1 }).replace(/1$/, 'one')],
  ])(
    'GIVEN %s as a custom id WHEN clicked by a Russian client THEN it is refused privately as outdated, in Russian',
    async (_, customId) => {
      expect(decode(customId)).toBeNull();
      const raw = { ...member(undefined, 'ru'), customId, values: [] };
      const prepared = prepareComponent(registry, raw, ctx);
      expect([prepared.ephemeral, prepared.component, prepared.deferAtOnce]).toEqual([true, true, false]);
      const port = new MemoryPort();
      expect(privateText(await prepared.run(port))).toBe(ru('errors.outdated'));
      expect(port.calls).toEqual([]);
    },
  );

  it.each([
    ['a query that is not text', 'search', { query: 5 }],
    ['a language not in the list', 'search', { query: 'Sumgait', language: 'xx' }],
    ['a required option missing', 'quote', {}],
  ] as const)(
    'GIVEN %s WHEN the command is run THEN it is refused as outdated, and logged at info with the options that failed',
    async (_, command, options) => {
      const raw = { ...member(undefined, 'ru'), command, options };
      const r = await prepareCommand(registry, raw, ctx).run(new MemoryPort());
      expect(privateText(r)).toBe(ru('errors.outdated'));
      const shape = lines.find((l) => l.msg === 'options not of this version');
      expect(shape).toMatchObject({ level: 30, command });
      expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    },
  );
});

describe('the one error boundary', () => {
  it('GIVEN a refusal (an unknown citation) WHEN /quote runs THEN it is logged at info with its code and where it happened, and the user is told privately', async () => {
    const who = member();
    const raw = { ...who, command: 'quote', options: { citation: 'nowhere-2000:1' } };
    const r = await prepareCommand(registry, raw, ctx, { interaction: 'i-1' }).run(new MemoryPort());
    expect(privateText(r)).toBe(en('errors.unknownCitation', { citation: 'nowhere-2000:1' }));
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'refused',
        code: 'unknownCitation',
        command: 'quote',
        user: who.userId,
        guild: who.guildId,
        interaction: 'i-1',
      }),
    ]);
  });

  it('GIVEN a bug (a thrown Error) WHEN /search runs THEN it is logged at error with the error, and the user gets the generic message privately, no stack trace', async () => {
    vi.spyOn(ctx.room, 'search').mockImplementation(() => {
      throw new Error('index corrupt');
    });
    const who = member();
    const raw = { ...who, command: 'search', options: { query: 'Sumgait' } };
    const r = await prepareCommand(registry, raw, ctx, { interaction: 'i-2' }).run(new MemoryPort());
    expect(privateText(r)).toBe(en('errors.generic'));
    expect(JSON.stringify(r)).not.toContain('index corrupt');
    const failures = lines.filter((l) => l.level >= 50);
    expect(failures).toEqual([
      expect.objectContaining({
        level: 50,
        msg: 'interaction failed',
        command: 'search',
        user: who.userId,
        interaction: 'i-2',
        err: expect.objectContaining({ message: 'index corrupt', type: 'Error' }) as unknown,
      }),
    ]);
    expect(lines.some((l) => l.level === 30)).toBe(false);
  });

  it('GIVEN a failure while the audience is resolved WHEN a command runs THEN the user is still answered privately, in their client’s language', async () => {
    vi.spyOn(ctx.store.preferences, 'forInteraction').mockRejectedValue(new TypeError('not a store'));
    const raw = { ...member(undefined, 'ru'), command: 'help', options: {} };
    const r = await prepareCommand(registry, raw, ctx).run(new MemoryPort());
    expect(privateText(r)).toBe(ru('errors.generic'));
    expect(lines.filter((l) => l.level >= 50)).toHaveLength(1);
  });

  it('GIVEN a click on a component whose handler refuses WHEN run THEN the refusal is a private reply, never an update of the clicked message', async () => {
    // A page of the server's pin log, made for someone else.
    const raw = { ...member(), customId: encode.pins(null, 0, id()), values: [] };
    const r = await prepareComponent(registry, raw, ctx).run(new MemoryPort());
    expect(privateText(r)).toBe(en('errors.notYours'));
    expect(lines).toEqual([expect.objectContaining({ level: 30, code: 'notYours', customId: raw.customId })]);
  });
});

describe('visibility, decided before the work', () => {
  const privatelyInstead = (t: T, permission: 'SendMessages' | 'SendMessagesInThreads'): string =>
    subtext(t('visibility.privateInstead', { permission: permissionName(permission, t) }));

  it('GIVEN a member without Send Messages WHEN they ask /search for a public answer THEN the plan is private before anything runs, and the reply says it is private instead, and why', async () => {
    const search = vi.spyOn(ctx.room, 'search');
    const raw = {
      ...member(PermissionFlagsBits.ViewChannel),
      command: 'search',
      options: { query: 'Sumgait', public: true },
    };
    const plan = planCommand(registry, raw, ctx);
    expect(plan.ephemeral).toBe(true);
    expect(search).not.toHaveBeenCalled();
    const r = await prepareCommand(registry, raw, ctx).run(new MemoryPort());
    expect(search).toHaveBeenCalledTimes(1);
    expect(r).toMatchObject({ kind: 'reply', ephemeral: true });
    expect(payloadOf(r).content?.split('\n')[0]).toBe(privatelyInstead(en, 'SendMessages'));
  });

  it('GIVEN a thread where the member may post in channels but not in threads WHEN /search is asked to be public THEN it is private, naming Send Messages in Threads', async () => {
    const raw = {
      ...member(PermissionFlagsBits.SendMessages),
      inThread: true,
      command: 'search',
      options: { query: 'Sumgait', public: true },
    };
    expect(planCommand(registry, raw, ctx).ephemeral).toBe(true);
    const r = await prepareCommand(registry, raw, ctx).run(new MemoryPort());
    expect(payloadOf(r).content?.split('\n')[0]).toBe(privatelyInstead(en, 'SendMessagesInThreads'));
  });

  it('GIVEN a member with Send Messages WHEN /search is asked to be public THEN the plan and the reply are public, with no notice', async () => {
    const raw = { ...member(), command: 'search', options: { query: 'Sumgait', public: true } };
    expect(planCommand(registry, raw, ctx).ephemeral).toBe(false);
    const r = await prepareCommand(registry, raw, ctx).run(new MemoryPort());
    expect(r).toMatchObject({ kind: 'reply', ephemeral: false });
    const content = payloadOf(r).content ?? '';
    expect(content).not.toContain(privatelyInstead(en, 'SendMessages'));
    expect(content).not.toContain(privatelyInstead(en, 'SendMessagesInThreads'));
  });

  it('GIVEN the declarations of /pin, /pins and the Pin button WHEN planned THEN the work that waits on a lock or on Discord defers at once, with the audience of its answer', () => {
    const mod = member(PermissionFlagsBits.SendMessages | PermissionFlagsBits.PinMessages);
    const plan = (command: string, options: Record<string, string>, subcommand?: string) => {
      const p = planCommand(registry, { ...mod, command, subcommand: subcommand ?? null, options }, ctx);
      return [p.ephemeral, p.deferAtOnce];
    };
    expect(plan('pin', { citation: 'sumgait-1988:3' })).toEqual([false, true]);
    expect(plan('pins', { citation: 'sumgait-1988:3' }, 'remove')).toEqual([true, true]);
    expect(plan('pins', {}, 'list')).toEqual([true, false]);
    // A quote card is the channel's, but quick: deferred only if slow.
    expect(plan('quote', { citation: 'sumgait-1988:3' })).toEqual([false, false]);
    const click = (customId: string) => {
      const p = planComponent(registry, { ...mod, customId, values: [] }, ctx);
      return [p.ephemeral, p.component, p.deferAtOnce];
    };
    expect(click(encode.pin('k', 'sumgait-1988:3'))).toEqual([true, true, true]);
    expect(click(encode.page('k', 1))).toEqual([true, true, false]);
  });
});

describe('autocomplete', () => {
  const typing = (command: string, value: string, focused = 'citation') => ({
    ...member(),
    command,
    subcommand: null,
    focused,
    value,
  });

  it.each([
    ['a command this version does not have', 'gone'],
    ['a command without autocomplete', 'help'],
  ])('GIVEN an autocomplete of %s WHEN answered THEN there are no choices', async (_, command) => {
    expect(await answerAutocomplete(registry, typing(command, 'sumgait'), ctx)).toEqual([]);
    expect(lines).toEqual([]);
  });

  it('GIVEN an autocomplete whose handler fails WHEN answered THEN there are no choices, and the failure is logged at error', async () => {
    vi.spyOn(ctx.room, 'quote').mockImplementation(() => {
      throw new Error('index corrupt');
    });
    expect(await answerAutocomplete(registry, typing('quote', 'sumgait-1988:3'), ctx)).toEqual([]);
    expect(lines).toEqual([expect.objectContaining({ level: 50, command: 'quote', focused: 'citation' })]);
  });

  it('GIVEN a forged keystroke far longer than any option WHEN answered THEN the handler sees at most MAX_AUTOCOMPLETE_VALUE characters, and at most Discord’s number of choices comes back', async () => {
    const quote = registry.slash('quote');
    if (!quote?.autocomplete) throw new Error('/quote completes its citation');
    let seen = '';
    vi.spyOn(quote, 'autocomplete').mockImplementation((input: AutocompleteInput) => {
      seen = input.value;
      return Array.from({ length: LIMITS.choices + 10 }, (_, n) => ({
        name: `c${String(n)}`,
        value: `v${String(n)}`,
      }));
    });
    const choices = await answerAutocomplete(registry, typing('quote', 'x'.repeat(10_000)), ctx);
    expect(seen).toHaveLength(MAX_AUTOCOMPLETE_VALUE);
    expect(choices).toHaveLength(LIMITS.choices);
  });

  it('GIVEN a Russian client typing a citation WHEN answered THEN the real handler’s choices come back', async () => {
    const choices = await answerAutocomplete(
      registry,
      { ...typing('quote', 'sumgait-1988:3'), locale: 'ru' },
      ctx,
    );
    expect(choices[0]?.value).toBe('sumgait-1988:3');
  });
});
