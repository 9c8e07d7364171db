import { InteractionContextType, PermissionFlagsBits, SlashCommandStringOption } from 'discord.js';
import { LANGUAGES } from '../src/languages.js';
import { languageChoice, option, slashCommand, type SlashCommand } from '../src/bot/command.js';
import { settings } from '../src/bot/handlers.js';

/** /settings language:<…>: the server's default language (Manage Server). */
export default {
  kind: 'slash',
  data: slashCommand('settings')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addStringOption(
      option(new SlashCommandStringOption(), 'settings', 'language')
        .setRequired(true)
        .addChoices(...LANGUAGES.map(languageChoice)),
    )
    .toJSON(),
  execute: settings,
} satisfies SlashCommand;
