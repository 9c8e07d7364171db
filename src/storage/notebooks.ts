import { NOTEBOOK_LIMIT } from './limits.js';
import type { Records } from './records.js';
import { notebookRecord, type NotebookEntry } from './schemas.js';

// Keys:
//   notebook:<scope>   a whole notebook, one record, so that an entry is written in one durable step

/** What adding to a notebook did, and how many entries it has now. */
export type NotebookAdd =
  | { readonly kind: 'added'; readonly count: number }
  /** The entry was there; its note is now the new one. */
  | { readonly kind: 'updated'; readonly count: number }
  /** The entry was there and no note was given: nothing changed. */
  | { readonly kind: 'unchanged'; readonly count: number }
  /** The notebook holds {@link NOTEBOOK_LIMIT} entries already: nothing changed. */
  | { readonly kind: 'full'; readonly count: number };

/**
 * The notebooks of channels and threads. `scope` is the server id (or "dm")
 * and the channel id, so that threads get their own.
 *
 * Adding and removing read the notebook and write it back, and the store
 * takes no lock for it: the caller holds `notebook:<scope>` in the store's
 * locks around its own check (who may change a note) and the write, and a
 * lock taken here as well on that key would wait for the caller forever.
 */
export class NotebookRepository {
  /** @internal Made by the store, over its records. */
  constructor(private readonly records: Records) {}

  /** A notebook, oldest entry first; empty when there is none or it is unreadable (which is reported). */
  async list(scope: string): Promise<NotebookEntry[]> {
    return (await this.records.read(key(scope), notebookRecord))?.entries ?? [];
  }

  /**
   * Adds a citation to a notebook. If it is already there, a new note
   * replaces the old one and no note leaves it as it was: a click on "Add to
   * notebook" never erases what someone wrote. A notebook that is there but
   * does not validate is refused with a StorageError, never overwritten.
   */
  async add(scope: string, entry: NotebookEntry): Promise<NotebookAdd> {
    const entries = await this.forUpdate(scope);
    const at = entries.findIndex((e) => e.citation === entry.citation);
    const existing = entries[at];
    if (existing) {
      if (entry.note === null || entry.note === existing.note)
        return { kind: 'unchanged', count: entries.length };
      entries[at] = { ...existing, note: entry.note };
      await this.write(scope, entries);
      return { kind: 'updated', count: entries.length };
    }
    if (entries.length >= NOTEBOOK_LIMIT) return { kind: 'full', count: entries.length };
    entries.push(entry);
    await this.write(scope, entries);
    return { kind: 'added', count: entries.length };
  }

  /**
   * Removes a citation from a notebook; returns the removed entry, or null
   * if it was not there. Refuses an unreadable notebook like {@link add}.
   */
  async remove(scope: string, citation: string): Promise<NotebookEntry | null> {
    const entries = await this.forUpdate(scope);
    const removed = entries.find((e) => e.citation === citation) ?? null;
    if (removed)
      await this.write(
        scope,
        entries.filter((e) => e !== removed),
      );
    return removed;
  }

  /** The notebook before a write: a record that does not validate is never overwritten. */
  private async forUpdate(scope: string): Promise<NotebookEntry[]> {
    return (await this.records.read(key(scope), notebookRecord, true))?.entries ?? [];
  }

  private async write(scope: string, entries: NotebookEntry[]): Promise<void> {
    await this.records.write(key(scope), notebookRecord, { v: 1, entries });
  }
}

const key = (scope: string): string => `notebook:${scope}`;
