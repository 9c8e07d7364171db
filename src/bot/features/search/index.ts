import type { Feature } from '../../define.js';
import { findSourcesCommand, searchCommand } from './command.js';
import { searchComponents } from './components.js';

/** Search: /search, "Find sources", and the buttons and menu of a result list. */
export const search = {
  commands: [searchCommand, findSourcesCommand],
  components: searchComponents,
} satisfies Feature;
