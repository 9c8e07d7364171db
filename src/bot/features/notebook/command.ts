import {
  SlashCommandBooleanOption,
  SlashCommandStringOption,
  SlashCommandSubcommandBuilder,
} from 'discord.js';
import { z } from 'zod';
import { CITATION_STYLES } from '../../../citation/styles.js';
import { COMMANDS } from '../../../command-names.js';
import { defineSlash, installs, labelledChoice, option, slashCommand, subcommand } from '../../define.js';
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

/**
 * /notebook add|show|remove|export: a notebook of quotes per channel or thread.
 *
 * Only where the bot was invited (guild install, in a server or the bot's
 * DM), never through a user install. A notebook belongs to its channel: in a
 * server it is the study group's shared list, kept in the bot's storage under
 * the server's id and shown to everyone there. Whether a server keeps one is
 * the server's choice, made by inviting the bot; a user install would let
 * anyone who installed the app start a shared record in a server that never
 * invited it, which its moderators could neither see nor remove through
 * /pins-style tools. A member's own notebook stays available in the bot's DM.
 */
export const notebookCommand = defineSlash({
  data: installs
    .whereInvited(slashCommand('notebook'))
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
