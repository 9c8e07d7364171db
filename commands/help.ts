import { slashCommand, type SlashCommand } from '../src/bot/command.js';
import { help } from '../src/bot/handlers.js';

/** /help: what the bot is for. */
export default {
  kind: 'slash',
  data: slashCommand('help').toJSON(),
  execute: help,
} satisfies SlashCommand;
