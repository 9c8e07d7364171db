import KeyvSqlite from '@keyv/sqlite';
import { DiscordAPIError, PermissionFlagsBits, RESTJSONErrorCodes } from 'discord.js';
import Keyv from 'keyv';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { encode } from '../src/bot/custom-id.js';
import { prepareCommand } from '../src/bot/dispatch.js';
import { errorPayload } from '../src/bot/errors.js';
import { registry } from '../src/bot/registry.js';
import { UserFacingError } from '../src/bot/types.js';
import type { BotContext, Payload, Response } from '../src/bot/types.js';
import {
  LockBusy,
  NOTEBOOK_LIMIT,
  openStore,
  StorageError,
  type Locks,
  type Store,
} from '../src/storage/store.js';
import {
  click,
  customIds,
  decodedIds,
  expectSafe,
  h,
  idOf,
  MemoryPort,
  membersFrom,
  payloadOf,
  refusalOf,
  testContext,
  type TestCommand,
} from './bot-helpers.js';
import { tempDir } from './helpers.js';

let ctx: BotContext;
beforeAll(async () => {
  ctx = await testContext();
});

let next = 500000000000000000n;
const id = (): string => String(next++);
const MODERATOR = PermissionFlagsBits.SendMessages | PermissionFlagsBits.PinMessages;
/** Server-level Manage Server: the one role that reads the whole server's pin log. */
const MANAGER = PermissionFlagsBits.ManageGuild;
const VIEW = PermissionFlagsBits.ViewChannel;
const BOT =
  PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.PinMessages;

/** A member in a fresh server and channel, so tests never share a pin log or notebook. */
const member = membersFrom(id, { memberPermissions: PermissionFlagsBits.SendMessages, appPermissions: BOT });
const run = (who: TestCommand, subcommand: string, options: TestCommand['options']): TestCommand => ({
  ...who,
  subcommand,
  options,
});

const refused = refusalOf;

/**
 * Discord in memory, shared by every pin of this file: its message ids never
 * repeat, as a server's pin log requires (a fresh port would start again).
 */
const discord = new MemoryPort();

/** What the port was asked to do with one message, in order. */
const opsOn = (port: MemoryPort, messageId: string): string[] =>
  port.calls.filter((c) => (c.op === 'post' ? c.id : c.messageId) === messageId).map((c) => c.op);

/** The private text of a reply; fails the test on any other response. */
function privateText(r: Response): string {
  expect(r).toMatchObject({ kind: 'reply', ephemeral: true });
  return payloadOf(r).content ?? '';
}

/**
 * Pins a citation with /pin through the port: the card is posted, then that
 * message is pinned in the member's channel, then logged. Returns its message id.
 */
async function pinAs(who: TestCommand, citation: string, note?: string): Promise<string> {
  const options = note === undefined ? { citation } : { citation, note };
  const r = await h.pin({ ...who, options }, ctx, discord);
  expect(privateText(r)).toBe(`Pinned ${citation}.`);
  const record = (await ctx.store.pins.list(who.guildId ?? '', who.channelId ?? '')).find(
    (p) => p.citation === citation && p.removedAt === null,
  );
  const messageId = record?.messageId ?? '∅';
  expect(opsOn(discord, messageId)).toEqual(['post', 'pin']);
  expect(discord.calls.find((c) => c.op === 'pin' && c.messageId === messageId)).toMatchObject({
    channelId: who.channelId,
  });
  return messageId;
}

