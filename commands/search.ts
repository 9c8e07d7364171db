import { SlashCommandBooleanOption, SlashCommandStringOption } from 'discord.js';
import { LANGUAGES } from '../src/languages.js';
import { MAX_DOCUMENT_ID } from '../src/library/schema.js';
import { languageChoice, option, slashCommand, type SlashCommand } from '../src/bot/command.js';
import { documentChoices, search } from '../src/bot/handlers.js';
import { MAX_QUERY } from '../src/bot/limits.js';

/** /search query:<1–200> [document] [language] [public] */
export default {
  kind: 'slash',
  data: slashCommand('search')
    .addStringOption(
      option(new SlashCommandStringOption(), 'search', 'query')
        .setRequired(true)
        .setMinLength(1)
        .setMaxLength(MAX_QUERY),
    )
    .addStringOption(
      option(new SlashCommandStringOption(), 'search', 'document')
        .setMaxLength(MAX_DOCUMENT_ID)
        .setAutocomplete(true),
    )
    .addStringOption(
      option(new SlashCommandStringOption(), 'search', 'language').addChoices(
        ...LANGUAGES.map(languageChoice),
      ),
    )
    .addBooleanOption(option(new SlashCommandBooleanOption(), 'search', 'public'))
    .toJSON(),
  execute: search,
  autocomplete: documentChoices,
} satisfies SlashCommand;
