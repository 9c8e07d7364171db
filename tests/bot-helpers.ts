import { embedLength } from 'discord.js';
import { pino } from 'pino';
import { PostCooldown } from '../src/bot/cooldown.js';
import { expect } from 'vitest';
import { resolveAudience } from '../src/bot/audience.js';
import { decode, format, type Action, type Decoded } from '../src/bot/custom-id.js';
import {
  answerAutocomplete,
  planCommand,
  planComponent,
  planMessageCommand,
  type Plan,
} from '../src/bot/dispatch.js';
import { LIMITS } from '../src/bot/limits.js';
import { registry } from '../src/bot/registry.js';
import {
  UserFacingError,
  type BotContext,
  type Choice,
  type DiscordPort,
  type InteractionInput,
  type OptionValue,
  type Payload,
  type PostedMessage,
  type RawComponent,
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

/** The message of a handler's response. */
export function payloadOf(r: Response): Payload {
  return r.payload;
}

let nextMessageId = 100_000_000_000_000_000n;

/**
 * The port in memory: what a handler posted, pinned, unpinned and withdrew,
 * in order. Message ids are snowflakes, as the store requires. A test can
 * make Discord refuse a pin or report an unpinned message gone.
 */
export class MemoryPort implements DiscordPort {
  readonly calls: (
    | { readonly op: 'post'; readonly id: string; readonly payload: Payload }
    | { readonly op: 'pin' | 'unpin' | 'withdraw'; readonly channelId: string; readonly messageId: string }
  )[] = [];
  /** Thrown by the next pin, when set. */
  pinError: unknown = null;
  /** What unpinning answers. */
  unpinAnswer: 'unpinned' | 'gone' | Error = 'unpinned';

  readonly post = (payload: Payload): Promise<PostedMessage> => {
    // One counter for every port: two ports in one server never hand out one message id twice.
    const id = String(nextMessageId++);
    this.calls.push({ op: 'post', id, payload });
    return Promise.resolve({
      id,
      withdraw: () => {
        this.calls.push({ op: 'withdraw', channelId: '', messageId: id });
        return Promise.resolve();
      },
    });
  };

  readonly pin = (channelId: string, messageId: string): Promise<void> => {
    this.calls.push({ op: 'pin', channelId, messageId });
    const error = this.pinError;
    this.pinError = null;
    return error === null
      ? Promise.resolve()
      : Promise.reject(error instanceof Error ? error : new Error('pin refused'));
  };

  readonly unpin = (channelId: string, messageId: string): Promise<'unpinned' | 'gone'> => {
    this.calls.push({ op: 'unpin', channelId, messageId });
    const answer = this.unpinAnswer;
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  };

  /** The operations in order, e.g. ['post', 'pin']. */
  get ops(): string[] {
    return this.calls.map((c) => c.op);
  }

  /** The messages posted, in order. */
  get posted(): { id: string; payload: Payload }[] {
    return this.calls.flatMap((c) => (c.op === 'post' ? [{ id: c.id, payload: c.payload }] : []));
  }
}

/** A command as a test writes it: an interaction with options by registered name. */
export interface TestCommand extends InteractionInput {
  readonly subcommand?: string | null;
  readonly options: Readonly<Record<string, OptionValue | undefined>>;
  readonly channelPermissions?: Readonly<Record<string, bigint>>;
  readonly privateThreads?: readonly string[];
}

/** A click as a test writes it: the id decoded (see {@link click}). */
export interface TestClick extends InteractionInput {
  readonly id: Decoded;
  readonly values?: readonly string[];
  readonly messageIsPublic?: boolean;
}

/** Runs a plan as the dispatcher does, without the error boundary, so a refusal throws. */
async function runPlan(
  plan: Plan,
  input: InteractionInput,
  ctx: BotContext,
  port: DiscordPort,
): Promise<Response> {
  return plan.work(await resolveAudience(ctx, input), port);
}

/** A slash command through the registry: options parsed, visibility decided, audience resolved. */
export function command(
  name: string,
  input: TestCommand,
  ctx: BotContext,
  port: DiscordPort = new MemoryPort(),
): Promise<Response> {
  return runPlan(planCommand(registry, { ...input, command: name }, ctx), input, ctx, port);
}

/** A component click through the registry, its id encoded and decoded by the codec as Discord would carry it. */
export function component(
  input: TestClick,
  ctx: BotContext,
  port: DiscordPort = new MemoryPort(),
): Promise<Response> {
  const { id, ...rest } = input;
  const raw: RawComponent = { ...rest, customId: format(id), values: input.values ?? [] };
  return runPlan(planComponent(registry, raw, ctx), input, ctx, port);
}

/** An autocomplete keystroke through the registry. */
export function autocomplete(
  name: string,
  input: InteractionInput & {
    readonly subcommand?: string | null;
    readonly focused: string;
    readonly value: string;
  },
  ctx: BotContext,
): Promise<readonly Choice[]> {
  return answerAutocomplete(registry, { ...input, command: name }, ctx);
}

const sub =
  (name: string, subcommand: string) =>
  (input: TestCommand, ctx: BotContext, port?: DiscordPort): Promise<Response> =>
    command(name, { ...input, subcommand }, ctx, port);
const cmd =
  (name: string) =>
  (input: TestCommand, ctx: BotContext, port?: DiscordPort): Promise<Response> =>
    command(name, input, ctx, port);
const choices =
  (name: string, subcommand: string | null, focused: string) =>
  (input: InteractionInput & { readonly value: string }, ctx: BotContext): Promise<readonly Choice[]> =>
    autocomplete(name, { ...input, subcommand, focused }, ctx);

/**
 * The bot's commands, components and autocompletes by the names the tests
 * use, each run through the registry and the dispatcher as the adapters run
 * them (options parsed, visibility decided, audience resolved once), with an
 * in-memory port. A refusal throws its UserFacingError.
 */
export const h = {
  search: cmd('search'),
  quote: cmd('quote'),
  cite: cmd('cite'),
  pin: cmd('pin'),
  read: cmd('read'),
  sources: cmd('sources'),
  help: cmd('help'),
  language: cmd('language'),
  settings: cmd('settings'),
  pinsList: sub('pins', 'list'),
  pinsRemove: sub('pins', 'remove'),
  notebookAdd: sub('notebook', 'add'),
  notebookShow: sub('notebook', 'show'),
  notebookRemove: sub('notebook', 'remove'),
  notebookExport: sub('notebook', 'export'),
  findSources: (
    input: InteractionInput & { readonly messageContent: string },
    ctx: BotContext,
  ): Promise<Response> =>
    runPlan(
      planMessageCommand(registry, { ...input, command: 'Find sources' }, ctx),
      input,
      ctx,
      new MemoryPort(),
    ),
  /** Any component: the registry routes it by its action. */
  click: component,
  searchComponent: component,
  readComponent: component,
  pinsComponent: component,
  sourcesComponent: component,
  notebookComponent: component,
  citationChoices: choices('quote', null, 'citation'),
  documentChoices: choices('search', null, 'document'),
  notebookChoices: choices('notebook', 'remove', 'citation'),
  pinnedChoices: choices('pins', 'remove', 'citation'),
};

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
export function click(
  from: InteractionInput & { readonly messageIsPublic?: boolean },
  id: Decoded | string,
  values: readonly string[] = [],
): TestClick {
  const decoded = typeof id === 'string' ? decode(id) : id;
  if (decoded === null) throw new Error(`the codec cannot read ${JSON.stringify(id)}`);
  return { ...from, id: decoded, values };
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
  defaults: Pick<TestCommand, 'memberPermissions' | 'appPermissions'>,
): (over?: Partial<TestCommand>) => TestCommand {
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