describe('/pins list', () => {
  it('GIVEN three pins in two channels WHEN a member with Manage Server lists them THEN newest first, with citation ids and jump links; a channel filter keeps its own', async () => {
    const mod = member({ memberPermissions: MODERATOR, guildPermissions: MANAGER });
    const other = { ...mod, channelId: id() };
    const first = await pinAs(mod, 'sumgait-1988:3');
    await new Promise((r) => setTimeout(r, 5));
    await pinAs(other, 'khojaly-1992:2');
    await new Promise((r) => setTimeout(r, 5));
    const third = await pinAs(mod, 'khojaly-1992:20');
    const all = payloadOf(await h.pinsList(run({ ...mod, channelId: id() }, 'list', {}), ctx));
    const text = all.embeds?.[0]?.description ?? '';
    expect(text.indexOf('khojaly-1992:20')).toBeLessThan(text.indexOf('khojaly-1992:2`'));
    expect(text.indexOf('khojaly-1992:2`')).toBeLessThan(text.indexOf('sumgait-1988:3'));
    expect(text).toContain(`https://discord.com/channels/${mod.guildId}/${mod.channelId ?? ''}/${third}`);
    expect(all.content).toContain('3 pins');
    const filtered = payloadOf(await h.pinsList(run(mod, 'list', { channel: mod.channelId ?? '' }), ctx));
    expect(filtered.embeds?.[0]?.description).toContain(first);
    expect(filtered.embeds?.[0]?.description).not.toContain('khojaly-1992:2`');
    expectSafe(all);
  });

  /** A server with a pin here and a pin, with a private note, in a private channel. */
  async function privateChannelPins(): Promise<{ here: TestCommand; hidden: string }> {
    const mod = member({ memberPermissions: MODERATOR });
    const hidden = id();
    await pinAs(mod, 'sumgait-1988:3');
    await pinAs({ ...mod, channelId: hidden }, 'khojaly-1992:2', 'staff only');
    return { here: mod, hidden };
  }

  it.each([
    ['an ordinary member', PermissionFlagsBits.SendMessages | VIEW],
    ['a member with Pin Messages from this channel’s override', MODERATOR | VIEW],
  ])(
    'GIVEN a pin in a private channel WHEN %s lists the log THEN only this channel’s pins are shown, and the private channel is refused without being named',
    async (_, permissions) => {
      const { here, hidden } = await privateChannelPins();
      const who = {
        ...member({ memberPermissions: permissions }),
        guildId: here.guildId,
        channelId: here.channelId,
      };
      const p = payloadOf(await h.pinsList(run(who, 'list', {}), ctx));
      expect(p.embeds?.[0]?.description).toContain('sumgait-1988:3');
      expect(p.embeds?.[0]?.description).not.toContain('khojaly-1992:2');
      expect(JSON.stringify(p)).not.toContain('staff only');
      // Discord resolved the named channel with the member's permissions there: no View Channel.
      const asked = { ...run(who, 'list', { channel: hidden }), channelPermissions: { [hidden]: 0n } };
      const e = await refused(h.pinsList(asked, ctx));
      expect(e.code).toBe('channelHidden');
      expect(errorPayload(e, ctx.translations.t('en')).content).not.toContain(hidden);
      // A server-wide page button, forged or left from someone else's list, shows nothing either.
      const forged = await refused(h.pinsComponent(click(who, encode.pins(null, 0, who.userId)), ctx));
      expect(forged.code).toBe('channelHidden');
      const others = await refused(h.pinsComponent(click(who, encode.pins(hidden, 0, id())), ctx));
      expect(others.code).toBe('notYours');
    },
  );

  it('GIVEN a page button of a channel’s log, made for this member WHEN they click it without the server-wide right THEN it is refused: a click brings no proof they can still view that channel', async () => {
    const { here, hidden } = await privateChannelPins();
    const who = {
      ...member({ memberPermissions: MODERATOR | VIEW }),
      guildId: here.guildId,
      channelId: here.channelId,
    };
    const e = await refused(h.pinsComponent(click(who, encode.pins(hidden, 0, who.userId)), ctx));
    expect(e.code).toBe('channelHidden');
    const manager = { ...who, guildPermissions: MANAGER };
    expect((await h.pinsComponent(click(manager, encode.pins(hidden, 0, who.userId)), ctx)).kind).toBe(
      'update',
    );
  });

  it('GIVEN a private thread WHEN a member without the server-wide right names it from elsewhere THEN it is refused, whatever permissions Discord resolved', async () => {
    const { here, hidden } = await privateChannelPins();
    const who = {
      ...member({ memberPermissions: MODERATOR | VIEW }),
      guildId: here.guildId,
      channelId: here.channelId,
    };
    const asked = {
      ...run(who, 'list', { channel: hidden }),
      channelPermissions: { [hidden]: VIEW },
      privateThreads: [hidden],
    };
    expect((await refused(h.pinsList(asked, ctx))).code).toBe('channelHidden');
  });

  it('GIVEN a member who can view another channel WHEN they name it THEN its log is shown', async () => {
    const { here, hidden } = await privateChannelPins();
    const who = {
      ...member({ memberPermissions: MODERATOR | VIEW }),
      guildId: here.guildId,
      channelId: here.channelId,
    };
    const asked = { ...run(who, 'list', { channel: hidden }), channelPermissions: { [hidden]: VIEW } };
    const p = payloadOf(await h.pinsList(asked, ctx));
    expect(p.embeds?.[0]?.description).toContain('khojaly-1992:2');
    expect(p.embeds?.[0]?.description).not.toContain('sumgait-1988:3');
  });

  it('GIVEN a pin in a private channel WHEN a member with server-level Manage Server lists the log THEN every channel is shown', async () => {
    const { here } = await privateChannelPins();
    const who = {
      ...member({ guildPermissions: MANAGER }),
      guildId: here.guildId,
      channelId: here.channelId,
    };
    const p = payloadOf(await h.pinsList(run(who, 'list', {}), ctx));
    expect(p.embeds?.[0]?.description).toContain('sumgait-1988:3');
    expect(p.embeds?.[0]?.description).toContain('staff only');
  });

  it('GIVEN three moderators pinning different passages at once WHEN done THEN the log has all three', async () => {
    const mod = member({ memberPermissions: MODERATOR });
    await Promise.all(['sumgait-1988:10', 'sumgait-1988:11', 'sumgait-1988:12'].map((c) => pinAs(mod, c)));
    expect((await ctx.store.pins.list(mod.guildId ?? '')).map((p) => p.citation).sort()).toEqual([
      'sumgait-1988:10',
      'sumgait-1988:11',
      'sumgait-1988:12',
    ]);
  });

  it('GIVEN twenty pins WHEN the second page is asked for THEN the oldest are there, and the buttons stay within 100 characters', async () => {
    const mod = member({ memberPermissions: MODERATOR, guildPermissions: MANAGER });
    for (let n = 1; n <= 20; n++) await pinAs(mod, `sumgait-1988:${n}`);
    const page1 = payloadOf(await h.pinsList(run(mod, 'list', {}), ctx));
    const nextId = idOf(page1, 'pins', (c) => c.page === 1);
    expect(nextId).toEqual({ action: 'pins', channel: null, page: 1, owner: mod.userId });
    expect(customIds(page1)).toContain(encode.pins(null, 1, mod.userId));
    const page2 = payloadOf(await h.pinsComponent(click(mod, nextId), ctx));
    expect(page2.content).toContain('page 2 of 4');
    expectSafe(page2);
  });

  it('GIVEN an interaction whose channel Discord did not say WHEN an ordinary member lists the log THEN it is refused, never the whole server’s log', async () => {
    const who = member({ channelId: null });
    const e = await refusalOf(h.pinsList(run(who, 'list', {}), ctx));
    expect(e.code).toBe('channelHidden');
  });

  it('GIVEN no pins WHEN listed THEN the reply says so', async () => {
    const p = payloadOf(await h.pinsList(run(member(), 'list', {}), ctx));
    expect(p.content).toContain('No excerpt has been pinned');
  });
});

