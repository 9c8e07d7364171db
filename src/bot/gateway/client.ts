import { InFlight } from '../in-flight.js';
import {
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Partials,
  type AutocompleteInteraction,
  type BaseInteraction,
} from 'discord.js';
import {
  answerAutocomplete,
  prepareCommand,
  prepareComponent,
  prepareMessageCommand,
  runPrepared,
  type Prepared,
  type Trace,
} from '../dispatch.js';
import { audienceFrom, resolveAudience } from '../audience.js';
import { errorPayload } from '../errors.js';
import type { Registry } from '../registry.js';
import type { BotContext } from '../types.js';
import { GatewayAnswer, tellPrivately, type Repliable } from './answer.js';
import { baseInput, readOptions } from './input.js';

export type { Repliable } from './answer.js';

export { DEFER_AFTER_MS } from '../dispatch.js';

/**
 * The real discord.js client: no privileged intents (message content of
 * "Find sources" arrives with the interaction), plain JSON gateway, and no
 * mentions ever parsed, as a client default and on every payload.
 */
export function createClient(apiUrl: string): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    // The channel an interaction comes from is then always known, threads
    // the cache has not seen included: posting in a thread needs its own right.
    partials: [Partials.Channel],
    allowedMentions: { parse: [] },
    rest: { api: apiUrl },
  });
}

/**
 * Routes every interaction of the client through the registry; what is
 * returned counts those still being answered, for a shutdown to wait on.
 */
export function attachHandlers(client: Client, registry: Registry, ctx: BotContext): InFlight {
  const route = interactionRouter(registry, ctx);
  const inFlight = new InFlight();
  client.on(Events.InteractionCreate, (interaction) => {
    inFlight.track(route(interaction));
  });
  return inFlight;
}

/**
 * The gateway adapter: reads a discord.js interaction into plain input, lets
 * the transport-neutral dispatcher decide, and sends what it decided. Every
 * interaction gets exactly one answer: an unknown command or component a
 * private "this no longer works", an autocomplete at least an empty list.
 * No business rule lives here.
 */
export function interactionRouter(
  registry: Registry,
  ctx: BotContext,
): (interaction: BaseInteraction) => Promise<void> {
  return async (interaction) => {
    const trace: Trace = { interaction: interaction.id, type: interaction.type };
    try {
      if (interaction.isAutocomplete()) {
        const focused = focusedOption(interaction);
        // A forged request with no focused option: nothing to complete, and no outage either.
        if (focused === null) {
          await interaction.respond([]);
          return;
        }
        const choices = await answerAutocomplete(
          registry,
          {
            ...baseInput(interaction),
            command: interaction.commandName,
            subcommand: interaction.options.getSubcommand(false),
            focused: focused.name,
            value: focused.value,
          },
          ctx,
          trace,
        );
        await interaction.respond([...choices]);
        return;
      }
      if (interaction.isChatInputCommand()) {
        const read = readOptions(interaction.options.data);
        const raw = { ...baseInput(interaction), command: interaction.commandName, ...read };
        await run(interaction, prepareCommand(registry, raw, ctx, trace));
        return;
      }
      if (interaction.isMessageContextMenuCommand()) {
        const raw = {
          ...baseInput(interaction),
          command: interaction.commandName,
          messageContent: interaction.targetMessage.content,
        };
        await run(interaction, prepareMessageCommand(registry, raw, ctx, trace));
        return;
      }
      if (interaction.isMessageComponent()) {
        const raw = {
          ...baseInput(interaction),
          customId: interaction.customId,
          values: interaction.isStringSelectMenu() ? interaction.values : [],
          messageIsPublic: !interaction.message.flags.has(MessageFlags.Ephemeral),
        };
        await run(interaction, prepareComponent(registry, raw, ctx, trace));
        return;
      }
      // Anything else that expects an answer (a modal, a user command): nothing of this version.
      if (interaction.isCommand() || interaction.isModalSubmit()) {
        const raw = { ...baseInput(interaction), command: '', options: {} };
        await run(interaction, prepareCommand(registry, raw, ctx, trace));
      }
    } catch (error) {
      // What is left is Discord refusing or failing our answer: an outage, not a user's mistake.
      ctx.log.error({ err: error, ...trace, user: interaction.user.id }, 'could not answer an interaction');
      await tellFailure(interaction, error, ctx).catch((e: unknown) => {
        ctx.log.error(
          { err: e, ...trace, user: interaction.user.id },
          'could not tell the user about a failure',
        );
      });
    }
  };
}

/** The option being typed, or null when a (forged) request names none. */
function focusedOption(interaction: AutocompleteInteraction): { name: string; value: string } | null {
  try {
    const focused = interaction.options.getFocused(true);
    return { name: focused.name, value: focused.value };
  } catch {
    return null;
  }
}

/**
 * After Discord refused or failed an answer, one more try to tell the user,
 * privately and in their language; an autocomplete gets at least no choices.
 */
async function tellFailure(interaction: BaseInteraction, error: unknown, ctx: BotContext): Promise<void> {
  if (interaction.isAutocomplete()) {
    if (!interaction.responded) await interaction.respond([]);
    return;
  }
  if (!interaction.isCommand() && !interaction.isMessageComponent() && !interaction.isModalSubmit()) return;
  const input = baseInput(interaction);
  const fallback = { user: null, server: null, contentWarnings: true };
  const audience = await resolveAudience(ctx, input).catch(() =>
    audienceFrom(ctx.translations, fallback, input.locale),
  );
  await tellPrivately(interaction, errorPayload(error, audience.reader.t));
}

/** Runs prepared work on a discord.js interaction (see {@link runPrepared}). */
export function run(interaction: Repliable, prepared: Prepared): Promise<void> {
  return runPrepared(new GatewayAnswer(interaction), prepared);
}
