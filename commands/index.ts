import type { Command } from '../src/bot/command.js';
import cite from './cite.js';
import findSources from './find-sources.js';
import help from './help.js';
import notebook from './notebook.js';
import pin from './pin.js';
import pins from './pins.js';
import language from './language.js';
import quote from './quote.js';
import read from './read.js';
import search from './search.js';
import settings from './settings.js';
import sources from './sources.js';

/** The one explicit list of commands: the runtime and the deploy script both read it. */
export const commands: readonly Command[] = [
  search,
  quote,
  cite,
  pin,
  pins,
  notebook,
  read,
  sources,
  language,
  settings,
  help,
  findSources,
];