describe('/pins remove', () => {
  it('GIVEN a pinned excerpt WHEN a moderator removes it THEN Discord is asked to unpin that message and the record is kept, marked removed', async () => {
    const mod = member({ memberPermissions: MODERATOR });
    const messageId = await pinAs(mod, 'khojaly-1992:20');
    const choices = await h.pinnedChoices({ ...mod, value: 'khojaly' }, ctx);
    expect(choices[0]?.value).toBe(`pin:${messageId}`);
    const port = new MemoryPort();
    const r = await h.pinsRemove(run(mod, 'remove', { citation: `pin:${messageId}` }), ctx, port);
    expect(port.calls).toEqual([{ op: 'unpin', channelId: mod.channelId, messageId }]);
    expect(privateText(r)).toContain('Unpinned khojaly-1992:20');
    const [record] = await ctx.store.pins.list(mod.guildId ?? '');
    expect(record?.removedBy).toBe(mod.userId);
    expect(record?.removedAt).toBeTypeOf('number');
    const list = payloadOf(await h.pinsList(run(mod, 'list', {}), ctx));
    expect(list.embeds?.[0]?.description).toMatch(/^~~.*khojaly-1992:20/);
    expect(list.embeds?.[0]?.description).toContain('unpinned by');
    // A removed pin can be pinned again.
    await pinAs(mod, 'khojaly-1992:20');
  });

  it('GIVEN two moderators removing one pin at the same moment WHEN both run THEN Discord is asked once, one is told it is done, the other that it is not pinned, and the record keeps who removed it', async () => {
    const mod = member({ memberPermissions: MODERATOR });
    const other = { ...mod, userId: id() };
    const messageId = await pinAs(mod, 'sumgait-1988:9');
    const port = new MemoryPort();
    const remove = (who: TestCommand) =>
      h.pinsRemove(run(who, 'remove', { citation: `pin:${messageId}` }), ctx, port).then(
        (r) => ({ ok: privateText(r) }),
        (e: unknown) => ({ refused: e instanceof UserFacingError ? e.code : String(e) }),
      );
    const results = await Promise.all([remove(mod), remove(other)]);
    // Either may come first; exactly one removes it.
    const done = results.findIndex((r) => 'ok' in r);
    expect(results[done]).toMatchObject({
      ok: expect.stringContaining('Unpinned sumgait-1988:9') as unknown,
    });
    expect(results[1 - done]).toEqual({ refused: 'notPinned' });
    expect(port.ops).toEqual(['unpin']);
    const [record] = await ctx.store.pins.list(mod.guildId ?? '');
    expect(record?.removedBy).toBe([mod, other][done]?.userId);
  });

  it('GIVEN a pin in another, perhaps private, channel WHEN removed from here, by its message or its citation THEN it is not found, no channel is named, and nothing changes', async () => {
    const mod = member({ memberPermissions: MODERATOR });
    const elsewhere = { ...mod, channelId: id() };
    const messageId = await pinAs(elsewhere, 'sumgait-1988:6');
    const port = new MemoryPort();
    for (const citation of [`pin:${messageId}`, 'sumgait-1988:6']) {
      const e = await refused(h.pinsRemove(run(mod, 'remove', { citation }), ctx, port));
      expect(e.code).toBe('notPinned');
      expect(errorPayload(e, ctx.translations.t('en')).content).not.toContain(elsewhere.channelId);
    }
    expect(port.calls).toEqual([]);
    expect((await ctx.store.pins.list(mod.guildId ?? ''))[0]?.removedAt).toBeNull();
    expect(await h.pinnedChoices({ ...mod, value: '' }, ctx)).toEqual([]);
  });

  it('GIVEN a citation typed by hand WHEN removing THEN the pin in this channel is the one chosen', async () => {
    const mod = member({ memberPermissions: MODERATOR });
    const there = await pinAs({ ...mod, channelId: id() }, 'sumgait-1988:5');
    const here = await pinAs(mod, 'sumgait-1988:5');
    const port = new MemoryPort();
    await h.pinsRemove(run(mod, 'remove', { citation: 'sumgait-1988:5' }), ctx, port);
    expect(port.calls).toEqual([{ op: 'unpin', channelId: mod.channelId, messageId: here }]);
    const records = await ctx.store.pins.list(mod.guildId ?? '');
    expect(records.find((p) => p.messageId === there)?.removedAt).toBeNull();
  });

  it('GIVEN a member without Pin Messages WHEN removing THEN it is refused by name and nothing changes', async () => {
    const mod = member({ memberPermissions: MODERATOR });
    await pinAs(mod, 'sumgait-1988:2');
    const port = new MemoryPort();
    const e = await refused(
      h.pinsRemove(
        run({ ...member(), guildId: mod.guildId }, 'remove', { citation: 'sumgait-1988:2' }),
        ctx,
        port,
      ),
    );
    expect(e.code).toBe('missingUserPermission');
    const ru = ctx.translations.t('ru');
    expect(errorPayload(e, ru).content).toBe(
      ru('errors.missingUserPermission', { permission: ru('permission.PinMessages') }),
    );
    expect(port.calls).toEqual([]);
    expect((await ctx.store.pins.list(mod.guildId ?? ''))[0]?.removedAt).toBeNull();
  });

  it('GIVEN nothing pinned under that id WHEN removing THEN the user is told so and pointed to /pins list', async () => {
    const e = await refused(
      h.pinsRemove(run(member({ memberPermissions: MODERATOR }), 'remove', { citation: 'pin:123' }), ctx),
    );
    expect(e.code).toBe('notPinned');
    expect(errorPayload(e, ctx.translations.t('en')).content).toContain('/pins list');
  });
});

