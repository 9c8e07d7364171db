import { z } from 'zod';
import { MAX_NOTEBOOK_NOTE, MAX_PIN_NOTE, NOTEBOOK_LIMIT } from './limits.js';
import { LANGUAGES } from '../languages.js';

/**
 * A moment as Date.now() gives it. Bounded to what a Date can hold, so that a
 * hostile record cannot make formatting throw or a session live forever.
 */
const timestamp = z.number().int().min(0).max(8.64e15);

// The shapes of stored records. Every record is validated when read and
// before it is written: ids must look like what Discord and the library
// produce, and every array has a bound, so a damaged or hostile record
// cannot make a command read without end or render someone else's data.

/** How long the results behind a search's buttons are kept. */
export const SESSION_TTL_MS = 24 * 60 * 60 * 1000;
/** The most search sessions kept per user; saving one more deletes the oldest. */
export const SESSIONS_PER_USER = 20;
/** The most hits a session stores, and so the most entries of its `contextOf`. */
export const SESSION_HITS_LIMIT = 100;
/** The most unmatched query words a session stores. */
export const UNMATCHED_LIMIT = 20;
/** The longest unmatched word a session stores; a query is at most 500 characters. */
export const UNMATCHED_WORD_LENGTH = 100;
/** Removed pins kept per channel in the pin log; older removed ones are deleted. Active pins are never dropped. */
export const REMOVED_PINS_KEPT = 100;
/**
 * The most records one channel's pin index lists. Discord allows 250 active
 * pins per channel and removed ones are trimmed to {@link REMOVED_PINS_KEPT},
 * but pins unpinned in Discord's own menu stay active in the log, so the
 * bound is generous.
 */
export const PIN_INDEX_LIMIT = 5000;
/** The most channels (threads included) of one server that have pins. */
export const PIN_CHANNELS_LIMIT = 10_000;
/** The server-wide pin index of earlier versions, read only to migrate it. */
export const LEGACY_PIN_INDEX_LIMIT = 1_000_000;

/** A Discord id (user, server, channel, message). */
export const SNOWFLAKE = /^\d{17,20}$/;
/** A citation id, `<document id>:<paragraph>`. */
export const CITATION = /^[a-z0-9-]+:\d+$/;
/** A session key as it appears in custom ids. */
export const SESSION_KEY = /^[\w-]{1,16}$/;

const snowflake = z.string().regex(SNOWFLAKE, 'not a Discord id');
const citation = z.string().regex(CITATION, 'not a citation id');

export const userRecord = z.strictObject({ v: z.literal(1), language: z.enum(LANGUAGES) });
export const guildRecord = z.strictObject({
  v: z.literal(1),
  language: z.enum(LANGUAGES).nullable(),
  // Records written before content warnings existed have none: on, the default.
  contentWarnings: z.boolean().default(true),
});

export const sessionRecord = z.strictObject({
  v: z.literal(1),
  userId: snowflake,
  query: z.string().max(500),
  filters: z.strictObject({
    documents: z
      .array(z.string().regex(/^[a-z0-9-]{1,100}$/))
      .max(50)
      .optional(),
    languages: z.array(z.enum(LANGUAGES)).max(LANGUAGES.length).optional(),
  }),
  hitIds: z.array(citation).max(SESSION_HITS_LIMIT),
  total: z.number().int().nonnegative(),
  // Sessions saved before this field existed have none: the summary then uses `total`.
  direct: z.number().int().nonnegative().optional(),
  // The two below came later still; a session without them is read as before.
  // Which stored hit is shown as context of which other passage: hit -> passage.
  contextOf: z
    .record(citation, citation)
    .refine((o) => Object.keys(o).length <= SESSION_HITS_LIMIT, {
      message: `more than ${SESSION_HITS_LIMIT} entries`,
    })
    .optional(),
  // The query's words that matched nothing, for the "no match for …" line.
  unmatched: z.array(z.string().max(UNMATCHED_WORD_LENGTH)).max(UNMATCHED_LIMIT).optional(),
  createdAt: timestamp,
});
/** A user's newest sessions, oldest first, so that the oldest can be deleted. */
export const sessionIndex = z.strictObject({
  v: z.literal(1),
  sessions: z
    .array(z.strictObject({ key: z.string().regex(SESSION_KEY), createdAt: timestamp }))
    .max(SESSIONS_PER_USER),
});

export const pinRecord = z.strictObject({
  v: z.literal(1),
  guildId: snowflake,
  channelId: snowflake,
  messageId: snowflake,
  citation,
  pinnedBy: snowflake,
  pinnedAt: timestamp,
  note: z.string().max(MAX_PIN_NOTE).nullable(),
  removedBy: snowflake.nullable(),
  removedAt: timestamp.nullable(),
});
/**
 * One channel's pin log, `pins:<guild>:<channel>`: every message id in the
 * order pinned, and the removed ones in the order removed, oldest first, so
 * that trimming needs no record reads.
 */
export const channelPinIndex = z.strictObject({
  v: z.literal(1),
  messageIds: z.array(snowflake).max(PIN_INDEX_LIMIT),
  removed: z.array(snowflake).max(PIN_INDEX_LIMIT),
});
/** The channels of a server that have pins, `pinchannels:<guild>`. */
export const pinChannels = z.strictObject({
  v: z.literal(1),
  channelIds: z.array(snowflake).max(PIN_CHANNELS_LIMIT),
});
/**
 * The server-wide index of earlier versions, `pins:<guild>`. Its ids are
 * checked one by one when it is migrated, so one odd id does not hide the
 * whole log.
 */
export const legacyPinIndex = z.strictObject({
  v: z.literal(1),
  messageIds: z.array(z.string()).max(LEGACY_PIN_INDEX_LIMIT),
});

export const notebookEntry = z.strictObject({
  citation,
  addedBy: snowflake,
  addedAt: timestamp,
  note: z.string().max(MAX_NOTEBOOK_NOTE).nullable(),
});
export const notebookRecord = z.strictObject({
  v: z.literal(1),
  entries: z.array(notebookEntry).max(NOTEBOOK_LIMIT),
});

/** One quote in a notebook, in the order it was added. */
export type NotebookEntry = z.infer<typeof notebookEntry>;

/** One pinned excerpt in a server's pin log. Removed pins are kept, marked. */
export type PinRecord = z.infer<typeof pinRecord>;

/** What a search's buttons need, stored so they keep working after a restart. */
export type SearchSession = z.infer<typeof sessionRecord>;
