import { MessageFlags } from 'discord.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pino } from 'pino';
import { PostCooldown } from '../src/bot/cooldown.js';
import { reportError, run, type Repliable } from '../src/bot/client.js';
import type { BotContext } from '../src/bot/types.js';
import { UserFacingError } from '../src/bot/types.js';
import { createTranslations } from '../src/i18n/index.js';
import { openStore } from '../src/storage/store.js';
import { bundledRoom, tempDir } from './helpers.js';
import type { Response } from '../src/bot/types.js';

/** The part of a discord.js interaction that `run` touches, recording each call. */
function fakeInteraction(component = false): { interaction: Repliable; calls: string[] } {
  const calls: string[] = [];
  const state = { deferred: false, replied: false };
  const interaction = {
    get deferred() {
      return state.deferred;
    },
    get replied() {
      return state.replied;
    },
    isMessageComponent: () => component,
    deferReply: (o: { flags?: number }) => {
      calls.push(`deferReply:${String(o.flags ?? 0)}`);
      state.deferred = true;
      return Promise.resolve();
    },
    deferUpdate: () => {
      calls.push('deferUpdate');
      state.deferred = true;
      return Promise.resolve();
    },
    reply: () => {
      calls.push('reply');
      state.replied = true;
      return Promise.resolve();
    },
    editReply: () => {
      calls.push('editReply');
      return Promise.resolve();
    },
    update: () => {
      calls.push('update');
      return Promise.resolve();
    },
    followUp: () => {
      calls.push('followUp');
      return Promise.resolve();
    },
  };
  return { interaction: interaction as unknown as Repliable, calls };
}

const reply: Response = {
  kind: 'reply',
  payload: { content: 'x', allowedMentions: { parse: [] } },
  ephemeral: true,
};

afterEach(() => {
  vi.useRealTimers();
});

describe('answering within Discord’s three seconds', () => {
  it('GIVEN a fast handler WHEN it answers THEN the reply is sent directly, with no deferral', async () => {
    const { interaction, calls } = fakeInteraction();
    await run(interaction, true, () => Promise.resolve(reply));
    expect(calls).toEqual(['reply']);
  });

  it('GIVEN a slow handler WHEN 1.5 s pass THEN the interaction is deferred privately, and the answer edits the deferral', async () => {
    vi.useFakeTimers();
    const { interaction, calls } = fakeInteraction();
    let finish: (r: Response) => void = () => undefined;
    const done = run(interaction, true, () => new Promise<Response>((resolve) => (finish = resolve)));
    await vi.advanceTimersByTimeAsync(1600);
    expect(calls).toEqual([`deferReply:${String(MessageFlags.Ephemeral)}`]);
    finish(reply);
    await done;
    expect(calls).toEqual([`deferReply:${String(MessageFlags.Ephemeral)}`, 'editReply']);
  });

  it('GIVEN a slow button WHEN 1.5 s pass THEN the update is deferred and the answer edits the message', async () => {
    vi.useFakeTimers();
    const { interaction, calls } = fakeInteraction(true);
    let finish: (r: Response) => void = () => undefined;
    const done = run(interaction, true, () => new Promise<Response>((resolve) => (finish = resolve)));
    await vi.advanceTimersByTimeAsync(1600);
    finish({ kind: 'update', payload: { allowedMentions: { parse: [] } } });
    await done;
    expect(calls).toEqual(['deferUpdate', 'editReply']);
  });
});

describe('the error boundary', () => {
  async function context(): Promise<BotContext> {
    return {
      room: bundledRoom(),
      translations: await createTranslations(),
      store: await openStore(undefined, tempDir()),
      log: pino({ level: 'silent' }),
      cooldown: new PostCooldown(),
    };
  }

  function failing(state: { component: boolean; deferred: boolean; ephemeral: boolean }): {
    interaction: Parameters<typeof reportError>[0];
    calls: string[];
  } {
    const calls: string[] = [];
    const record = (name: string) => (o?: { flags?: number }) => {
      calls.push(`${name}${o?.flags ? `:${String(o.flags)}` : ''}`);
      return Promise.resolve();
    };
    const interaction = {
      ...state,
      replied: false,
      user: { id: '1' },
      guildId: null,
      channelId: null,
      locale: 'ru',
      memberPermissions: null,
      appPermissions: { bitfield: 0n },
      isAutocomplete: () => false,
      isRepliable: () => true,
      isMessageComponent: () => state.component,
      reply: record('reply'),
      editReply: record('editReply'),
      deleteReply: record('deleteReply'),
      followUp: record('followUp'),
    };
    return { interaction: interaction as unknown as Parameters<typeof reportError>[0], calls };
  }

  it.each([
    [{ component: false, deferred: false, ephemeral: false }, ['reply:64']],
    [{ component: false, deferred: true, ephemeral: true }, ['editReply']],
    [{ component: false, deferred: true, ephemeral: false }, ['deleteReply', 'followUp:64']],
    [{ component: true, deferred: true, ephemeral: false }, ['followUp:64']],
  ])(
    'GIVEN an interaction in state %j WHEN a handler fails THEN the error goes out privately as %j',
    async (state, expected) => {
      const { interaction, calls } = failing(state);
      await reportError(interaction, new UserFacingError('expired'), await context());
      expect(calls).toEqual(expected);
    },
  );
});
