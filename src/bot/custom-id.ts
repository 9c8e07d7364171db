import { frontMatterSchema } from '../library/schema.js';
import { CITATION, SESSION_KEY, SNOWFLAKE } from '../storage/schemas.js';
import { LIMITS } from './limits.js';

/**
 * The custom ids of the bot's buttons and menus: the one module that knows
 * their format. Views build them with {@link encode}; the adapter reads them
 * with {@link decode} and hands the handlers the decoded value. Nothing else
 * splits an id.
 *
 * An id holds only an action and what that action needs (a short session
 * key, a page, a citation), so buttons keep working after a restart and on
 * another process. Every id is `rr:<prefix>:<fields>`, at most 100
 * characters (Discord's limit):
 *
 * | id                                    | action        | what it does                                    |
 * | ------------------------------------- | ------------- | ----------------------------------------------- |
 * | `rr:p:<key>:<page>`                   | `page`        | a page of search results (Previous, Next, Back) |
 * | `rr:o:<key>`                          | `open`        | the Open menu; the passage is the value chosen  |
 * | `rr:post:<key>:<citation>`            | `post`        | post an opened passage in the channel           |
 * | `rr:ctx:<key>:<citation>`             | `context`     | the paragraphs around it                        |
 * | `rr:cite:<key>:<citation>`            | `cite`        | its references                                  |
 * | `rr:pin:<key>:<citation>`             | `pin`         | pin it                                          |
 * | `rr:nb:<key>:<citation>`              | `notebookAdd` | add it to the channel's notebook                |
 * | `rr:r:<document>:<n>`                 | `read`        | paragraph n of a document in /read              |
 * | `rr:pl:<channel or ->:<page>:<owner>` | `pins`        | a page of /pins list (`-`: the whole server)    |
 * | `rr:src:<page>`                       | `sources`     | a page of /sources                              |
 * | `rr:nbp:<page>`                       | `notebook`    | a page of /notebook show                        |
 *
 * Every part is validated: a session key is `[\w-]{1,16}`, a channel or user
 * a snowflake (17 to 20 digits), a document id as in the library's schema, a
 * citation `<document>:<n>`, a page 0 to {@link MAX_PAGE} and a paragraph 1 to
 * {@link MAX_PARAGRAPH}, written without leading zeros. Anything else decodes
 * to null, and the adapter answers "this button no longer works".
 *
 * Older versions of the bot wrote ids that are still on messages in
 * channels; they keep working, decoded as:
 * - `rr:b:<key>:<page>` (Back was its own action): as `rr:p:<key>:<page>`.
 * - `rr:o:<key>:<page>` (the menu carried its page, which was never read:
 *   an opened passage goes back to its own page): as `rr:o:<key>`.
 * - `rr:pl:<channel or ->:<page>` (before lists had an owner): owner null,
 *   so it pages the log of the channel it is clicked in, and nothing else.
 * - page `-1` and paragraph `0` (the disabled Previous button of a first
 *   page or paragraph): as page 0 and paragraph 1. {@link encode} clamps
 *   pages and paragraphs the same way, so the buttons at either end ask for
 *   the nearest one there is.
 */

/** The highest page an id can name: 50,000 pin-log entries at five a page. */
export const MAX_PAGE = 9999;
/** The highest paragraph number an id can name. */
export const MAX_PARAGRAPH = 99999;

const PREFIX = 'rr';
const SEP = ':';
/** What stands for "the whole server" in place of a channel. */
const SERVER = '-';

/** A page or paragraph number as the codec writes it: digits, no leading zero. */
const NATURAL = /^(?:0|[1-9]\d{0,5})$/;
// Keys, snowflakes and citations are what the store accepts (src/storage/schemas.ts);
// a document id is what the library accepts.
const documentId = frontMatterSchema.shape.id;

/** What each action carries besides its name. */
interface Fields {
  readonly page: { readonly key: string; readonly page: number };
  readonly open: { readonly key: string };
  readonly post: { readonly key: string; readonly citation: string };
  readonly context: { readonly key: string; readonly citation: string };
  readonly cite: { readonly key: string; readonly citation: string };
  readonly pin: { readonly key: string; readonly citation: string };
  readonly notebookAdd: { readonly key: string; readonly citation: string };
  readonly read: { readonly document: string; readonly n: number };
  /** `channel` null: the whole server's log. `owner` null: a legacy id, paging this channel only. */
  readonly pins: { readonly channel: string | null; readonly page: number; readonly owner: string | null };
  readonly sources: { readonly page: number };
  readonly notebook: { readonly page: number };
}

