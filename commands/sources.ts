import { slashCommand, type SlashCommand } from '../src/bot/command.js';
import { sources } from '../src/bot/handlers.js';

/** /sources: the library. */
export default {
  kind: 'slash',
  data: slashCommand('sources').toJSON(),
  execute: sources,
} satisfies SlashCommand;
