import { Locale } from 'discord.js';
import { z } from 'zod';

// The page's events (PageEvent of ../protocol.ts), checked before anything
// reaches the stand-in: a bad or unknown one is answered with a notice.

const snowflake = z.string().regex(/^\d{17,20}$/, 'a Discord id');
const nonce = z.string().min(1).max(100);
const locales = Object.values(Locale) as [string, ...string[]];

const actor = {
  userId: snowflake,
  locale: z.enum(locales),
  channelId: snowflake,
};

/** One option as typed, possibly a subcommand (group) with its own options. */
const typedOption = z.strictObject({
  name: z.string().min(1).max(32),
  type: z.number().int().min(1).max(11),
  value: z.union([z.string().max(6000), z.number(), z.boolean()]).optional(),
  focused: z.boolean().optional(),
  get options() {
    return z.array(typedOption).max(25).optional();
  },
});

export type CheckedOption = z.infer<typeof typedOption>;

const pageEvent = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('command'),
    nonce,
    ...actor,
    name: z.string().min(1).max(32),
    options: z.array(typedOption).max(25),
    display: z.string().max(8000),
  }),
  z.strictObject({
    type: z.literal('autocomplete'),
    nonce,
    ...actor,
    name: z.string().min(1).max(32),
    options: z.array(typedOption).max(25),
  }),
  z.strictObject({
    type: z.literal('component'),
    nonce,
    ...actor,
    messageId: snowflake,
    customId: z.string().min(1).max(100),
    componentType: z.union([z.literal(2), z.literal(3)]),
    values: z.array(z.string().max(100)).max(25).optional(),
  }),
  z.strictObject({ type: z.literal('dismiss'), messageId: snowflake }),
]);

export type CheckedEvent = z.infer<typeof pageEvent>;

/** A page event, or what is wrong with it, in one line for a notice. */
export function parsePageEvent(
  raw: string,
): { event: CheckedEvent } | { problem: string; nonce: string | null } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { problem: 'That was not JSON.', nonce: null };
  }
  const given =
    typeof json === 'object' && json !== null && typeof (json as { nonce?: unknown }).nonce === 'string'
      ? (json as { nonce: string }).nonce.slice(0, 100)
      : null;
  const result = pageEvent.safeParse(json);
  if (result.success) return { event: result.data };
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
  return {
    problem: `The playground could not read that event${where}: ${issue?.message ?? 'invalid'}.`,
    nonce: given,
  };
}
