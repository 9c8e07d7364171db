import { SlashCommandStringOption } from 'discord.js';
import { CITATION_STYLES } from '../src/citation/styles.js';
import { labelledChoice, option, slashCommand, type SlashCommand } from '../src/bot/command.js';
import { cite, citationChoices } from '../src/bot/handlers.js';
import { MAX_CITATION } from '../src/bot/limits.js';

/** /cite citation:<autocomplete> style:<apa|mla|chicago>: a formatted reference, privately. */
export default {
  kind: 'slash',
  data: slashCommand('cite')
    .addStringOption(
      option(new SlashCommandStringOption(), 'cite', 'citation')
        .setRequired(true)
        .setMaxLength(MAX_CITATION)
        .setAutocomplete(true),
    )
    .addStringOption(
      option(new SlashCommandStringOption(), 'cite', 'style')
        .setRequired(true)
        .addChoices(...CITATION_STYLES.map((s) => labelledChoice(`citeStyle.${s}`, s))),
    )
    .toJSON(),
  execute: cite,
  autocomplete: citationChoices,
} satisfies SlashCommand;
