import {
  ChannelType,
  PermissionFlagsBits,
  SlashCommandChannelOption,
  SlashCommandStringOption,
  SlashCommandSubcommandBuilder,
} from 'discord.js';
import { z } from 'zod';
import { COMMANDS } from '../../../command-names.js';
import { defineSlash, installs, option, slashCommand, subcommand } from '../../define.js';
import { MAX_CITATION, MAX_PIN_NOTE } from '../../limits.js';
import { checkedNote, has, quoteOrNull, requireQuote } from '../../rules.js';
import { citationChoices } from '../reading/choices.js';
import { pinnedChoices, pinsList, pinsRemove } from './log.js';
import { checkCanPin, pinQuote } from './pin-flow.js';

const PIN = COMMANDS.pin.options;
const PINS = COMMANDS.pins.options;
const SUB = COMMANDS.pins.subcommands;

/** Whether a pin's note passes {@link checkedNote}, without throwing. */
function noteIsValid(note: string | undefined): boolean {
  try {
    checkedNote(note, MAX_PIN_NOTE);
    return true;
  } catch {
    return false;
  }
}

/** /pin citation:<autocomplete> [note]: a quote card, pinned (Pin Messages). */
export const pinCommand = defineSlash({
  data: installs
    .serverOnly(slashCommand('pin'))
    .setDefaultMemberPermissions(PermissionFlagsBits.PinMessages)
    .addStringOption(
      option(new SlashCommandStringOption(), 'pin', 'citation')
        .setRequired(true)
        .setMaxLength(MAX_CITATION)
        .setAutocomplete(true),
    )
    .addStringOption(option(new SlashCommandStringOption(), 'pin', 'note').setMaxLength(MAX_PIN_NOTE))
    .toJSON(),
  options: z.object({ [PIN.citation]: z.string(), [PIN.note]: z.string().optional() }),
  // The card is the channel's: its deferral is public.
  reach: () => ({ public: true }),
  // Waiting for the lock and posting take time of their own. A member who may
  // not pin, an unknown citation and a bad note are refused at once,
  // privately, with no public "thinking…" first.
  deferAtOnce: (options, input, ctx) =>
    has(input.memberPermissions, PermissionFlagsBits.PinMessages) &&
    quoteOrNull(ctx, options.citation.trim()) !== null &&
    noteIsValid(options.note),
  // Needs Pin Messages: registered as the default, checked again here.
  execute: (input, ctx, port) => {
    checkCanPin(input);
    const note = checkedNote(input.options.note, MAX_PIN_NOTE);
    return pinQuote(input, ctx, port, requireQuote(ctx, input.options.citation.trim()), note);
  },
  autocomplete: citationChoices,
});

/**
 * /pins list [channel] and /pins remove citation. Listing is open to every
 * member, and always private: it can name who pinned what, with their notes.
 * Removing needs Pin Messages, checked at run time because Discord sets
 * permissions per command, not per subcommand.
 */
export const pinsCommand = defineSlash({
  // Who may read the whole server's log: Manage Server or Administrator at server level.
  serverPermissions: true,
  data: installs
    .serverOnly(slashCommand('pins'))
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
  options: z.discriminatedUnion('subcommand', [
    z.object({ subcommand: z.literal(SUB.list), [PINS.channel]: z.string().optional() }),
    z.object({ subcommand: z.literal(SUB.remove), [PINS.citation]: z.string() }),
  ]),
  // Unpinning waits for Discord's answer before the reply.
  deferAtOnce: (o) => o.subcommand === SUB.remove,
  execute: (input, ctx, port) =>
    input.options.subcommand === SUB.remove
      ? pinsRemove({ ...input, options: input.options }, ctx, port)
      : pinsList({ ...input, options: input.options }, ctx),
  autocomplete: pinnedChoices,
});
