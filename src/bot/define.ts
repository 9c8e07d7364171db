import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  ContextMenuCommandBuilder,
  InteractionContextType,
  SlashCommandBuilder,
  type LocalizationMap,
  type RESTPostAPIApplicationCommandsJSONBody,
} from 'discord.js';
import {
  COMMANDS,
  MESSAGE_COMMANDS,
  localeKey,
  type CommandName,
  type MessageCommandName,
  type OptionKey,
  type SubcommandKey,
} from '../command-names.js';
import type { z } from 'zod';
import type { Action } from './custom-id.js';
import { localeTable, localized, type PlainKey } from './localize.js';
import type {
  AutocompleteInput,
  BotContext,
  Choice,
  CommandInput,
  ComponentInput,
  DiscordPort,
  InteractionInput,
  MessageCommandInput,
  Response,
} from './types.js';

export type { CommandName } from '../command-names.js';

/** Who may see a command's answer, declared once per command. */
export interface Reach {
  /** True when the member asked for a public answer (it still needs the right to post). */
  readonly public: boolean;
  /** A public answer carries files: posting needs Attach Files too. */
  readonly files?: boolean;
}

/**
 * A slash command: its registration data, its options as a zod schema
 * (parsed once, before the handler runs), who sees its answer, and its
 * transport-neutral handler.
 */
export interface SlashCommand<O = unknown> {
  readonly kind: 'slash';
  readonly data: RESTPostAPIApplicationCommandsJSONBody;
  /** Discord's options as one object (`subcommand` beside them), by registered names. */
  readonly options: z.ZodType<O>;
  /** Who sees the answer; private when absent. */
  reach?(options: O): Reach;
  /**
   * Defer at once (work that waits on a lock or on Discord), not only when
   * slow. Decided before any work, from what is known without storage.
   */
  deferAtOnce?(options: O, input: InteractionInput, ctx: BotContext): boolean;
  /**
   * Reads the member's server-wide permissions (`guildPermissions`). The
   * gateway always has them from its cache; a transport without one (HTTP)
   * fetches them only for what declares it.
   */
  readonly serverPermissions?: boolean;
  execute(input: CommandInput<O>, ctx: BotContext, port: DiscordPort): Response | Promise<Response>;
  autocomplete?(input: AutocompleteInput, ctx: BotContext): readonly Choice[] | Promise<readonly Choice[]>;
}

/** A message context-menu command ("Find sources"): always answered privately. */
export interface MessageCommand {
  readonly kind: 'message';
  readonly data: RESTPostAPIApplicationCommandsJSONBody;
  execute(input: MessageCommandInput, ctx: BotContext, port: DiscordPort): Response | Promise<Response>;
}

/** Every command the bot registers. */
export type Command = SlashCommand | MessageCommand;

/** The handler of one custom-id action (one prefix, see src/bot/custom-id.ts). */
export interface ComponentSpec<A extends Action> {
  /** Defer at once (a pin waits on a lock and on Discord), not only when slow. */
  readonly deferAtOnce?: boolean;
  /** See {@link SlashCommand.serverPermissions}. */
  readonly serverPermissions?: boolean;
  handle(input: ComponentInput<A>, ctx: BotContext, port: DiscordPort): Response | Promise<Response>;
}

/** The component handlers of a feature, by action. */
export type ComponentTable = { readonly [A in Action]?: ComponentSpec<A> };

/** A feature's commands and component handlers, as the registry collects them. */
export interface Feature<C extends ComponentTable = ComponentTable> {
  readonly commands: readonly Command[];
  readonly components: C;
}

interface Installable<B> {
  setIntegrationTypes(...types: ApplicationIntegrationType[]): B;
  setContexts(...contexts: InteractionContextType[]): B;
}

/**
 * Where a command can be used: Discord's `integration_types` (installed to a
 * server, to a user, or both) and `contexts` (a server, the bot's DM, other
 * DMs and group DMs). Declared here once; each command names one of these.
 */
