import { SlashCommandStringOption } from 'discord.js';
import { option, slashCommand, type SlashCommand } from '../src/bot/command.js';
import { citationChoices, quote } from '../src/bot/handlers.js';
import { MAX_CITATION } from '../src/bot/limits.js';

/** /quote citation:<autocomplete>: a public quote card. */
export default {
  kind: 'slash',
  data: slashCommand('quote')
    .addStringOption(
      option(new SlashCommandStringOption(), 'quote', 'citation')
        .setRequired(true)
        .setMaxLength(MAX_CITATION)
        .setAutocomplete(true),
    )
    .toJSON(),
  execute: quote,
  autocomplete: citationChoices,
} satisfies SlashCommand;