describe('a pin is either logged or gone', () => {
  const pinLimit = (): DiscordAPIError =>
    new DiscordAPIError(
      { code: RESTJSONErrorCodes.MaximumNumberOfPinsReachedForTheChannel, message: 'Maximum pins' },
      RESTJSONErrorCodes.MaximumNumberOfPinsReachedForTheChannel,
      400,
      'PUT',
      'https://discord.com/api/v10/channels/1/messages/pins/2',
      {},
    );

  it('GIVEN Discord refusing the pin (the channel is full) WHEN /pin runs THEN the posted card is withdrawn, nothing is logged, and the moderator is told why, privately', async () => {
    const mod = member({ memberPermissions: MODERATOR });
    const port = new MemoryPort();
    port.pinError = pinLimit();
    const raw = { ...mod, command: 'pin', options: { citation: 'sumgait-1988:3' } };
    const r = await prepareCommand(registry, raw, ctx).run(port);
    const [card] = port.posted;
    expect(port.calls).toEqual([
      { op: 'post', id: card?.id, payload: card?.payload },
      { op: 'pin', channelId: mod.channelId, messageId: card?.id },
      { op: 'withdraw', channelId: '', messageId: card?.id },
    ]);
    expect(await ctx.store.pins.list(mod.guildId ?? '')).toEqual([]);
    expect(privateText(r)).toBe(ctx.translations.t('en')('errors.pinLimit'));
  });

  it('GIVEN a lock that lapses while Discord pins (another replica may take it) WHEN /pin runs THEN the card is unpinned and withdrawn, nothing is logged, and the moderator is told someone else is doing it', async () => {
    const mod = member({ memberPermissions: MODERATOR });
    const lapsing: Locks = { withLock: (_key, fn) => fn({ held: false }) };
    const own = { ...ctx, store: Object.assign(Object.create(ctx.store) as Store, { locks: lapsing }) };
    const port = new MemoryPort();
    const raw = { ...mod, command: 'pin', options: { citation: 'sumgait-1988:3' } };
    const r = await prepareCommand(registry, raw, own).run(port);
    expect(port.ops).toEqual(['post', 'pin', 'unpin', 'withdraw']);
    expect(await ctx.store.pins.list(mod.guildId ?? '')).toEqual([]);
    expect(privateText(r)).toBe(ctx.translations.t('en')('errors.busy'));
  });

  it('GIVEN another replica holding the pin lock past the wait WHEN /pin runs THEN nothing is posted and the moderator is told, in their language, that someone else is doing it', async () => {
    const mod = member({ memberPermissions: MODERATOR, locale: 'ru' });
    const held: Locks = { withLock: (key) => Promise.reject(new LockBusy(key)) };
    const own = { ...ctx, store: Object.assign(Object.create(ctx.store) as Store, { locks: held }) };
    const port = new MemoryPort();
    const raw = { ...mod, command: 'pin', options: { citation: 'sumgait-1988:3' } };
    const r = await prepareCommand(registry, raw, own).run(port);
    expect(port.ops).toEqual([]);
    expect(privateText(r)).toBe(ctx.translations.t('ru')('errors.busy'));
  });

  it('GIVEN a pin log that cannot be written WHEN a passage is pinned THEN the card is unpinned and withdrawn, and the error is the storage one', async () => {
    const mod = member({ memberPermissions: MODERATOR });
    const own = { ...ctx, store: await openStore(undefined, tempDir()) };
    vi.spyOn(own.store.pins, 'add').mockRejectedValue(new StorageError(new Error('disk full')));
    try {
      const port = new MemoryPort();
      const error = await h.pin({ ...mod, options: { citation: 'sumgait-1988:3' } }, own, port).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StorageError);
      const [card] = port.posted;
      expect(port.ops).toEqual(['post', 'pin', 'unpin', 'withdraw']);
      expect(opsOn(port, card?.id ?? '∅')).toEqual(['post', 'pin', 'unpin', 'withdraw']);
      expect(port.calls[2]).toEqual({ op: 'unpin', channelId: mod.channelId, messageId: card?.id });
      expect(await own.store.pins.list(mod.guildId ?? '')).toEqual([]);
      // Through the error boundary the moderator hears it is storage, privately.
      const again = new MemoryPort();
      const raw = { ...mod, command: 'pin', options: { citation: 'sumgait-1988:3' } };
      const r = await prepareCommand(registry, raw, own).run(again);
      expect(again.ops).toEqual(['post', 'pin', 'unpin', 'withdraw']);
      expect(privateText(r)).toBe(ctx.translations.t('en')('errors.storage'));
    } finally {
      await own.store.close();
    }
  });

  it('GIVEN two moderators pinning the same passage at once WHEN both run THEN one card is posted and pinned, and the second is told privately where it is', async () => {
    const alice = member({ memberPermissions: MODERATOR });
    const bob = {
      ...member({ memberPermissions: MODERATOR }),
      guildId: alice.guildId,
      channelId: alice.channelId,
    };
    const port = new MemoryPort();
    const answers = await Promise.all(
      [alice, bob].map((who) => h.pin({ ...who, options: { citation: 'khojaly-1992:20' } }, ctx, port)),
    );
    expect(port.ops).toEqual(['post', 'pin']);
    const [card] = port.posted;
    const texts = answers.map(privateText).sort();
    expect(texts[0]).toBe('Pinned khojaly-1992:20.');
    expect(texts[1]).toBe(
      `khojaly-1992:20 is already pinned in this channel: https://discord.com/channels/${alice.guildId ?? ''}/${alice.channelId ?? ''}/${card?.id ?? ''}`,
    );
    const records = await ctx.store.pins.list(alice.guildId ?? '');
    expect(records.map((p) => [p.messageId, p.citation])).toEqual([[card?.id, 'khojaly-1992:20']]);
  });

  it('GIVEN a pinned card deleted meanwhile WHEN it is removed and Discord answers it is gone THEN the record is still marked removed', async () => {
    const mod = member({ memberPermissions: MODERATOR });
    const messageId = await pinAs(mod, 'sumgait-1988:4');
    const port = new MemoryPort();
    port.unpinAnswer = 'gone';
    const r = await h.pinsRemove(run(mod, 'remove', { citation: `pin:${messageId}` }), ctx, port);
    expect(port.calls).toEqual([{ op: 'unpin', channelId: mod.channelId, messageId }]);
    expect(privateText(r)).toContain('Unpinned sumgait-1988:4');
    const [record] = await ctx.store.pins.list(mod.guildId ?? '');
    expect([record?.messageId, record?.removedBy]).toEqual([messageId, mod.userId]);
  });

  it('GIVEN Discord refusing the unpin WHEN a pin is removed THEN the record stays active', async () => {
    const mod = member({ memberPermissions: MODERATOR });
    const messageId = await pinAs(mod, 'sumgait-1988:9');
    const port = new MemoryPort();
    port.unpinAnswer = new Error('Discord is down');
    await expect(
      h.pinsRemove(run(mod, 'remove', { citation: `pin:${messageId}` }), ctx, port),
    ).rejects.toThrow('Discord is down');
    expect((await ctx.store.pins.list(mod.guildId ?? ''))[0]?.removedAt).toBeNull();
  });
});

