import { describe, expect, it } from 'vitest';
import { REMOVED_PINS_KEPT, type PinRecord } from '../src/storage/store.js';
import { backends, snowflake } from './store-helpers.js';

const pinIn = (guildId: string, channelId: string, pinnedAt: number, citation = 'sumgait-1988:1') => ({
  guildId,
  channelId,
  messageId: snowflake(),
  citation,
  pinnedBy: snowflake(),
  pinnedAt,
  note: null,
});
const ids = (pins: PinRecord[]): string[] => pins.map((p) => p.messageId);

describe.each(backends)('the pin log on %s', (_, __, open) => {
  it('GIVEN three pins added at once in three channels WHEN the log is read per channel and for the server THEN each channel has only its own and the server has all three, newest first', async () => {
    const { store } = await open();
    const guild = snowflake();
    const channels = [snowflake(), snowflake(), snowflake()];
    const pins = channels.map((c, i) => pinIn(guild, c, 10 + i));
    await Promise.all(pins.map((p) => store.pins.add(p)));
    for (const [i, c] of channels.entries())
      expect(ids(await store.pins.list(guild, c))).toEqual([pins[i]?.messageId]);
    expect(ids(await store.pins.list(guild))).toEqual(pins.map((p) => p.messageId).reverse());
  });

  it(`GIVEN a channel's pins WHEN more than ${REMOVED_PINS_KEPT} of them are removed THEN the oldest removed records are deleted and every active pin stays`, async () => {
    const { store, has } = await open();
    const [guild, channel, other] = [snowflake(), snowflake(), snowflake()];
    const extra = 5;
    const removed = Array.from({ length: REMOVED_PINS_KEPT + extra }, (_, i) => pinIn(guild, channel, i));
    const active = Array.from({ length: 3 }, (_, i) => pinIn(guild, channel, 1000 + i));
    const elsewhere = pinIn(guild, other, 0);
    for (const p of [...removed, ...active, elsewhere]) await store.pins.add(p);
    await store.pins.markRemoved(guild, elsewhere.messageId, snowflake(), 1);
    for (const [i, p] of removed.entries())
      await store.pins.markRemoved(guild, p.messageId, snowflake(), 2000 + i);

    const log = await store.pins.list(guild, channel);
    expect(log.filter((p) => p.removedAt === null).map((p) => p.messageId)).toEqual(
      active.map((p) => p.messageId).reverse(),
    );
    expect(log.filter((p) => p.removedAt !== null)).toHaveLength(REMOVED_PINS_KEPT);
    for (const p of removed.slice(0, extra)) {
      expect(await store.pins.get(guild, p.messageId)).toBeNull();
      expect(await has(`pin:${guild}:${p.messageId}`)).toBe(false);
    }
    expect(await store.pins.get(guild, removed[extra]?.messageId ?? '')).not.toBeNull();
    // Another channel's removed pin does not count against this one's bound.
    expect(ids(await store.pins.list(guild, other))).toEqual([elsewhere.messageId]);
  });

  it('GIVEN a pin log written by the previous version (one server-wide index) WHEN it is read and added to THEN no record is lost, each channel reads its own, and new pins join them', async () => {
    const { store, raw } = await open();
    const [guild, a, b] = [snowflake(), snowflake(), snowflake()];
    const stored = (p: ReturnType<typeof pinIn>, removedAt: number | null = null): PinRecord => ({
      ...p,
      v: 1,
      removedBy: removedAt === null ? null : snowflake(),
      removedAt,
    });
    const first = stored(pinIn(guild, a, 1));
    const second = stored(pinIn(guild, b, 2));
    const third = stored(pinIn(guild, a, 3), 4);
    for (const p of [first, second, third]) await raw.set(`pin:${guild}:${p.messageId}`, p);
    await raw.set(`pins:${guild}`, { v: 1, messageIds: ids([first, second, third]) });

    expect(await store.pins.list(guild)).toEqual([third, second, first]);
    expect(ids(await store.pins.list(guild, a))).toEqual(ids([third, first]));
    const added = pinIn(guild, b, 5);
    await store.pins.add(added);
    await store.pins.markRemoved(guild, first.messageId, snowflake(), 6);
    expect(ids(await store.pins.list(guild, b))).toEqual([added.messageId, second.messageId]);
    expect((await store.pins.list(guild, a)).map((p) => p.removedAt)).toEqual([4, 6]);
    expect(await store.pins.list(guild)).toHaveLength(4);
  });
});
