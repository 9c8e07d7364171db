import { SlashCommandStringOption } from 'discord.js';
import { LANGUAGES } from '../src/languages.js';
import { languageChoice, option, slashCommand, type SlashCommand } from '../src/bot/command.js';
import { language } from '../src/bot/handlers.js';

/** /language [auto|en|hy|az|ru]: shows or sets the user's language. */
export default {
  kind: 'slash',
  data: slashCommand('language')
    .addStringOption(
      option(new SlashCommandStringOption(), 'language', 'language').addChoices(
        languageChoice('auto'),
        ...LANGUAGES.map(languageChoice),
      ),
    )
    .toJSON(),
  execute: language,
} satisfies SlashCommand;
