import { InteractionContextType, PermissionFlagsBits, SlashCommandStringOption } from 'discord.js';
import { option, slashCommand, type SlashCommand } from '../src/bot/command.js';
import { citationChoices, MAX_NOTE, pin } from '../src/bot/handlers.js';

/** /pin citation:<autocomplete> [note]: a quote card, pinned (Pin Messages). */
export default {
  kind: 'slash',
  data: slashCommand('pin')
    .setDefaultMemberPermissions(PermissionFlagsBits.PinMessages)
    .setContexts(InteractionContextType.Guild)
    .addStringOption(
      option(new SlashCommandStringOption(), 'pin', 'citation')
        .setRequired(true)
        .setMaxLength(100)
        .setAutocomplete(true),
    )
    .addStringOption(option(new SlashCommandStringOption(), 'pin', 'note').setMaxLength(MAX_NOTE))
    .toJSON(),
  execute: pin,
  autocomplete: citationChoices,
} satisfies SlashCommand;
