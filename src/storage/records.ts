import type { Deserialize, DeserializedData, Keyv } from 'keyv';
import type { z } from 'zod';
import type { Cells } from './cells.js';
import { withDeadline } from './deadline.js';
import { LocalLocks } from './local-locks.js';

/** The storage failed (database down, disk full): callers tell the user, nothing is lost. */
export class StorageError extends Error {
  constructor(cause: unknown) {
    super('storage is unavailable', { cause });
    this.name = 'StorageError';
  }
}

/** Something to report a bad stored record to; the logger in production. */
export type OnBadRecord = (key: string, issue: string) => void;

/** A stored value that is not what keyv writes (not JSON, or JSON without keyv's envelope). */
export class UnreadableValue {
  constructor(readonly issue: string) {}
}

/**
 * Wraps keyv's deserializer so that a value it cannot read becomes an
 * {@link UnreadableValue} instead of an exception. keyv's own `get` throws on
 * a non-JSON value, which would make that key fail every time (a notebook
 * "unavailable" forever); and it reads JSON without its envelope as absent,
 * which would let the next write overwrite it.
 */
function tolerant(base: Deserialize): Deserialize {
  return async <Value>(data: string): Promise<DeserializedData<Value> | undefined> => {
    let parsed: unknown;
    try {
      parsed = await base<Value>(data);
    } catch {
      return unreadable<Value>('not JSON');
    }
    if (parsed === null || parsed === undefined) return undefined;
    if (typeof parsed === 'object' && !Array.isArray(parsed) && 'value' in parsed)
      return parsed as DeserializedData<Value>;
    return unreadable<Value>('not a keyv record');
  };
}

function unreadable<Value>(issue: string): DeserializedData<Value> {
  // The marker travels through keyv as the value; only `Records.read` looks at it.
  return { value: new UnreadableValue(issue) as Value };
}

/**
 * `value` if it matches `schema`; else a TypeError: a caller bug, not an
 * outage, so not a StorageError that would be mistaken for one.
 */
export function validated<S extends z.ZodType>(key: string, schema: S, value: z.input<S>): z.infer<S> {
  const checked = schema.safeParse(value);
  if (!checked.success) throw new TypeError(`refusing to store an invalid ${key}: ${checked.error.message}`);
  return checked.data;
}

/** What {@link Records.readEach} returns for a record that is there but does not validate. */
export const BAD = Symbol('bad record');

/** Keys per multi-get: one query each, so one deadline covers a bounded amount of work. */
const READ_CHUNK = 500;

/**
 * What a change of {@link Records.update} decides: `next` is the record to
 * write, null to delete it, undefined to leave it; `result` is returned.
 */
export interface Change<V, R> {
  readonly next: V | null | undefined;
  readonly result: R;
}

/** How a record that is there but does not validate is treated by {@link Records.update}. */
export type OnBad = 'refuse' | 'replace';

/** The most tries of one {@link Records.update} that keeps losing the race; each retry re-reads. */
const UPDATE_TRIES = 50;

/** A random wait before retry `n`, growing, so that racing writers spread out. */
const backoff = (n: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 + 2 * n, 40)));

/**
 * The one place that talks to keyv: a deadline on every call, and validation
 * on read and write. Shared by every repository of a store; internal to the
 * storage folder. Locking is not its business: see locks.ts.
 */
export class Records {
  private closed = false;
  /**
   * Updates of one key from this process queue here, so that only other
   * processes can race them: without it, hundreds of clicks at once on one
   * notebook would mostly lose to each other and run out of tries.
   */
  private readonly queue = new LocalLocks();

  constructor(
    private readonly keyv: Keyv,
    private readonly cells: Cells,
    private readonly onBadRecord: OnBadRecord,
    private readonly deadlineMs: number,
  ) {
    if (keyv.deserialize) keyv.deserialize = tolerant(keyv.deserialize);
  }

  /**
   * Read-modify-write of one record, atomic across processes: reads it,
   * lets `change` decide (synchronously, from the record alone), and writes
   * the result only if nobody changed the record meanwhile; otherwise reads
   * again and retries, up to {@link UPDATE_TRIES} times. A record that does
   * not validate is refused with a StorageError (`onBad: 'refuse'`, for
   * records whose loss would lose data) or treated as absent (`'replace'`,
   * for indexes of disposable things). `ttl`: milliseconds until the written
   * record expires.
   */
  async update<S extends z.ZodType, R>(
    key: string,
    schema: S,
    change: (current: z.infer<S> | null) => Change<z.input<S>, R>,
    options: { readonly onBad?: OnBad; readonly ttl?: number } = {},
  ): Promise<R> {
    const stored = this.stored(key);
    return this.queue.withLock(stored, () => this.race(key, stored, schema, change, options));
  }

  private async race<S extends z.ZodType, R>(
    key: string,
    stored: string,
    schema: S,
    change: (current: z.infer<S> | null) => Change<z.input<S>, R>,
    options: { readonly onBad?: OnBad; readonly ttl?: number },
  ): Promise<R> {
    for (let tries = 1; ; tries++) {
      const raw = await this.call(() => this.cells.read(stored));
      const decided = change(await this.decode(key, raw, schema, options.onBad ?? 'refuse'));
      if (decided.next === undefined) return decided.result;
      const next =
        decided.next === null ? undefined : await this.encode(key, schema, decided.next, options.ttl);
      if (await this.call(() => this.cells.swap(stored, raw, next, options.ttl))) return decided.result;
      if (tries >= UPDATE_TRIES)
        throw new StorageError(new Error(`${key} kept changing under ${tries} tries to update it`));
      await backoff(tries);
    }
  }

