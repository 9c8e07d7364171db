import {
  SlashCommandBooleanOption,
  SlashCommandStringOption,
  SlashCommandSubcommandBuilder,
} from 'discord.js';
import { z } from 'zod';
import { CITATION_STYLES } from '../../../citation/styles.js';
import { COMMANDS } from '../../../command-names.js';
import { defineSlash, labelledChoice, option, slashCommand, subcommand } from '../../define.js';
import { MAX_CITATION, MAX_NOTEBOOK_NOTE } from '../../limits.js';
import { citationChoices } from '../reading/choices.js';
import { notebookAdd, notebookChoices, notebookRemove } from './entries.js';
import { EXPORT_FORMATS } from './export.js';
import { notebookExport, notebookShow } from './show.js';

const O = COMMANDS.notebook.options;
const SUB = COMMANDS.notebook.subcommands;

const citation = (): SlashCommandStringOption =>
  option(new SlashCommandStringOption(), 'notebook', 'citation')
    .setRequired(true)
    .setMaxLength(MAX_CITATION)
    .setAutocomplete(true);
const isPublic = (): SlashCommandBooleanOption =>
  option(new SlashCommandBooleanOption(), 'notebook', 'public');

/** /notebook add|show|remove|export: a notebook of quotes per channel or thread. */
export const notebookCommand = defineSlash({
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
  options: z.discriminatedUnion('subcommand', [
    z.object({ subcommand: z.literal(SUB.add), [O.citation]: z.string(), [O.note]: z.string().optional() }),
    z.object({ subcommand: z.literal(SUB.show), [O.public]: z.boolean().optional() }),
    z.object({ subcommand: z.literal(SUB.remove), [O.citation]: z.string() }),
    z.object({
      subcommand: z.literal(SUB.export),
      [O.style]: z.enum(CITATION_STYLES).optional(),
      [O.format]: z.enum(EXPORT_FORMATS).optional(),
      [O.public]: z.boolean().optional(),
    }),
  ]),
  reach: (o) =>
    o.subcommand === SUB.show || o.subcommand === SUB.export
      ? { public: o.public === true, files: o.subcommand === SUB.export }
      : { public: false },
  execute: (input, ctx) => {
    const o = input.options;
    switch (o.subcommand) {
      case SUB.add:
        return notebookAdd({ ...input, options: o }, ctx);
      case SUB.remove:
        return notebookRemove({ ...input, options: o }, ctx);
      case SUB.export:
        return notebookExport({ ...input, options: o }, ctx);
      case SUB.show:
        return notebookShow(input, ctx);
    }
  },
  // Adding searches the whole library; removing offers this notebook's entries.
  autocomplete: (input, ctx) =>
    input.subcommand === SUB.remove ? notebookChoices(input, ctx) : citationChoices(input, ctx),
});
