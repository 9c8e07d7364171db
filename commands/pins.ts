import {
  ChannelType,
  InteractionContextType,
  SlashCommandChannelOption,
  SlashCommandStringOption,
  SlashCommandSubcommandBuilder,
} from 'discord.js';
import { option, slashCommand, subcommand, type SlashCommand } from '../src/bot/command.js';
import { pinnedChoices, pinsList, pinsRemove } from '../src/bot/handlers.js';
import { MAX_CITATION } from '../src/bot/limits.js';
import { COMMANDS } from '../src/command-names.js';

/**
 * /pins list [channel] and /pins remove citation. Listing is open to every
 * member (the pins are visible anyway); removing needs Pin Messages, checked
 * at run time because Discord sets permissions per command, not per subcommand.
 */
export default {
  kind: 'slash',
  data: slashCommand('pins')
    .setContexts(InteractionContextType.Guild)
    .addSubcommand(
      subcommand(new SlashCommandSubcommandBuilder(), 'pins', 'list').addChannelOption(
        option(new SlashCommandChannelOption(), 'pins', 'channel').addChannelTypes(
          ChannelType.GuildText,
          ChannelType.GuildAnnouncement,
          ChannelType.PublicThread,
          ChannelType.PrivateThread,
          ChannelType.AnnouncementThread,
        ),
      ),
    )
    .addSubcommand(
      subcommand(new SlashCommandSubcommandBuilder(), 'pins', 'remove').addStringOption(
        option(new SlashCommandStringOption(), 'pins', 'citation')
          .setRequired(true)
          .setMaxLength(MAX_CITATION)
          .setAutocomplete(true),
      ),
    )
    .toJSON(),
  execute: (input, ctx) =>
    input.subcommand === COMMANDS.pins.subcommands.remove ? pinsRemove(input, ctx) : pinsList(input, ctx),
  autocomplete: pinnedChoices,
} satisfies SlashCommand;
