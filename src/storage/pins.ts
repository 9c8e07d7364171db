import { BAD, StorageError, validated, type Records } from './records.js';
import {
  channelPinIndex,
  legacyPinIndex,
  pinChannels,
  pinRecord,
  REMOVED_PINS_KEPT,
  type PinRecord,
} from './schemas.js';

// Keys of the pin log:
//   pin:<guild>:<message>      one record per pin (the same key as before the index was split)
//   pins:<guild>:<channel>     the channel's index: message ids in pin order, removed ones in removal order
//   pinchannels:<guild>        the channels that have pins
//   pins:<guild>               the server-wide index of earlier versions, migrated on first use
const recordKey = (guildId: string, messageId: string): string => `pin:${guildId}:${messageId}`;
const indexKey = (guildId: string, channelId: string): string => `pins:${guildId}:${channelId}`;
const channelsKey = (guildId: string): string => `pinchannels:${guildId}`;
const legacyKey = (guildId: string): string => `pins:${guildId}`;

/** Ids as they may appear in keys; records themselves are held to real snowflakes. */
const KEY_ID = /^\d{1,20}$/;

type Index = { v: 1; messageIds: string[]; removed: string[] };
const EMPTY: Index = { v: 1, messageIds: [], removed: [] };

/** A pin as the bot records it once Discord accepted it; the store marks it as not removed. */
export type NewPin = Omit<PinRecord, 'v' | 'removedBy' | 'removedAt'>;

/**
 * The pin log, indexed per channel so that a channel's autocomplete reads
 * only that channel's records. Each channel keeps its newest
 * {@link REMOVED_PINS_KEPT} removed records; active ones are never dropped.
 *
 * The indexes are changed with compare-and-set (`Records.update`), so that
 * pins added at once in one channel or server, by any number of processes,
 * do not drop each other from an index. Whether a passage is already pinned
 * is the caller's check, under a lock of its own.
 */
export class PinRepository {
  /** @internal Made by the store, over its records. */
  constructor(private readonly records: Records) {}

  /**
   * Adds a pin to the server's log (after Discord accepted the pin). A pin
   * whose ids are not Discord ids, or whose citation is not a citation id,
   * is refused with a TypeError.
   */
  async add(pin: NewPin): Promise<void> {
    const key = recordKey(pin.guildId, pin.messageId);
    const record = validated(key, pinRecord, { ...pin, v: 1, removedBy: null, removedAt: null });
    await this.migrate(pin.guildId);
    // Listed before the record is written: a channel listed with nothing in
    // it is harmless, a record no index points to would be invisible.
    await this.listChannel(pin.guildId, pin.channelId);
    await this.records.write(key, pinRecord, record);
    await this.updateIndex(pin.guildId, pin.channelId, (index) =>
      index.messageIds.includes(pin.messageId)
        ? null
        : { ...index, messageIds: [...index.messageIds, pin.messageId] },
    );
  }

  /**
   * The pin log, newest first, removed pins included: with `channelId`, that
   * channel's only, reading only that channel's index and records (for the
   * autocomplete of `/pins remove`); without, every channel of the server.
   */
  async list(guildId: string, channelId?: string): Promise<PinRecord[]> {
    if (!KEY_ID.test(guildId) || (channelId !== undefined && !KEY_ID.test(channelId))) return [];
    await this.migrate(guildId);
    const channels =
      channelId !== undefined
        ? [channelId]
        : ((await this.records.read(channelsKey(guildId), pinChannels))?.channelIds ?? []);
    const indexes = await this.records.readMany(
      channels.map((c) => indexKey(guildId, c)),
      channelPinIndex,
    );
    const wanted = channels.flatMap((c, i) => (indexes[i]?.messageIds ?? []).map((m) => ({ c, m })));
    const found = await this.records.readMany(
      wanted.map(({ m }) => recordKey(guildId, m)),
      pinRecord,
    );
    const pins = found.filter((r, i): r is PinRecord => {
      if (r === null) return false;
      const { c, m } = wanted[i] ?? { c: '', m: '' };
      if (r.guildId === guildId && r.channelId === c && r.messageId === m) return true;
      this.records.report(
        recordKey(guildId, m),
        `listed in ${indexKey(guildId, c)} but does not belong there`,
      );
      return false;
    });
    return pins.sort((a, b) => b.pinnedAt - a.pinnedAt);
  }

  /** One record of the pin log, or null. */
  async get(guildId: string, messageId: string): Promise<PinRecord | null> {
    if (!KEY_ID.test(guildId) || !KEY_ID.test(messageId)) return null;
    const record = await this.records.read(recordKey(guildId, messageId), pinRecord);
    return record?.guildId === guildId && record.messageId === messageId ? record : null;
  }

