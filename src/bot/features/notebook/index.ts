import type { Feature } from '../../define.js';
import { notebookCommand } from './command.js';
import { notebookComponent } from './show.js';

/** Study notebooks: /notebook add, show, remove and export, and the notebook's paging. */
export const notebook = {
  commands: [notebookCommand],
  components: { notebook: notebookComponent },
} satisfies Feature;
