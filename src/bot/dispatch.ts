import { resolveAudience, audienceFrom, type Audience } from './audience.js';
import { decode } from './custom-id.js';
import type { Registry } from './registry.js';
import { errorPayload, logFailure } from './errors.js';
import { LIMITS, MAX_AUTOCOMPLETE_VALUE } from './limits.js';
import { decideVisibility } from './visibility.js';
import {
  UserFacingError,
  type BotContext,
  type Choice,
  type DiscordPort,
  type InteractionInput,
  type RawAutocomplete,
  type RawCommand,
  type RawComponent,
  type RawMessageCommand,
  type Response,
} from './types.js';

/**
 * An interaction ready to be answered, whatever the transport: how a
 * deferral must look, and the work. Everything here is decided before the
 * handler runs and without storage, so a transport can defer in time.
 */
export interface Prepared {
  /** Whether a deferral, and so the first answer, is seen only by the user. */
  readonly ephemeral: boolean;
  /** A component: its deferral keeps the clicked message as it is. */
  readonly component: boolean;
  /** Defer before the work starts, not only when it is slow. */
  readonly deferAtOnce: boolean;
  /**
   * Resolves the audience and runs the handler. Never throws: a failure
   * becomes a private error reply in the user's language, logged at its level.
   */
  readonly run: (port: DiscordPort) => Promise<Response>;
}

/** How long a handler may run before a transport defers the interaction (Discord allows 3 s). */
export const DEFER_AFTER_MS = 1500;

/** Log fields a transport adds to what the dispatcher logs (the interaction id). */
export type Trace = Readonly<Record<string, unknown>>;

/** A handler's work once the audience is known; it may throw a UserFacingError. */
export type Work = (audience: Audience, port: DiscordPort) => Promise<Response>;

/** What the registry decided for an interaction, before the error boundary wraps it. */
export interface Plan extends Omit<Prepared, 'run'> {
  readonly work: Work;
  readonly where: Trace;
}

/**
 * The one error boundary of an interaction: resolves the audience once, runs
 * the work, and turns any failure into a private reply. A failure before the
 * audience is known is told in the best language still at hand.
 */
function bounded(ctx: BotContext, input: InteractionInput, plan: Plan): Prepared {
  const { work, where, ...how } = plan;
  return {
    ...how,
    run: async (port) => {
      let audience: Audience | null = null;
      try {
        audience = await resolveAudience(ctx, input);
        return await work(audience, port);
      } catch (error) {
        logFailure(ctx.log, error, where);
        const fallback = { user: null, server: null, contentWarnings: true };
        const t = (audience ?? audienceFrom(ctx.translations, fallback, input.locale)).reader.t;
        return { kind: 'reply', payload: errorPayload(error, t), ephemeral: true };
      }
    },
  };
}

/**
 * The context one interaction runs on: the room read once, when it is
 * planned, so a library reloaded meanwhile changes nothing for it (it
 * finishes on the index it started with). Handlers never see the holder.
 */
export function snapshot(ctx: BotContext): BotContext {
  return ctx.library === undefined ? ctx : { ...ctx, room: ctx.library.current };
}

const outdated: Work = () => Promise.reject(new UserFacingError('outdated'));

function logFields(input: InteractionInput, extra: Trace): Trace {
  return { user: input.userId, guild: input.guildId, ...extra };
}

/**
 * Whether the handler an interaction reaches declares that it reads the
 * member's server-wide permissions (`serverPermissions`), for a transport
 * that must fetch them (HTTP). An unknown command or id reads nothing.
 */
export function readsServerPermissions(
  registry: Registry,
  raw: RawCommand | RawComponent | RawMessageCommand,
): boolean {
  if ('customId' in raw) {
    const decoded = decode(raw.customId);
    return decoded !== null && registry.component(decoded.action).serverPermissions === true;
  }
  if ('messageContent' in raw) return false;
  return registry.slash(raw.command)?.serverPermissions === true;
}

/**
 * A slash command: found by name, its options parsed by its schema (a
 * command or option shape this version does not have is "outdated"), and
 * who sees the answer decided once, for the deferral and the handler alike.
 */
export function planCommand(registry: Registry, raw: RawCommand, live: BotContext, trace: Trace = {}): Plan {
  const ctx = snapshot(live);
  const where = logFields(raw, { command: raw.command, subcommand: raw.subcommand ?? undefined, ...trace });
  const refused = { ephemeral: true, component: false, deferAtOnce: false, work: outdated, where };
  const command = registry.slash(raw.command);
  if (!command) return refused;
  const parsed = command.options.safeParse({
    ...raw.options,
    ...(raw.subcommand ? { subcommand: raw.subcommand } : {}),
  });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => i.path.join('.'));
    ctx.log.info({ ...where, issues }, 'options not of this version');
    return refused;
  }
  const options = parsed.data;
  const reach = command.reach?.(options) ?? { public: false };
  const visibility = decideVisibility(raw, reach.public, { files: reach.files === true });
  const input = {
    ...raw,
    options,
    visibility,
    channelPermissions: raw.channelPermissions ?? {},
    privateThreads: raw.privateThreads ?? [],
  };
  return {
    ephemeral: !visibility.isPublic,
    component: false,
    deferAtOnce: command.deferAtOnce?.(options, raw, ctx) ?? false,
    work: async (audience, port) => command.execute({ ...input, audience }, ctx, port),
    where,
  };
}

