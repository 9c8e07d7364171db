import { embedLength } from 'discord.js';
import { pino } from 'pino';
import { PostCooldown } from '../src/bot/cooldown.js';
import { expect } from 'vitest';
import { decode, type Action, type Decoded } from '../src/bot/custom-id.js';
import { LIMITS } from '../src/bot/limits.js';
import {
  UserFacingError,
  type BotContext,
  type CommandInput,
  type ComponentInput,
  type InteractionInput,
  type Payload,
  type Response,
} from '../src/bot/types.js';
import { createTranslations } from '../src/i18n/index.js';
import { openStore } from '../src/storage/store.js';
import { bundledRoom, tempDir } from './helpers.js';

/** What handlers get in production: the bundled library, the real locales, a fresh SQLite store. */
export async function testContext(): Promise<BotContext> {
  return {
    room: bundledRoom(),
    translations: await createTranslations(),
    store: await openStore(undefined, tempDir()),
    log: pino({ level: 'silent' }),
    cooldown: new PostCooldown(),
  };
}

/** The message of a handler's response; fails the test for choices or an unpin. */
export function payloadOf(r: Response): Payload {
  if (r.kind === 'choices' || r.kind === 'unpin') throw new Error('not a message');
  return r.payload;
}

/** Every limit and safety rule a payload must keep, whatever it says. */
export function expectSafe(p: Payload): void {
  expect(p.allowedMentions.parse).toEqual([]);
  expect((p.content ?? '').length).toBeLessThanOrEqual(LIMITS.content);
  expect((p.embeds ?? []).reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(LIMITS.embedsTotal);
  expect((p.components ?? []).length).toBeLessThanOrEqual(LIMITS.rows);
  for (const row of p.components ?? []) {
    for (const c of row.components)
      if ('custom_id' in c) expect(c.custom_id.length).toBeLessThanOrEqual(LIMITS.customId);
  }
}

/** Every custom id of a payload's components. */
export const customIds = (p: Payload): string[] =>
  (p.components ?? []).flatMap((row) =>
    row.components.flatMap((c) => ('custom_id' in c ? [c.custom_id] : [])),
  );

/** Every custom id of a payload, decoded; fails the test on one the codec cannot read. */
export function decodedIds(p: Payload): Decoded[] {
  return customIds(p).map((id) => {
    const decoded = decode(id);
    if (decoded === null) throw new Error(`the codec cannot read ${id}`);
    return decoded;
  });
}

/** The first component id of a payload with this action (and matching `where`); fails the test if none. */
export function idOf<A extends Action>(
  p: Payload,
  action: A,
  where: (id: Decoded<A>) => boolean = () => true,
): Decoded<A> {
  // Checked by its action: the type of one action's ids is not one TypeScript can narrow to generically.
  const found = decodedIds(p).find((d) => d.action === action && where(d as unknown as Decoded<A>));
  if (!found) throw new Error(`no ${action} component in ${JSON.stringify(customIds(p))}`);
  return found as unknown as Decoded<A>;
}

/**
 * A click on a component, as the adapter hands it to a handler: the custom id
 * decoded (from a string as the views encode it, or already decoded).
 */
export function click<A extends Action>(
  from: InteractionInput,
  id: Decoded<A> | string,
  values: readonly string[] = [],
): ComponentInput<A> {
  const decoded = typeof id === 'string' ? decode(id) : id;
  if (decoded === null) throw new Error(`the codec cannot read ${JSON.stringify(id)}`);
  // The handler checks the action it gets; a test may hand it any on purpose.
  return { ...from, id: decoded as unknown as Decoded<A>, values };
}

/** The UserFacingError a handler refused with; fails the test if it did not refuse. */
export async function refusalOf(p: Promise<unknown>): Promise<UserFacingError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserFacingError);
  return error as UserFacingError;
}

/**
 * A maker of members, each in a fresh server and channel so that tests never
 * share a pin log or a notebook; ids come from the test file's own counter.
 */
export function membersFrom(
  id: () => string,
  defaults: Pick<CommandInput, 'memberPermissions' | 'appPermissions'>,
): (over?: Partial<CommandInput>) => CommandInput {
  return (over = {}) => ({
    userId: id(),
    guildId: id(),
    channelId: id(),
    locale: 'en-US',
    options: {},
    ...defaults,
    ...over,
  });
}