  /**
   * Writes a record only where there is none, in one step on the backend;
   * false, writing nothing, when the key is taken (even by an expired record
   * not yet swept).
   */
  async create<S extends z.ZodType>(
    key: string,
    schema: S,
    value: z.input<S>,
    ttl?: number,
  ): Promise<boolean> {
    const next = await this.encode(key, schema, value, ttl);
    return this.call(() => this.cells.swap(this.stored(key), undefined, next, ttl));
  }

  /** The key as keyv stores it. */
  private stored(key: string): string {
    return this.keyv.namespace ? `${this.keyv.namespace}:${key}` : key;
  }

  private async decode<S extends z.ZodType>(
    key: string,
    raw: string | undefined,
    schema: S,
    onBad: OnBad,
  ): Promise<z.infer<S> | null> {
    if (raw === undefined) return null;
    const data = this.keyv.deserialize ? await this.keyv.deserialize<unknown>(raw) : undefined;
    // Expired but not yet deleted (SQLite, PostgreSQL): absent, as keyv's get would say.
    if (data && typeof data.expires === 'number' && data.expires < Date.now()) return null;
    const record = this.check(key, data?.value, schema);
    if (record !== BAD) return record;
    if (onBad === 'refuse') throw new StorageError(new Error(`${key} does not validate; not overwriting it`));
    return null;
  }

  private async encode<S extends z.ZodType>(
    key: string,
    schema: S,
    value: z.input<S>,
    ttl: number | undefined,
  ): Promise<string> {
    const envelope = {
      value: validated(key, schema, value),
      expires: ttl === undefined ? undefined : Date.now() + ttl,
    };
    if (!this.keyv.serialize) throw new TypeError('the store needs a serializing keyv');
    return this.keyv.serialize(envelope);
  }

  /**
   * Reads and validates a record; one that does not validate (or is not
   * even JSON) is reported and counts as absent. `forUpdate`: the record is
   * about to be rewritten, so a bad one is an error instead, since treating
   * it as absent would overwrite, and so lose, everything in it.
   */
  async read<S extends z.ZodType>(key: string, schema: S, forUpdate = false): Promise<z.infer<S> | null> {
    const record = this.check(key, await this.call(() => this.keyv.get(key)), schema);
    if (record !== BAD) return record;
    if (forUpdate) throw new StorageError(new Error(`${key} does not validate; not overwriting it`));
    return null;
  }

  private check<S extends z.ZodType>(key: string, raw: unknown, schema: S): z.infer<S> | null | typeof BAD {
    if (raw === undefined || raw === null) return null;
    let issue: string;
    if (raw instanceof UnreadableValue) issue = raw.issue;
    else {
      const parsed = schema.safeParse(raw);
      if (parsed.success) return parsed.data;
      issue = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    }
    this.onBadRecord(key, issue);
    return BAD;
  }

  /**
   * Reads many records in one round trip per chunk, validating each like
   * {@link read}; a bad one is reported and comes back as null.
   */
  async readMany<S extends z.ZodType>(keys: readonly string[], schema: S): Promise<(z.infer<S> | null)[]> {
    return (await this.readEach(keys, schema)).map((r) => (r === BAD ? null : r));
  }

  /**
   * Reads two records of different shapes in one round trip, validating
   * each like {@link read}: a bad one is reported and comes back as null.
   */
  async readTwo<A extends z.ZodType, B extends z.ZodType>(
    [keyA, schemaA]: readonly [string, A],
    [keyB, schemaB]: readonly [string, B],
  ): Promise<[z.infer<A> | null, z.infer<B> | null]> {
    const [rawA, rawB]: unknown[] = await this.call(() => this.keyv.getMany([keyA, keyB]));
    const a = this.check(keyA, rawA, schemaA);
    const b = this.check(keyB, rawB, schemaB);
    return [a === BAD ? null : a, b === BAD ? null : b];
  }

  /** Like {@link readMany}, but tells a bad record (`BAD`) from an absent one (null). */
  async readEach<S extends z.ZodType>(
    keys: readonly string[],
    schema: S,
  ): Promise<(z.infer<S> | null | typeof BAD)[]> {
    const out: (z.infer<S> | null | typeof BAD)[] = [];
    for (let at = 0; at < keys.length; at += READ_CHUNK) {
      const chunk = keys.slice(at, at + READ_CHUNK);
      const raws: unknown[] = await this.call(() => this.keyv.getMany(chunk));
      chunk.forEach((key, i) => out.push(this.check(key, raws[i], schema)));
    }
    return out;
  }

  /** Reports a record that validates but contradicts where it is stored. */
  report(key: string, issue: string): void {
    this.onBadRecord(key, issue);
  }

  /** Writes a record after validating it: what cannot be read back is never stored. */
  async write<S extends z.ZodType>(key: string, schema: S, value: z.input<S>, ttl?: number): Promise<void> {
    const checked = validated(key, schema, value);
    const ok = await this.call(() => this.keyv.set(key, checked, ttl));
    if (!ok) throw new StorageError(new Error(`write of ${key} was refused`));
  }

  /** Deletes a record; deleting one that is not there is not an error. */
  async delete(key: string): Promise<void> {
    await this.call(() => this.keyv.delete(key));
  }

  /** Runs `fn` with the store's deadline; any failure or a late answer is a StorageError. */
  async call<R>(fn: () => Promise<R>): Promise<R> {
    if (this.closed) throw new StorageError(new Error('the store is closed'));
    try {
      return await withDeadline(fn(), this.deadlineMs);
    } catch (error) {
      throw new StorageError(error);
    }
  }

  /** From now on every call fails: a closed adapter could otherwise reconnect by itself. */
  markClosed(): void {
    this.closed = true;
  }
}
