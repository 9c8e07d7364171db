import type { Feature } from '../../define.js';
import { helpCommand, languageCommand, settingsCommand } from './commands.js';

/** Preferences and help: /language, /settings, /help. No components. */
export const settings = {
  commands: [languageCommand, settingsCommand, helpCommand],
  components: {},
} satisfies Feature;