  /**
   * Marks a pin as removed (after Discord unpinned the message); a pin not
   * in the log is left alone. The record stays in the log with who removed
   * it and when, among the newest {@link REMOVED_PINS_KEPT} removed pins of
   * its channel; older removed records are deleted.
   */
  async markRemoved(guildId: string, messageId: string, removedBy: string, now = Date.now()): Promise<void> {
    await this.migrate(guildId);
    const record = await this.records.update(recordKey(guildId, messageId), pinRecord, (current) =>
      current?.guildId === guildId && current.messageId === messageId
        ? { next: { ...current, removedBy, removedAt: now }, result: current }
        : { next: undefined, result: null },
    );
    if (!record) return;
    await this.updateIndex(guildId, record.channelId, (index) => ({
      v: 1,
      messageIds: index.messageIds.includes(messageId) ? index.messageIds : [...index.messageIds, messageId],
      removed: [...index.removed.filter((m) => m !== messageId), messageId],
    }));
  }

  private async listChannel(guildId: string, channelId: string): Promise<void> {
    const listed = await this.records.read(channelsKey(guildId), pinChannels);
    if (listed?.channelIds.includes(channelId)) return;
    await this.records.update(channelsKey(guildId), pinChannels, (current) => {
      const ids = current?.channelIds ?? [];
      return ids.includes(channelId)
        ? { next: undefined, result: undefined }
        : { next: { v: 1 as const, channelIds: [...ids, channelId] }, result: undefined };
    });
  }

  /**
   * Rewrites a channel's index under its lock (`change` returns null for no
   * change), then trims removed records beyond the bound, oldest removal first.
   */
  private async updateIndex(
    guildId: string,
    channelId: string,
    change: (index: Index) => Index | null,
  ): Promise<void> {
    const dropped = await this.records.update(indexKey(guildId, channelId), channelPinIndex, (current) => {
      const changed = change(current ?? EMPTY);
      if (!changed) return { next: undefined, result: new Set<string>() };
      const gone = new Set(changed.removed.slice(0, Math.max(0, changed.removed.length - REMOVED_PINS_KEPT)));
      const next = {
        v: 1 as const,
        messageIds: changed.messageIds.filter((m) => !gone.has(m)),
        removed: changed.removed.filter((m) => !gone.has(m)),
      };
      return { next, result: gone };
    });
    try {
      for (const m of dropped) await this.records.delete(recordKey(guildId, m));
    } catch (error) {
      // The index no longer lists them, so nobody sees them; a failed
      // delete leaves only a little garbage, not a wrong log.
      if (!(error instanceof StorageError)) throw error;
    }
  }

  /**
   * Moves the server-wide index of earlier versions into per-channel
   * indexes, keeping every record. Idempotent, so a failure half-way is
   * finished by the next call; the old index is rewritten last, keeping only
   * ids whose records are unreadable, so a repaired record can still be found.
   * Removed records are not trimmed here: the bound applies from the next
   * pin or removal in that channel.
   */
  private async migrate(guildId: string): Promise<void> {
    // No lock: nothing writes the old index any more, and every step is
    // idempotent, so replicas migrating at once reach the same end.
    const legacy = await this.records.read(legacyKey(guildId), legacyPinIndex, true);
    if (!legacy) return;
    const ids = legacy.messageIds.filter((m) => KEY_ID.test(m));
    // Ids that cannot even be keys stay in the old index, like unreadable records.
    const unreadable = legacy.messageIds.filter((m) => !KEY_ID.test(m));
    const found = await this.records.readEach(
      ids.map((m) => recordKey(guildId, m)),
      pinRecord,
    );
    const byChannel = new Map<string, PinRecord[]>();
    ids.forEach((m, i) => {
      const r = found[i] ?? null;
      // An id whose record is gone points at nothing and is dropped.
      if (r === null) return;
      if (r === BAD || r.guildId !== guildId || r.messageId !== m) unreadable.push(m);
      else {
        const list = byChannel.get(r.channelId) ?? [];
        list.push(r);
        byChannel.set(r.channelId, list);
      }
    });
    for (const [channelId, pins] of byChannel) {
      await this.listChannel(guildId, channelId);
      pins.sort((a, b) => a.pinnedAt - b.pinnedAt);
      const removed = pins.filter((p) => p.removedAt !== null);
      removed.sort((a, b) => (a.removedAt ?? 0) - (b.removedAt ?? 0));
      const add = (to: string[], from: PinRecord[]) => [
        ...from.map((p) => p.messageId).filter((m) => !to.includes(m)),
        ...to,
      ];
      await this.records.update(indexKey(guildId, channelId), channelPinIndex, (current) => {
        const index = current ?? EMPTY;
        return {
          next: {
            v: 1 as const,
            messageIds: add(index.messageIds, pins),
            removed: add(index.removed, removed),
          },
          result: undefined,
        };
      });
    }
    if (unreadable.length === 0) await this.records.delete(legacyKey(guildId));
    else if (unreadable.length < legacy.messageIds.length)
      await this.records.write(legacyKey(guildId), legacyPinIndex, { v: 1, messageIds: unreadable });
  }
}
