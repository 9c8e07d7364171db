import { SlashCommandIntegerOption, SlashCommandStringOption } from 'discord.js';
import { MAX_DOCUMENT_ID } from '../src/library/schema.js';
import { option, slashCommand, type SlashCommand } from '../src/bot/command.js';
import { documentChoices, read } from '../src/bot/handlers.js';

/** /read document:<autocomplete> [paragraph]: a private reader. */
export default {
  kind: 'slash',
  data: slashCommand('read')
    .addStringOption(
      option(new SlashCommandStringOption(), 'read', 'document')
        .setMaxLength(MAX_DOCUMENT_ID)
        .setRequired(true)
        .setAutocomplete(true),
    )
    .addIntegerOption(
      option(new SlashCommandIntegerOption(), 'read', 'paragraph').setMinValue(1).setMaxValue(100000),
    )
    .toJSON(),
  execute: read,
  autocomplete: documentChoices,
} satisfies SlashCommand;