describe('the Pin button', () => {
  async function opened(who: TestCommand): Promise<{ p: Payload; key: string }> {
    const list = payloadOf(await h.search({ ...who, options: { query: 'Faradzhev' } }, ctx));
    const open = idOf(list, 'open');
    const p = payloadOf(await h.searchComponent(click(who, open, ['khojaly-1992:20']), ctx));
    return { p, key: open.key };
  }

  it('GIVEN a member with Pin Messages WHEN a passage is opened THEN a Pin button is there, and it posts the card, pins it and logs it', async () => {
    const mod = member({ memberPermissions: MODERATOR });
    const { p, key } = await opened(mod);
    const pinId = idOf(p, 'pin');
    expect(pinId).toEqual({ action: 'pin', key, citation: 'khojaly-1992:20' });
    const port = new MemoryPort();
    const r = await h.searchComponent(click(mod, pinId), ctx, port);
    const [card] = port.posted;
    expect(port.calls).toEqual([
      { op: 'post', id: card?.id, payload: card?.payload },
      { op: 'pin', channelId: mod.channelId, messageId: card?.id },
    ]);
    expect(card?.payload.embeds?.at(-1)?.footer?.text).toMatch(/^khojaly-1992:20 · /);
    expectSafe(card?.payload ?? { allowedMentions: { parse: [] } });
    // The private result list stays as it was: the answer is a private reply, not an update.
    expect(privateText(r)).toBe('Pinned khojaly-1992:20.');
    const [record] = await ctx.store.pins.list(mod.guildId ?? '', mod.channelId ?? '');
    expect(record).toMatchObject({ messageId: card?.id, citation: 'khojaly-1992:20', pinnedBy: mod.userId });
  });

  it('GIVEN a member without Pin Messages WHEN a passage is opened THEN there is no Pin button, and a forged click is refused', async () => {
    const reader = member();
    const { p, key } = await opened(reader);
    expect(decodedIds(p).some((c) => c.action === 'pin')).toBe(false);
    const port = new MemoryPort();
    const e = await refused(h.searchComponent(click(reader, encode.pin(key, 'khojaly-1992:20')), ctx, port));
    expect(e.code).toBe('missingUserPermission');
    expect(port.calls).toEqual([]);
  });
});