/** Every action a component can carry. */
export type Action = keyof Fields;

/** A decoded custom id: of one action, or (by default) of any. */
export type Decoded<A extends Action = Action> = {
  [K in A]: { readonly action: K } & Fields[K];
}[A];

/** The actions of a search's result list, all answered by one handler. */
export type SearchAction = 'page' | 'open' | 'post' | 'context' | 'cite' | 'pin' | 'notebookAdd';

// Validation of one part: the value, or null.

function isKey(s: string | undefined): s is string {
  return s !== undefined && SESSION_KEY.test(s);
}

function isSnowflake(s: string | undefined): s is string {
  return s !== undefined && SNOWFLAKE.test(s);
}

function isDocument(s: string | undefined): s is string {
  return s !== undefined && documentId.safeParse(s).success;
}

function natural(s: string | undefined, min: number, max: number): number | null {
  if (s === undefined || !NATURAL.test(s)) return null;
  const n = Number(s);
  return n >= min && n <= max ? n : null;
}

function readPage(s: string | undefined): number | null {
  // Legacy: the disabled Previous button of a first page.
  return s === '-1' ? 0 : natural(s, 0, MAX_PAGE);
}

function readParagraph(s: string | undefined): number | null {
  // Legacy: the disabled Previous button of a first paragraph.
  return s === '0' ? 1 : natural(s, 1, MAX_PARAGRAPH);
}

/** A citation from its two parts (the document and the paragraph), or null. */
function readCitation(document: string | undefined, n: string | undefined): string | null {
  if (!isDocument(document) || natural(n, 1, MAX_PARAGRAPH) === null) return null;
  const citation = `${document}${SEP}${n ?? ''}`;
  return CITATION.test(citation) ? citation : null;
}

/** Whether `citation` is one an id can carry: `<document>:<n>`. */
function isCitation(citation: string): boolean {
  const at = citation.lastIndexOf(SEP);
  return at > 0 && readCitation(citation.slice(0, at), citation.slice(at + 1)) !== null;
}

// Checks on what the views encode: a bad identifier is a bug, and a bug
// must fail loudly rather than put a dead button on a message.

function checked<V extends string>(value: V, ok: boolean, what: string): V {
  if (!ok) throw new RangeError(`not a valid ${what} for a custom id: ${JSON.stringify(value).slice(0, 80)}`);
  return value;
}

const key = (k: string): string => checked(k, isKey(k), 'session key');
const citation = (c: string): string => checked(c, isCitation(c), 'citation');
const snowflake = (s: string): string => checked(s, isSnowflake(s), 'snowflake');
const document = (d: string): string => checked(d, isDocument(d), 'document id');

/** Clamps a page or paragraph into what an id can carry. */
function clamp(n: number, min: number, max: number): number {
  if (!Number.isFinite(n)) throw new RangeError(`not a number for a custom id: ${String(n)}`);
  return Math.min(max, Math.max(min, Math.trunc(n)));
}

/** How each action is written and read; `read` gets the parts after the prefix. */
interface Codec<A extends Action> {
  /** The prefix after `rr:`. */
  readonly prefix: string;
  readonly write: (id: Decoded<A>) => readonly (string | number)[];
  readonly read: (parts: readonly string[]) => Decoded<A> | null;
}

/** An action on a session and a citation (`rr:<prefix>:<key>:<document>:<n>`). */
function onCitation<A extends 'post' | 'context' | 'cite' | 'pin' | 'notebookAdd'>(
  action: A,
  prefix: string,
): Codec<A> {
  return {
    prefix,
    write: (id) => [key(id.key), citation(id.citation)],
    read: (parts) => {
      const [k, d, n, ...rest] = parts;
      const c = readCitation(d, n);
      if (rest.length > 0 || !isKey(k) || c === null) return null;
      return { action, key: k, citation: c };
    },
  };
}

/** A page with nothing else (`rr:<prefix>:<page>`). */
function onPage<A extends 'sources' | 'notebook'>(action: A, prefix: string): Codec<A> {
  return {
    prefix,
    write: (id) => [clamp(id.page, 0, MAX_PAGE)],
    read: (parts) => {
      const [p, ...rest] = parts;
      const page = readPage(p);
      if (rest.length > 0 || page === null) return null;
      return { action, page };
    },
  };
}