export const installs = {
  /**
   * Reading: wherever a member or a user installed the app. In a user
   * install the bot need not be in the channel; every answer is an
   * interaction response or follow-up, and a public one needs what
   * `visibility.ts` asks (Use External Apps where only the user installed it).
   */
  everywhere: <B extends Installable<B>>(builder: B): B =>
    builder
      .setIntegrationTypes(ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall)
      .setContexts(
        InteractionContextType.Guild,
        InteractionContextType.BotDM,
        InteractionContextType.PrivateChannel,
      ),
  /** Moderation and server settings: the server's own choice, only where it installed the app. */
  serverOnly: <B extends Installable<B>>(builder: B): B =>
    builder
      .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
      .setContexts(InteractionContextType.Guild),
  /**
   * Only where the bot itself was invited: a server that installed the app,
   * or the member's DM with the bot. Never through a user install, so never
   * in a server, DM or group DM that did not ask for the bot.
   */
  whereInvited: <B extends Installable<B>>(builder: B): B =>
    builder
      .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
      .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM),
} as const;

/** Types a slash command by its option schema; nothing happens at run time. */
export function defineSlash<O>(command: Omit<SlashCommand<O>, 'kind'>): SlashCommand<O> {
  return { kind: 'slash', ...command };
}

// Command data is static: read the locale files once, when commands load.
const table = localeTable();

interface Nameable<B> {
  setName(name: string): B;
  setNameLocalizations(map: LocalizationMap | null): B;
  setDescription(description: string): B;
  setDescriptionLocalizations(map: LocalizationMap | null): B;
}

/**
 * Names and describes a builder: the registered name from the code
 * (src/command-names.ts), its Russian localization and every description
 * from the locale files. This is the one place command data meets them.
 */
function named<B extends Nameable<B>>(builder: B, base: string, key: string): B {
  const name = localized(table, `${key}.name`, base);
  const description = localized(table, `${key}.description`);
  return builder
    .setName(name.base)
    .setNameLocalizations(name.localizations)
    .setDescription(description.base)
    .setDescriptionLocalizations(description.localizations);
}

/**
 * A slash command builder, named from COMMANDS and described from the
 * locale files: English as the base, en-US, en-GB and ru as Discord localizations.
 */
export function slashCommand(command: CommandName): SlashCommandBuilder {
  return named(new SlashCommandBuilder(), COMMANDS[command].name, localeKey.command(command));
}

/** Names and describes an option of a command (a subcommand's options are its command's). */
export function option<C extends CommandName, B extends Nameable<B>>(
  builder: B,
  command: C,
  key: OptionKey<C>,
): B {
  const names: Readonly<Record<string, string>> = COMMANDS[command].options;
  const base = names[key];
  if (base === undefined) throw new Error(`no option ${key} in ${command}`);
  return named(builder, base, localeKey.option(command, key));
}

/** Names and describes a subcommand. */
export function subcommand<C extends CommandName, B extends Nameable<B>>(
  builder: B,
  command: C,
  key: SubcommandKey<C>,
): B {
  const spec: { readonly name: string; readonly subcommands?: Readonly<Record<string, string>> } =
    COMMANDS[command];
  const sub: string = key;
  const base = spec.subcommands?.[sub];
  if (base === undefined) throw new Error(`no subcommand ${sub} in ${command}`);
  return named(builder, base, localeKey.subcommand(command, sub));
}

/** A choice whose label is a language name in every Discord locale we serve. */
export function languageChoice(value: string): {
  name: string;
  name_localizations: LocalizationMap;
  value: string;
} {
  const label = localized(table, `languageName.${value}`);
  return { name: label.base, name_localizations: label.localizations, value };
}

/** A choice labelled by a message (`citeStyle.apa`) in every Discord locale we serve. */
export function labelledChoice(
  key: PlainKey,
  value: string,
): { name: string; name_localizations: LocalizationMap; value: string } {
  const label = localized(table, key);
  return { name: label.base, name_localizations: label.localizations, value };
}

/** A message command ("Find sources"), named from MESSAGE_COMMANDS and localized from the locale files. */
export function messageCommand(command: MessageCommandName): ContextMenuCommandBuilder {
  const name = localized(table, `${localeKey.command(command)}.name`, MESSAGE_COMMANDS[command].name);
  return new ContextMenuCommandBuilder()
    .setName(name.base)
    .setNameLocalizations(name.localizations)
    .setType(ApplicationCommandType.Message);
}