describe('/notebook', () => {
  it('GIVEN a study group WHEN members add passages, one twice THEN the second add updates the note, not a duplicate', async () => {
    const alice = member();
    const bob = { ...member(), guildId: alice.guildId, channelId: alice.channelId };
    const a1 = payloadOf(
      await h.notebookAdd(run(alice, 'add', { citation: 'khojaly-1992:20', note: 'first note' }), ctx),
    );
    expect(a1.content).toBe("Added khojaly-1992:20 to this channel's notebook (1 entry).");
    await h.notebookAdd(run(bob, 'add', { citation: 'sumgait-1988:3' }), ctx);
    const again = payloadOf(
      await h.notebookAdd(run(alice, 'add', { citation: 'khojaly-1992:20', note: 'better note' }), ctx),
    );
    expect(again.content).toContain('note is updated');
    const show = payloadOf(await h.notebookShow(run(bob, 'show', {}), ctx));
    expect(show.embeds?.map((e) => e.title?.split(' ')[0])).toEqual(['khojaly-1992:20', 'sumgait-1988:3']);
    expect(show.embeds?.[0]?.fields?.find((f) => f.name === 'Note')?.value).toBe('better note');
    expect(show.embeds?.[0]?.fields?.[0]?.value).toContain(`<@${alice.userId}>`);
    expectSafe(show);
  });

  it('GIVEN Alice’s note WHEN Bob clicks Add to notebook, or adds it with his own note THEN her note stays, and he is told what he needs', async () => {
    const alice = member();
    const bob = { ...member(), guildId: alice.guildId, channelId: alice.channelId };
    await h.notebookAdd(run(alice, 'add', { citation: 'sumgait-1988:8', note: 'key testimony' }), ctx);
    const again = payloadOf(await h.notebookAdd(run(bob, 'add', { citation: 'sumgait-1988:8' }), ctx));
    expect(again.content).toBe("sumgait-1988:8 is already in this channel's notebook; nothing changed.");
    const e = await refused(
      h.notebookAdd(run(bob, 'add', { citation: 'sumgait-1988:8', note: 'mine' }), ctx),
    );
    expect(e.args['permission']).toBe('ManageMessages');
    const scope = `${alice.guildId ?? ''}:${alice.channelId ?? ''}`;
    expect((await ctx.store.notebooks.list(scope))[0]?.note).toBe('key testimony');
  });

  it('GIVEN a notebook record that no longer validates WHEN someone adds to it THEN the add is refused and the record is left as it was', async () => {
    const alice = member();
    const scope = `${alice.guildId ?? ''}:${alice.channelId ?? ''}`;
    const broken = { v: 1, entries: [{ citation: 'Some_Doc:2', addedBy: '1', addedAt: 0, note: null }] };
    // A store of its own, and its rows written through a plain keyv on the same file and namespace.
    const dir = tempDir();
    const own = { ...ctx, store: await openStore(undefined, dir) };
    const raw = new Keyv({
      store: new KeyvSqlite(`sqlite://${dir}/reading-room.sqlite`),
      namespace: 'reading-room',
    });
    try {
      await raw.set(`notebook:${scope}`, broken);
      await expect(
        h.notebookAdd(run(alice, 'add', { citation: 'sumgait-1988:1' }), own),
      ).rejects.toBeInstanceOf(StorageError);
      expect(await raw.get(`notebook:${scope}`)).toEqual(broken);
    } finally {
      await own.store.close();
      await raw.disconnect();
    }
  });

  it('GIVEN a thread WHEN something is added there THEN the parent channel’s notebook does not have it', async () => {
    const alice = member();
    const thread = { ...alice, channelId: id() };
    await h.notebookAdd(run(thread, 'add', { citation: 'khojaly-1992:3' }), ctx);
    const e = await refused(h.notebookShow(run(alice, 'show', {}), ctx));
    expect(e.code).toBe('notebookEmpty');
  });

  it('GIVEN an entry WHEN someone else removes it THEN only Manage Messages lets them', async () => {
    const alice = member();
    const bob = { ...member(), guildId: alice.guildId, channelId: alice.channelId };
    await h.notebookAdd(run(alice, 'add', { citation: 'sumgait-1988:7' }), ctx);
    const e = await refused(h.notebookRemove(run(bob, 'remove', { citation: 'sumgait-1988:7' }), ctx));
    expect(e.code).toBe('missingUserPermission');
    expect(e.args['permission']).toBe('ManageMessages');
    const mod = { ...bob, memberPermissions: PermissionFlagsBits.ManageMessages };
    const ok = payloadOf(await h.notebookRemove(run(mod, 'remove', { citation: 'sumgait-1988:7' }), ctx));
    expect(ok.content).toContain('Removed sumgait-1988:7');
    expect(await ctx.store.notebooks.list(`${alice.guildId ?? ''}:${alice.channelId ?? ''}`)).toEqual([]);
  });

  it('GIVEN a full notebook WHEN one more is added THEN a clear message says so and nothing is lost', async () => {
    const alice = member();
    const scope = `${alice.guildId ?? ''}:${alice.channelId ?? ''}`;
    await h.notebookAdd(run(alice, 'add', { citation: 'sumgait-1988:2' }), ctx);
    // Filled through the store: the bundled library has fewer than 500 passages.
    for (let i = 1; i < NOTEBOOK_LIMIT; i++) {
      await ctx.store.notebooks.add(scope, {
        citation: `sumgait-1988:${1000 + i}`,
        addedBy: alice.userId,
        addedAt: i,
        note: null,
      });
    }
    const full = await refused(h.notebookAdd(run(alice, 'add', { citation: 'khojaly-1992:1' }), ctx));
    expect(full.code).toBe('notebookFull');
    expect(errorPayload(full, ctx.translations.t('az')).content).toContain('500');
    expect((await ctx.store.notebooks.list(scope)).length).toBe(NOTEBOOK_LIMIT);
    // Updating the note of an entry already there still works when full.
    const update = payloadOf(
      await h.notebookAdd(run(alice, 'add', { citation: 'sumgait-1988:2', note: 'x' }), ctx),
    );
    expect(update.content).toContain('note is updated');
    expect((await ctx.store.notebooks.list(scope))[0]?.note).toBe('x');
  });

  it('GIVEN a note longer than 300 characters WHEN added THEN it is refused with the limit', async () => {
    const e = await refused(
      h.notebookAdd(run(member(), 'add', { citation: 'sumgait-1988:2', note: 'x'.repeat(301) }), ctx),
    );
    expect([e.code, e.args['max']]).toEqual(['noteTooLong', 300]);
  });

  it('GIVEN an opened passage WHEN Add to notebook is clicked THEN it is in the channel’s notebook', async () => {
    const reader = member();
    const list = payloadOf(await h.search({ ...reader, options: { query: 'Sumgait' } }, ctx));
    const first = list.embeds?.[0]?.title ?? '';
    const p = payloadOf(await h.searchComponent(click(reader, idOf(list, 'open'), [first]), ctx));
    const r = payloadOf(await h.searchComponent(click(reader, idOf(p, 'notebookAdd')), ctx));
    expect(r.content).toContain(`Added ${first}`);
    expect(
      (await ctx.store.notebooks.list(`${reader.guildId ?? ''}:${reader.channelId ?? ''}`))[0]?.citation,
    ).toBe(first);
  });

  it('GIVEN a notebook WHEN exported as text in Chicago style THEN a .txt file is attached', async () => {
    const alice = member({ channelName: 'study-group' });
    await h.notebookAdd(run(alice, 'add', { citation: 'sumgait-1988:3' }), ctx);
    const r = await h.notebookExport(run(alice, 'export', { style: 'chicago', format: 'text' }), ctx);
    const p = payloadOf(r);
    expect(p.files?.[0]?.name).toBe('notebook-study-group-chicago.txt');
    const text = ctx.room.document('sumgait-1988')?.passages[2]?.text ?? '∅';
    expect(p.files?.[0]?.data.toString('utf8')).toContain(text);
    expect(p.content).toContain('Chicago');
  });
});

