import { DiscordAPIError, MessageFlags, PermissionFlagsBits, RESTJSONErrorCodes, Routes } from 'discord.js';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { encode, type Action } from '../src/bot/custom-id.js';
import type { ComponentSpec, SlashCommand } from '../src/bot/define.js';
import { prepareCommand, prepareComponent, type Prepared } from '../src/bot/dispatch.js';
import { GatewayAnswer } from '../src/bot/gateway/answer.js';
import { DEFER_AFTER_MS, run, type Repliable } from '../src/bot/gateway/client.js';
import { registry, type Registry } from '../src/bot/registry.js';
import {
  UserFacingError,
  type BotContext,
  type DiscordPort,
  type Payload,
  type Response,
} from '../src/bot/types.js';
import { testContext } from './bot-helpers.js';

/** The id Discord gives the original response, and each follow-up its own. */
const ORIGINAL = '300000000000000001';

/**
 * The part of a discord.js interaction that the gateway adapter touches,
 * recording each call as `name` or `name:flags` (64 is ephemeral) and, for
 * a deletion, the message it deletes. Its state moves as discord.js's does.
 */
function fakeInteraction(component = false): {
  interaction: Repliable;
  calls: string[];
  /** The text of every message sent, edited in or followed up, in order. */
  sent: (string | undefined)[];
  rest: { put: ReturnType<typeof vi.fn>; delete: ReturnType<typeof vi.fn> };
} {
  const calls: string[] = [];
  const sent: (string | undefined)[] = [];
  const state = { deferred: false, replied: false, ephemeral: null as boolean | null };
  let followUps = 0;
  const flagged = (name: string, o?: { flags?: number }): string =>
    o?.flags ? `${name}:${String(o.flags)}` : name;
  const rest = { put: vi.fn(() => Promise.resolve()), delete: vi.fn(() => Promise.resolve()) };
  const interaction = {
    get deferred() {
      return state.deferred;
    },
    get replied() {
      return state.replied;
    },
    get ephemeral() {
      return state.ephemeral;
    },
    isMessageComponent: () => component,
    deferReply: (o: { flags?: number }) => {
      calls.push(`deferReply:${String(o.flags ?? 0)}`);
      state.deferred = true;
      state.ephemeral = o.flags === MessageFlags.Ephemeral;
      return Promise.resolve();
    },
    deferUpdate: () => {
      calls.push('deferUpdate');
      state.deferred = true;
      return Promise.resolve();
    },
    reply: (o: { content?: string; flags?: number; withResponse?: boolean }) => {
      calls.push(flagged('reply', o));
      sent.push(o.content);
      state.replied = true;
      state.ephemeral = o.flags === MessageFlags.Ephemeral;
      return Promise.resolve(o.withResponse ? { resource: { message: { id: ORIGINAL } } } : undefined);
    },
    editReply: (o: { content?: string }) => {
      calls.push('editReply');
      sent.push(o.content);
      return Promise.resolve({ id: ORIGINAL });
    },
    update: () => {
      calls.push('update');
      state.replied = true;
      return Promise.resolve();
    },
    followUp: (o: { content?: string; flags?: number }) => {
      calls.push(flagged('followUp', o));
      sent.push(o.content);
      followUps++;
      return Promise.resolve({ id: `30000000000000010${String(followUps)}` });
    },
    deleteReply: (message?: string) => {
      calls.push(message === undefined ? 'deleteReply' : `deleteReply:${message}`);
      return Promise.resolve();
    },
    client: { rest },
  };
  return { interaction: interaction as unknown as Repliable, calls, sent, rest };
}

const text = (content: string): Payload => ({ content, allowedMentions: { parse: [] } });
const privately: Response = { kind: 'reply', payload: text('x'), ephemeral: true };

/** Prepared work, as the dispatcher hands it to the transport. */
function prepared(
  how: Partial<Omit<Prepared, 'run'>>,
  work: (port: DiscordPort) => Promise<Response>,
): Prepared {
  return { ephemeral: true, component: false, deferAtOnce: false, ...how, run: work };
}

