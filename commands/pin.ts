import { InteractionContextType, PermissionFlagsBits, SlashCommandStringOption } from 'discord.js';
import { option, slashCommand, type SlashCommand } from '../src/bot/command.js';
import { citationChoices, pin } from '../src/bot/handlers.js';
import { MAX_CITATION, MAX_PIN_NOTE } from '../src/bot/limits.js';

/** /pin citation:<autocomplete> [note]: a quote card, pinned (Pin Messages). */
export default {
  kind: 'slash',
  data: slashCommand('pin')
    .setDefaultMemberPermissions(PermissionFlagsBits.PinMessages)
    .setContexts(InteractionContextType.Guild)
    .addStringOption(
      option(new SlashCommandStringOption(), 'pin', 'citation')
        .setRequired(true)
        .setMaxLength(MAX_CITATION)
        .setAutocomplete(true),
    )
    .addStringOption(option(new SlashCommandStringOption(), 'pin', 'note').setMaxLength(MAX_PIN_NOTE))
    .toJSON(),
  execute: pin,
  autocomplete: citationChoices,
} satisfies SlashCommand;