/** The codec of every action: the one table of the format. */
const CODECS: { readonly [A in Action]: Codec<A> } = {
  page: {
    prefix: 'p',
    write: (id) => [key(id.key), clamp(id.page, 0, MAX_PAGE)],
    read: ([k, p, ...rest]) => {
      const page = readPage(p);
      return rest.length === 0 && isKey(k) && page !== null ? { action: 'page', key: k, page } : null;
    },
  },
  open: {
    prefix: 'o',
    write: (id) => [key(id.key)],
    // Legacy: a page after the key, never read.
    read: ([k, p, ...rest]) =>
      rest.length === 0 && isKey(k) && (p === undefined || readPage(p) !== null)
        ? { action: 'open', key: k }
        : null,
  },
  post: onCitation('post', 'post'),
  context: onCitation('context', 'ctx'),
  cite: onCitation('cite', 'cite'),
  pin: onCitation('pin', 'pin'),
  notebookAdd: onCitation('notebookAdd', 'nb'),
  read: {
    prefix: 'r',
    write: (id) => [document(id.document), clamp(id.n, 1, MAX_PARAGRAPH)],
    read: ([d, p, ...rest]) => {
      const n = readParagraph(p);
      return rest.length === 0 && isDocument(d) && n !== null ? { action: 'read', document: d, n } : null;
    },
  },
  pins: {
    prefix: 'pl',
    write: (id) => [
      id.channel === null ? SERVER : snowflake(id.channel),
      clamp(id.page, 0, MAX_PAGE),
      // Owner null is the legacy form; it is written only to round-trip.
      ...(id.owner === null ? [] : [snowflake(id.owner)]),
    ],
    read: ([c, p, owner, ...rest]) => {
      const page = readPage(p);
      if (rest.length > 0 || page === null || (c !== SERVER && !isSnowflake(c))) return null;
      if (owner !== undefined && !isSnowflake(owner)) return null;
      return { action: 'pins', channel: c === SERVER ? null : c, page, owner: owner ?? null };
    },
  },
  sources: onPage('sources', 'src'),
  notebook: onPage('notebook', 'nbp'),
};

/** Every action, in the table's order. */
export const ACTIONS = Object.keys(CODECS) as readonly Action[];

/** Prefixes of older versions, read as a current action. */
const LEGACY_PREFIXES: Readonly<Record<string, Action>> = { b: 'page' };

const BY_PREFIX = new Map<string, Action>([
  ...ACTIONS.map((a) => [CODECS[a].prefix, a] as const),
  ...Object.entries(LEGACY_PREFIXES),
]);

/** The custom id of a decoded value; throws on an identifier no id may carry. */
export function format<A extends Action>(id: Decoded<A>): string {
  const codec: Codec<A> = CODECS[id.action];
  const out = [PREFIX, codec.prefix, ...codec.write(id)].join(SEP);
  if (out.length > LIMITS.customId) throw new RangeError(`custom id over ${LIMITS.customId}: ${out}`);
  return out;
}

/**
 * A custom id read back, validated part by part; null for anything the bot
 * did not write (garbage, a truncated id, a button of another version).
 * Never throws.
 */
export function decode(id: string): Decoded | null {
  if (typeof id !== 'string' || id.length > LIMITS.customId) return null;
  const [rr, prefix, ...parts] = id.split(SEP);
  if (rr !== PREFIX || prefix === undefined) return null;
  const action = BY_PREFIX.get(prefix);
  return action === undefined ? null : CODECS[action].read(parts);
}

/** The custom ids the views put on their components, one function per action. */
export const encode = {
  page: (key: string, page: number): string => format({ action: 'page', key, page }),
  open: (key: string): string => format({ action: 'open', key }),
  post: (key: string, citation: string): string => format({ action: 'post', key, citation }),
  context: (key: string, citation: string): string => format({ action: 'context', key, citation }),
  cite: (key: string, citation: string): string => format({ action: 'cite', key, citation }),
  pin: (key: string, citation: string): string => format({ action: 'pin', key, citation }),
  notebookAdd: (key: string, citation: string): string => format({ action: 'notebookAdd', key, citation }),
  read: (document: string, n: number): string => format({ action: 'read', document, n }),
  /** Pages of /pins list: the server comes with the click; the owner pages other channels' logs. */
  pins: (channel: string | null, page: number, owner: string): string =>
    format({ action: 'pins', channel, page, owner }),
  /** Pages of /sources: stateless. */
  sources: (page: number): string => format({ action: 'sources', page }),
  /** Pages of /notebook show: stateless, the channel comes with the click. */
  notebook: (page: number): string => format({ action: 'notebook', page }),
} as const satisfies { readonly [A in Action]: (...args: never[]) => string };
