import { InteractionContextType, PermissionFlagsBits, SlashCommandStringOption } from 'discord.js';
import { LANGUAGES } from '../src/languages.js';
import {
  labelledChoice,
  languageChoice,
  option,
  slashCommand,
  type SlashCommand,
} from '../src/bot/command.js';
import { settings } from '../src/bot/handlers.js';

/** /settings [language] [content-warnings]: the server's settings (Manage Server). */
export default {
  kind: 'slash',
  data: slashCommand('settings')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addStringOption(
      option(new SlashCommandStringOption(), 'settings', 'language').addChoices(
        ...LANGUAGES.map(languageChoice),
      ),
    )
    .addStringOption(
      option(new SlashCommandStringOption(), 'settings', 'contentWarnings').addChoices(
        labelledChoice('switch.on', 'on'),
        labelledChoice('switch.off', 'off'),
      ),
    )
    .toJSON(),
  execute: settings,
} satisfies SlashCommand;
