import type { Feature } from '../../define.js';
import { pinCommand, pinsCommand } from './command.js';
import { pinsComponent } from './log.js';

/** Moderation: /pin, /pins list and remove, and the paging of the pin log. */
export const pins = {
  commands: [pinCommand, pinsCommand],
  components: { pins: pinsComponent },
} satisfies Feature;
