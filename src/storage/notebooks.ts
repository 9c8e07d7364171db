import { NOTEBOOK_LIMIT } from './limits.js';
import type { Records } from './records.js';
import { notebookRecord, type NotebookEntry } from './schemas.js';

// Keys:
//   notebook:<scope>   a whole notebook, one record, so that an entry is written in one durable step
// The list stays one record (rather than a hash or rows per entry) so that an
// export reads one consistent notebook in one read, on every backend.

/** What adding to a notebook did, and how many entries it has now. */
export type NotebookAdd =
  | { readonly kind: 'added'; readonly count: number }
  /** The entry was there; its note is now the new one. */
  | { readonly kind: 'updated'; readonly count: number }
  /** The entry was there and no note was given: nothing changed. */
  | { readonly kind: 'unchanged'; readonly count: number }
  /** The notebook holds {@link NOTEBOOK_LIMIT} entries already: nothing changed. */
  | { readonly kind: 'full'; readonly count: number }
  /** The entry is someone else's and the caller may not change its note: nothing changed. */
  | { readonly kind: 'forbidden'; readonly count: number };

/** What removing from a notebook did. */
export type NotebookRemove =
  | { readonly kind: 'removed'; readonly entry: NotebookEntry }
  | { readonly kind: 'missing' }
  /** The entry is someone else's and the caller may not remove it: nothing changed. */
  | { readonly kind: 'forbidden'; readonly entry: NotebookEntry };

/**
 * Who may change an entry someone else added: the caller's id and whether
 * they may change anyone's (Manage Messages). Without it, anyone may.
 */
export interface NotebookActor {
  readonly userId: string;
  readonly mayChangeOthers: boolean;
}

/**
 * The notebooks of channels and threads. `scope` is the server id (or "dm")
 * and the channel id, so that threads get their own.
 *
 * A change reads the notebook, decides, and writes it back in one
 * compare-and-set (`Records.update`), the rule of who may change an entry
 * included, so that concurrent changes from any number of processes all
 * land and a rule is never checked against a notebook that has since changed.
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
   * notebook" never erases what someone wrote. A new note on someone else's
   * entry needs `actor.mayChangeOthers`. A notebook that is there but does
   * not validate is refused with a StorageError, never overwritten.
   */
  async add(scope: string, entry: NotebookEntry, actor?: NotebookActor): Promise<NotebookAdd> {
    return this.change<NotebookAdd>(scope, (entries) => {
      const at = entries.findIndex((e) => e.citation === entry.citation);
      const existing = entries[at];
      const count = entries.length;
      if (existing) {
        if (entry.note === null || entry.note === existing.note) return same({ kind: 'unchanged', count });
        if (actor && existing.addedBy !== actor.userId && !actor.mayChangeOthers)
          return same({ kind: 'forbidden', count });
        const next = entries.map((e, i) => (i === at ? { ...existing, note: entry.note } : e));
        return { next, result: { kind: 'updated', count } };
      }
      if (count >= NOTEBOOK_LIMIT) return same({ kind: 'full', count });
      return { next: [...entries, entry], result: { kind: 'added', count: count + 1 } };
    });
  }

  /**
   * Removes a citation from a notebook, if `actor` added it or may change
   * anyone's. Refuses an unreadable notebook like {@link add}.
   */
  async remove(scope: string, citation: string, actor?: NotebookActor): Promise<NotebookRemove> {
    return this.change<NotebookRemove>(scope, (entries) => {
      const entry = entries.find((e) => e.citation === citation);
      if (!entry) return same({ kind: 'missing' });
      if (actor && entry.addedBy !== actor.userId && !actor.mayChangeOthers)
        return same({ kind: 'forbidden', entry });
      return { next: entries.filter((e) => e !== entry), result: { kind: 'removed', entry } };
    });
  }

  private change<R>(
    scope: string,
    decide: (entries: NotebookEntry[]) => { next: NotebookEntry[] | undefined; result: R },
  ): Promise<R> {
    return this.records.update(key(scope), notebookRecord, (current) => {
      const { next, result } = decide(current?.entries ?? []);
      return { next: next && { v: 1 as const, entries: next }, result };
    });
  }
}

/** A decision that writes nothing. */
const same = <R>(result: R): { next: undefined; result: R } => ({ next: undefined, result });

const key = (scope: string): string => `notebook:${scope}`;