describe('content warnings in public views', () => {
  it('GIVEN a public search WHEN its open menu and a neighbour in Context are shown THEN marked passages show only their warning or a spoiler', async () => {
    const who = member();
    const list = payloadOf(
      await h.search({ ...who, options: { query: 'Sumgait rally', public: true } }, ctx),
    );
    const menu = list.components?.[1]?.components[0];
    const options = menu && 'options' in menu ? menu.options : [];
    const marked = options.filter((o) => {
      const found = ctx.room.quote(o.value);
      return 'quote' in found && found.quote.passage.warning !== null;
    });
    expect(marked.length).toBeGreaterThan(0);
    for (const o of marked) expect(o.description).toMatch(/^Content warning: /);
    const { key } = idOf(list, 'page');
    // sumgait-1988:2's neighbour, paragraph 1, is marked (killing, mutilation).
    expect((await ctx.store.sessions.get(key))?.hitIds).toContain('sumgait-1988:2');
    const context = payloadOf(
      await h.searchComponent(
        { ...click(who, encode.context(key, 'sumgait-1988:2')), messageIsPublic: true },
        ctx,
      ),
    );
    expect(context.embeds?.[0]?.description).toMatch(/^-# ⚠ Content warning: killing, mutilation\n\|\|/);
  });

  it('GIVEN a notebook with a marked passage WHEN exported publicly THEN the file is sent as a spoiler; privately it is not', async () => {
    const alice = member({
      memberPermissions: PermissionFlagsBits.SendMessages | PermissionFlagsBits.AttachFiles,
    });
    await h.notebookAdd(run(alice, 'add', { citation: 'khojaly-1992:20' }), ctx);
    const pub = payloadOf(await h.notebookExport(run(alice, 'export', { public: true }), ctx));
    expect(pub.files?.[0]?.name).toMatch(/^SPOILER_notebook-/);
    const own = payloadOf(await h.notebookExport(run(alice, 'export', {}), ctx));
    expect(own.files?.[0]?.name).toMatch(/^notebook-/);
  });
});

describe('/settings content-warnings', () => {
  it('GIVEN warnings turned off WHEN the language is changed next THEN warnings stay off', async () => {
    const admin = member({ memberPermissions: PermissionFlagsBits.ManageGuild });
    const off = payloadOf(await h.settings({ ...admin, options: { 'content-warnings': 'off' } }, ctx));
    expect(off.content).toContain('off');
    await h.settings({ ...admin, options: { language: 'ru' } }, ctx);
    expect(await ctx.store.preferences.guildSettings(admin.guildId ?? '')).toEqual({
      language: 'ru',
      contentWarnings: false,
    });
    // WHEN /settings runs with no option THEN it says what is set, in the server's language here.
    const shown = payloadOf(await h.settings({ ...admin, options: {} }, ctx));
    expect(shown.content).toBe(
      'Язык по умолчанию на этом сервере: русский. Предупреждения о содержании на этом сервере выключены: отмеченные отрывки публикуются без спойлера. В ответах, которые видите только вы, строка-предупреждение остаётся. Чтобы изменить настройку, используйте /настройки с параметром «язык» или «предупреждения».',
    );
  });
});
