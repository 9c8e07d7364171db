import { messageCommand, type MessageCommand } from '../src/bot/command.js';
import { findSources } from '../src/bot/handlers.js';

/** Message context menu "Find sources": no privileged intent, the content comes with the interaction. */
export default {
  kind: 'message',
  data: messageCommand('findSources').toJSON(),
  execute: findSources,
} satisfies MessageCommand;
