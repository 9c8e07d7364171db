import {
  SlashCommandBooleanOption,
  SlashCommandStringOption,
  SlashCommandSubcommandBuilder,
} from 'discord.js';
import { CITATION_STYLES } from '../src/citation/styles.js';
import { EXPORT_FORMATS } from '../src/bot/export.js';
import { labelledChoice, option, slashCommand, subcommand, type SlashCommand } from '../src/bot/command.js';
import {
  citationChoices,
  notebookAdd,
  notebookChoices,
  notebookExport,
  notebookRemove,
  notebookShow,
} from '../src/bot/handlers.js';
import { MAX_CITATION, MAX_NOTEBOOK_NOTE } from '../src/bot/limits.js';
import { COMMANDS } from '../src/command-names.js';

const SUB = COMMANDS.notebook.subcommands;

const citation = (): SlashCommandStringOption =>
  option(new SlashCommandStringOption(), 'notebook', 'citation')
    .setRequired(true)
    .setMaxLength(MAX_CITATION)
    .setAutocomplete(true);
const isPublic = (): SlashCommandBooleanOption =>
  option(new SlashCommandBooleanOption(), 'notebook', 'public');

/** /notebook add|show|remove|export: a notebook of quotes per channel or thread. */
export default {
  kind: 'slash',
  data: slashCommand('notebook')
    .addSubcommand(
      subcommand(new SlashCommandSubcommandBuilder(), 'notebook', 'add')
        .addStringOption(citation())
        .addStringOption(
          option(new SlashCommandStringOption(), 'notebook', 'note').setMaxLength(MAX_NOTEBOOK_NOTE),
        ),
    )
    .addSubcommand(
      subcommand(new SlashCommandSubcommandBuilder(), 'notebook', 'show').addBooleanOption(isPublic()),
    )
    .addSubcommand(
      subcommand(new SlashCommandSubcommandBuilder(), 'notebook', 'remove').addStringOption(citation()),
    )
    .addSubcommand(
      subcommand(new SlashCommandSubcommandBuilder(), 'notebook', 'export')
        .addStringOption(
          option(new SlashCommandStringOption(), 'notebook', 'style').addChoices(
            ...CITATION_STYLES.map((s) => labelledChoice(`citeStyle.${s}`, s)),
          ),
        )
        .addStringOption(
          option(new SlashCommandStringOption(), 'notebook', 'format').addChoices(
            ...EXPORT_FORMATS.map((f) => labelledChoice(`exportFormat.${f}`, f)),
          ),
        )
        .addBooleanOption(isPublic()),
    )
    .toJSON(),
  execute: (input, ctx) => {
    switch (input.subcommand) {
      case SUB.add:
        return notebookAdd(input, ctx);
      case SUB.remove:
        return notebookRemove(input, ctx);
      case SUB.export:
        return notebookExport(input, ctx);
      default:
        return notebookShow(input, ctx);
    }
  },
  // Adding searches the whole library; removing offers this notebook's entries.
  autocomplete: (input, ctx) =>
    input.subcommand === SUB.remove ? notebookChoices(input, ctx) : citationChoices(input, ctx),
} satisfies SlashCommand;
