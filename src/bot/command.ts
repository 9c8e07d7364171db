import {
  ApplicationCommandType,
  ContextMenuCommandBuilder,
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
import { localeTable, localized, type PlainKey } from './localize.js';
import type { AutocompleteInput, BotContext, CommandInput, MessageCommandInput, Response } from './types.js';

export type { CommandName } from '../command-names.js';

/** A slash command: its registration data and its thin handler. */
export interface SlashCommand {
  readonly kind: 'slash';
  readonly data: RESTPostAPIApplicationCommandsJSONBody;
  readonly execute: (input: CommandInput, ctx: BotContext) => Promise<Response>;
  readonly autocomplete?: (input: AutocompleteInput, ctx: BotContext) => Response | Promise<Response>;
}

/** A message context-menu command ("Find sources"). */
export interface MessageCommand {
  readonly kind: 'message';
  readonly data: RESTPostAPIApplicationCommandsJSONBody;
  readonly execute: (input: MessageCommandInput, ctx: BotContext) => Promise<Response>;
}

/** Every command the bot registers. */
export type Command = SlashCommand | MessageCommand;

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