/** Work that answers when the test says so. */
function pending(): { work: () => Promise<Response>; finish: (r: Response) => void } {
  let finish: (r: Response) => void = () => undefined;
  const promise = new Promise<Response>((resolve) => (finish = resolve));
  return {
    work: () => promise,
    finish: (r) => {
      finish(r);
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('answering within Discord’s three seconds', () => {
  it('GIVEN a fast handler WHEN it answers THEN the reply is sent directly, and no deferral follows later', async () => {
    vi.useFakeTimers();
    const { interaction, calls } = fakeInteraction();
    await run(
      interaction,
      prepared({}, () => Promise.resolve(privately)),
    );
    await vi.advanceTimersByTimeAsync(DEFER_AFTER_MS * 2);
    expect(calls).toEqual([`reply:${String(MessageFlags.Ephemeral)}`]);
  });

  it('GIVEN a slow private handler WHEN DEFER_AFTER_MS pass THEN the interaction is deferred privately, and the answer edits the deferral', async () => {
    vi.useFakeTimers();
    const { interaction, calls } = fakeInteraction();
    const slow = pending();
    const done = run(interaction, prepared({ ephemeral: true }, slow.work));
    await vi.advanceTimersByTimeAsync(DEFER_AFTER_MS - 100);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    expect(calls).toEqual([`deferReply:${String(MessageFlags.Ephemeral)}`]);
    slow.finish(privately);
    await done;
    expect(calls).toEqual([`deferReply:${String(MessageFlags.Ephemeral)}`, 'editReply']);
  });

  it('GIVEN a slow public handler WHEN DEFER_AFTER_MS pass THEN the deferral is public, as its answer will be', async () => {
    vi.useFakeTimers();
    const { interaction, calls } = fakeInteraction();
    const slow = pending();
    const done = run(interaction, prepared({ ephemeral: false }, slow.work));
    await vi.advanceTimersByTimeAsync(DEFER_AFTER_MS + 100);
    slow.finish({ kind: 'reply', payload: text('list'), ephemeral: false });
    await done;
    expect(calls).toEqual(['deferReply:0', 'editReply']);
  });

  it('GIVEN a slow button WHEN DEFER_AFTER_MS pass THEN the update is deferred and the answer edits the message', async () => {
    vi.useFakeTimers();
    const { interaction, calls } = fakeInteraction(true);
    const slow = pending();
    const done = run(interaction, prepared({ component: true }, slow.work));
    await vi.advanceTimersByTimeAsync(DEFER_AFTER_MS + 100);
    slow.finish({ kind: 'update', payload: text('page 2') });
    await done;
    expect(calls).toEqual(['deferUpdate', 'editReply']);
  });

  it('GIVEN a slow button whose answer is a private reply WHEN it comes after the deferred update THEN it is a follow-up, and the clicked message stays as it was', async () => {
    vi.useFakeTimers();
    const { interaction, calls } = fakeInteraction(true);
    const slow = pending();
    const done = run(interaction, prepared({ component: true }, slow.work));
    await vi.advanceTimersByTimeAsync(DEFER_AFTER_MS + 100);
    slow.finish(privately);
    await done;
    expect(calls).toEqual(['deferUpdate', `followUp:${String(MessageFlags.Ephemeral)}`]);
  });

  it('GIVEN work declared to defer at once WHEN it runs THEN the deferral is sent before the work starts', async () => {
    const { interaction, calls } = fakeInteraction();
    let seen: string[] = [];
    await run(
      interaction,
      prepared({ ephemeral: true, deferAtOnce: true }, () => {
        seen = [...calls];
        return Promise.resolve(privately);
      }),
    );
    expect(seen).toEqual([`deferReply:${String(MessageFlags.Ephemeral)}`]);
    expect(calls).toEqual([`deferReply:${String(MessageFlags.Ephemeral)}`, 'editReply']);
  });

  it('GIVEN a button declared to defer at once WHEN it runs THEN its update is deferred first, never a reply', async () => {
    const { interaction, calls } = fakeInteraction(true);
    let seen: string[] = [];
    await run(
      interaction,
      prepared({ component: true, deferAtOnce: true }, () => {
        seen = [...calls];
        return Promise.resolve(privately);
      }),
    );
    expect(seen).toEqual(['deferUpdate']);
  });
});

describe('the port of a gateway interaction', () => {
  it('GIVEN a publicly deferred command WHEN the handler posts THEN the deferral becomes the message, and withdrawing deletes it', async () => {
    const { interaction, calls } = fakeInteraction();
    const answer = new GatewayAnswer(interaction);
    await answer.defer({ ephemeral: false });
    const posted = await answer.post(text('card'));
    expect(posted.id).toBe(ORIGINAL);
    await posted.withdraw();
    expect(calls).toEqual(['deferReply:0', 'editReply', 'deleteReply']);
  });

  it('GIVEN a command not yet answered WHEN the handler posts THEN the post is the public reply, with its message id', async () => {
    const { interaction, calls } = fakeInteraction();
    const posted = await new GatewayAnswer(interaction).post(text('card'));
    expect(posted.id).toBe(ORIGINAL);
    expect(calls).toEqual(['reply']);
  });

  it('GIVEN a privately deferred command WHEN the handler posts THEN the card is a public follow-up, and the private deferral stays for the answer', async () => {
    const { interaction, calls } = fakeInteraction();
    const answer = new GatewayAnswer(interaction);
    await answer.defer({ ephemeral: true });
    const posted = await answer.post(text('card'));
    await posted.withdraw();
    await answer.send(privately);
    expect(calls).toEqual([
      `deferReply:${String(MessageFlags.Ephemeral)}`,
      'followUp',
      `deleteReply:${posted.id}`,
      'editReply',
    ]);
  });

  it('GIVEN a button WHEN the handler posts THEN the clicked message is kept (a deferred update) and the card is a follow-up that withdrawing deletes', async () => {
    const { interaction, calls } = fakeInteraction(true);
    const answer = new GatewayAnswer(interaction);
    const posted = await answer.post(text('card'));
    await posted.withdraw();
    expect(calls).toEqual(['deferUpdate', 'followUp', `deleteReply:${posted.id}`]);
    expect(posted.id).not.toBe(ORIGINAL);
  });

  it('GIVEN a posted card WHEN the handler answers privately THEN the answer is a private follow-up, never an edit of the card', async () => {
    const { interaction, calls } = fakeInteraction();
    const answer = new GatewayAnswer(interaction);
    await answer.defer({ ephemeral: false });
    await answer.post(text('card'));
    await answer.send(privately);
    expect(calls).toEqual(['deferReply:0', 'editReply', `followUp:${String(MessageFlags.Ephemeral)}`]);
  });

  it('GIVEN a message of this channel WHEN pinned THEN Discord is asked to pin exactly it', async () => {
    const { interaction, rest } = fakeInteraction();
    await new GatewayAnswer(interaction).pin('1', '2');
    expect(rest.put).toHaveBeenCalledWith(Routes.channelMessagesPin('1', '2'));
  });

  const refusal = (code: number, status: number): DiscordAPIError =>
    new DiscordAPIError({ code, message: 'refused' }, code, status, 'DELETE', 'https://discord.test', {});

  it.each([
    [RESTJSONErrorCodes.MissingPermissions, 403, 'PinMessages'],
    [RESTJSONErrorCodes.MissingAccess, 403, 'ViewChannel'],
  ] as const)(
    'GIVEN Discord refusing an unpin with code %i WHEN unpinning THEN it is the bot missing %s, told to the user',
    async (code, status, permission) => {
      const { interaction, rest } = fakeInteraction();
      rest.delete.mockRejectedValue(refusal(code, status));
      const error = await new GatewayAnswer(interaction).unpin('1', '2').then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UserFacingError);
      expect(error).toMatchObject({ code: 'missingBotPermission', args: { permission } });
    },
  );

  it.each([RESTJSONErrorCodes.UnknownMessage, RESTJSONErrorCodes.UnknownChannel])(
    'GIVEN a message or channel that no longer exists (code %i) WHEN unpinning THEN it is gone, not a failure',
    async (code) => {
      const { interaction, rest } = fakeInteraction();
      rest.delete.mockRejectedValue(refusal(code, 404));
      expect(await new GatewayAnswer(interaction).unpin('1', '2')).toBe('gone');
      expect(rest.delete).toHaveBeenCalledWith(Routes.channelMessagesPin('1', '2'));
    },
  );

  it.each([
    [RESTJSONErrorCodes.MaximumNumberOfPinsReachedForTheChannel, 400, { code: 'pinLimit' }],
    [
      RESTJSONErrorCodes.MissingPermissions,
      403,
      { code: 'missingBotPermission', args: { permission: 'PinMessages' } },
    ],
    [
      RESTJSONErrorCodes.MissingAccess,
      403,
      { code: 'missingBotPermission', args: { permission: 'ViewChannel' } },
    ],
  ] as const)(
    'GIVEN Discord refusing a pin with code %i WHEN pinning THEN it is the user’s to hear about (a UserFacingError, logged at info), not an outage',
    async (code, status, expected) => {
      const { interaction, rest } = fakeInteraction();
      rest.put.mockRejectedValue(refusal(code, status));
      const error = await new GatewayAnswer(interaction).pin('1', '2').then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UserFacingError);
      expect(error).toMatchObject(expected);
    },
  );

  it('GIVEN a public deferral that Discord fails to delete WHEN a private answer is to follow THEN nothing is followed up, so the private answer cannot take the public deferral’s place', async () => {
    const { interaction, calls } = fakeInteraction();
    const answer = new GatewayAnswer(interaction);
    await answer.defer({ ephemeral: false });
    (interaction as unknown as { deleteReply: () => Promise<void> }).deleteReply = () => {
      calls.push('deleteReply');
      return Promise.reject(refusal(RESTJSONErrorCodes.GeneralError, 500));
    };
    await expect(answer.send(privately)).rejects.toBeInstanceOf(DiscordAPIError);
    expect(calls).toEqual(['deferReply:0', 'deleteReply']);
    // Already gone (a withdrawn card) is fine: the private answer follows.
    (interaction as unknown as { deleteReply: () => Promise<void> }).deleteReply = () => {
      calls.push('deleteReply');
      return Promise.reject(refusal(RESTJSONErrorCodes.UnknownMessage, 404));
    };
    await answer.send(privately);
    expect(calls.slice(2)).toEqual(['deleteReply', 'followUp:64']);
  });

  it('GIVEN Discord unpinning WHEN it succeeds THEN unpinned; any other failure is thrown as it is', async () => {
    const { interaction, rest } = fakeInteraction();
    const answer = new GatewayAnswer(interaction);
    expect(await answer.unpin('1', '2')).toBe('unpinned');
    const outage = refusal(RESTJSONErrorCodes.GeneralError, 500);
    rest.delete.mockRejectedValue(outage);
    await expect(answer.unpin('1', '2')).rejects.toBe(outage);
  });
});

describe('the error boundary', () => {
  let ctx: BotContext;
  beforeAll(async () => {
    ctx = await testContext();
  });

  /** A registry whose one command and one component fail as a user's mistake would. */
  function failing(how: { deferAtOnce: boolean; public: boolean }): Registry {
    const command: SlashCommand = {
      kind: 'slash',
      data: { name: 'failing', description: 'fails' },
      options: z.object({}),
      reach: () => ({ public: how.public }),
      deferAtOnce: () => how.deferAtOnce,
      execute: () => Promise.reject(new UserFacingError('expired')),
    };
    const spec: ComponentSpec<Action> = {
      deferAtOnce: how.deferAtOnce,
      handle: () => Promise.reject(new UserFacingError('expired')),
    };
    return {
      ...registry,
      slash: () => command,
      component: () => spec,
    };
  }

  // Outside a server, so that a public answer needs no permission; a Russian client.
  const where = {
    userId: '300000000000000009',
    guildId: null,
    channelId: null,
    locale: 'ru',
    memberPermissions: null,
    appPermissions: null,
  };

  it.each([
    [{ component: false, deferAtOnce: false, public: false }, ['reply:64']],
    [{ component: false, deferAtOnce: true, public: false }, ['deferReply:64', 'editReply']],
    [{ component: false, deferAtOnce: true, public: true }, ['deferReply:0', 'deleteReply', 'followUp:64']],
    [{ component: true, deferAtOnce: true, public: false }, ['deferUpdate', 'followUp:64']],
  ])(
    'GIVEN an interaction in state %j WHEN its handler fails THEN the error goes out privately as %j, in the user’s language',
    async (state, expected) => {
      const { interaction, calls, sent } = fakeInteraction(state.component);
      const fails = failing(state);
      const work = state.component
        ? prepareComponent(fails, { ...where, customId: encode.sources(1), values: [] }, ctx)
        : prepareCommand(fails, { ...where, command: 'failing', options: {} }, ctx);
      await run(interaction, work);
      expect(calls).toEqual(expected);
      expect(sent).toEqual([ctx.translations.t('ru')('errors.expired')]);
    },
  );

  it('GIVEN /pin by a moderator WHEN run through the gateway THEN the public deferral becomes the card, that message is pinned, and the confirmation follows privately', async () => {
    const { interaction, calls, rest } = fakeInteraction();
    const mod = {
      userId: '300000000000000011',
      guildId: '300000000000000012',
      channelId: '300000000000000013',
      locale: 'en-US',
      memberPermissions: PermissionFlagsBits.SendMessages | PermissionFlagsBits.PinMessages,
      appPermissions:
        PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.PinMessages,
      inThread: false,
    };
    const raw = { ...mod, command: 'pin', options: { citation: 'sumgait-1988:3' } };
    await run(interaction, prepareCommand(registry, raw, ctx));
    expect(calls).toEqual(['deferReply:0', 'editReply', `followUp:${String(MessageFlags.Ephemeral)}`]);
    expect(rest.put).toHaveBeenCalledWith(Routes.channelMessagesPin(mod.channelId, ORIGINAL));
    const [record] = await ctx.store.pins.list(mod.guildId, mod.channelId);
    expect(record).toMatchObject({ messageId: ORIGINAL, citation: 'sumgait-1988:3', pinnedBy: mod.userId });
  });
});