/** A message command ("Find sources"): always private. */
export function planMessageCommand(
  registry: Registry,
  raw: RawMessageCommand,
  live: BotContext,
  trace: Trace = {},
): Plan {
  const ctx = snapshot(live);
  const command = registry.message(raw.command);
  return {
    ephemeral: true,
    component: false,
    deferAtOnce: false,
    work: command ? async (audience, port) => command.execute({ ...raw, audience }, ctx, port) : outdated,
    where: logFields(raw, { command: raw.command, ...trace }),
  };
}

/**
 * A button or menu click: its custom id decoded by the one codec and routed
 * by its action. An id the bot did not write (an older version, a truncated
 * or forged id) is answered "this button no longer works", never silence.
 */
export function planComponent(
  registry: Registry,
  raw: RawComponent,
  live: BotContext,
  trace: Trace = {},
): Plan {
  const ctx = snapshot(live);
  const where = logFields(raw, { customId: raw.customId, ...trace });
  const id = decode(raw.customId);
  const spec = id === null ? null : registry.component(id.action);
  return {
    ephemeral: true,
    component: true,
    deferAtOnce: spec?.deferAtOnce === true,
    work:
      id === null || spec === null
        ? outdated
        : async (audience, port) =>
            spec.handle({ ...raw, audience, id, messageIsPublic: raw.messageIsPublic === true }, ctx, port),
    where,
  };
}

/** {@link planCommand} inside the error boundary. */
export function prepareCommand(
  registry: Registry,
  raw: RawCommand,
  ctx: BotContext,
  trace?: Trace,
): Prepared {
  return bounded(ctx, raw, planCommand(registry, raw, ctx, trace));
}

/** {@link planMessageCommand} inside the error boundary. */
export function prepareMessageCommand(
  registry: Registry,
  raw: RawMessageCommand,
  ctx: BotContext,
  trace?: Trace,
): Prepared {
  return bounded(ctx, raw, planMessageCommand(registry, raw, ctx, trace));
}

/** {@link planComponent} inside the error boundary. */
export function prepareComponent(
  registry: Registry,
  raw: RawComponent,
  ctx: BotContext,
  trace?: Trace,
): Prepared {
  return bounded(ctx, raw, planComponent(registry, raw, ctx, trace));
}

/**
 * Suggestions for what is being typed; an empty list for a command or
 * option this version does not complete, or on any failure. What is typed
 * arrives unchecked by max_length (a forged request can send far more than
 * any option allows), so handlers see at most MAX_AUTOCOMPLETE_VALUE.
 */
export async function answerAutocomplete(
  registry: Registry,
  raw: RawAutocomplete,
  live: BotContext,
  trace: Trace = {},
): Promise<readonly Choice[]> {
  const ctx = snapshot(live);
  const command = registry.slash(raw.command);
  if (!command?.autocomplete) return [];
  try {
    let audience: Promise<Audience> | undefined;
    const choices = await command.autocomplete(
      {
        ...raw,
        audience: () => (audience ??= resolveAudience(ctx, raw)),
        subcommand: raw.subcommand ?? null,
        value: raw.value.slice(0, MAX_AUTOCOMPLETE_VALUE),
      },
      ctx,
    );
    return choices.slice(0, LIMITS.choices);
  } catch (error) {
    logFailure(ctx.log, error, logFields(raw, { command: raw.command, focused: raw.focused, ...trace }));
    return [];
  }
}

/** A transport's answer to one interaction: the port, and the two calls every transport makes. */
export interface TransportAnswer extends DiscordPort {
  defer(prepared: Pick<Prepared, 'ephemeral'>): Promise<void>;
  send(response: Response): Promise<void>;
}

/**
 * Runs prepared work and sends its response, for every transport. Work
 * declared slow is deferred at once; anything else is deferred only if it
 * runs past {@link DEFER_AFTER_MS}, so Discord's 3-second window never closes.
 */
export async function runPrepared(answer: TransportAnswer, prepared: Prepared): Promise<void> {
  if (prepared.deferAtOnce) await answer.defer(prepared);
  const pending = prepared.run(answer);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => {
      resolve('late');
    }, DEFER_AFTER_MS);
    timer.unref();
  });
  if ((await Promise.race([pending.then(() => 'done' as const), late])) === 'late')
    await answer.defer(prepared);
  clearTimeout(timer);
  await answer.send(await pending);
}
