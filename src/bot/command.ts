import {
  ApplicationCommandType,
  ContextMenuCommandBuilder,
  SlashCommandBuilder,
  type LocalizationMap,
  type RESTPostAPIApplicationCommandsJSONBody,
} from 'discord.js';
import { localeTable, localized, type PlainKey } from './localize.js';
import type { AutocompleteInput, BotContext, CommandInput, MessageCommandInput, Response } from './types.js';

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

/** Names of the slash commands, as keys of the locale files. */
export type CommandName =
  | 'search'
  | 'quote'
  | 'cite'
  | 'pin'
  | 'pins'
  | 'notebook'
  | 'read'
  | 'sources'
  | 'language'
  | 'settings'
  | 'help';

// Command data is static: read the locale files once, when commands load.
const table = localeTable();

interface Nameable<B> {
  setName(name: string): B;
  setNameLocalizations(map: LocalizationMap | null): B;
  setDescription(description: string): B;
  setDescriptionLocalizations(map: LocalizationMap | null): B;
}

function named<B extends Nameable<B>>(builder: B, nameKey: string, descriptionKey: string): B {
  const name = localized(table, nameKey as PlainKey);
  const description = localized(table, descriptionKey as PlainKey);
  return builder
    .setName(name.base)
    .setNameLocalizations(name.localizations)
    .setDescription(description.base)
    .setDescriptionLocalizations(description.localizations);
}

/**
 * A slash command builder whose name and description come from the locale
 * files: English as the base, en-US, en-GB and ru as Discord localizations.
 */
export function slashCommand(command: CommandName): SlashCommandBuilder {
  return named(new SlashCommandBuilder(), `commands.${command}.name`, `commands.${command}.description`);
}

/** Names an option of a command from the locale files. */
export function option<B extends Nameable<B>>(builder: B, command: CommandName, optionName: string): B {
  return named(
    builder,
    `commands.${command}.options.${optionName}.name`,
    `commands.${command}.options.${optionName}.description`,
  );
}

/** A choice whose label is a language name in every Discord locale we serve. */
export function languageChoice(value: string): {
  name: string;
  name_localizations: LocalizationMap;
  value: string;
} {
  const label = localized(table, `languageName.${value}` as PlainKey);
  return { name: label.base, name_localizations: label.localizations, value };
}

/** A choice labelled from the locale files (`<prefix>.<value>`) in every Discord locale we serve. */
export function labelledChoice(
  prefix: 'citeStyle' | 'exportFormat' | 'switch',
  value: string,
): { name: string; name_localizations: LocalizationMap; value: string } {
  const label = localized(table, `${prefix}.${value}` as PlainKey);
  return { name: label.base, name_localizations: label.localizations, value };
}

/** The "Find sources" message command. */
export function messageCommand(): ContextMenuCommandBuilder {
  const name = localized(table, 'commands.findSources.name');
  return new ContextMenuCommandBuilder()
    .setName(name.base)
    .setNameLocalizations(name.localizations)
    .setType(ApplicationCommandType.Message);
}
