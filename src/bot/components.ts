import type { Action } from './custom-id.js';
import {
  notebookComponent,
  pinsComponent,
  readComponent,
  searchComponent,
  sourcesComponent,
} from './handlers.js';
import type { BotContext, ComponentInput, Response } from './types.js';

/** A handler of one action's components, given the id already decoded. */
export type ComponentHandler<A extends Action> = (
  input: ComponentInput<A>,
  ctx: BotContext,
) => Promise<Response>;

/**
 * The one table of component handlers: each action (one custom-id prefix,
 * see src/bot/custom-id.ts) to the handler that answers it. Typed so that
 * every action has exactly one, and each handler gets only its own ids.
 */
export const COMPONENT_HANDLERS: { readonly [A in Action]: ComponentHandler<A> } = {
  page: searchComponent,
  open: searchComponent,
  post: searchComponent,
  context: searchComponent,
  cite: searchComponent,
  pin: searchComponent,
  notebookAdd: searchComponent,
  read: readComponent,
  pins: pinsComponent,
  sources: sourcesComponent,
  notebook: notebookComponent,
};

/** Runs the handler of a decoded component id. */
export function routeComponent<A extends Action>(
  input: ComponentInput<A>,
  ctx: BotContext,
): Promise<Response> {
  const handler: ComponentHandler<A> = COMPONENT_HANDLERS[input.id.action];
  return handler(input, ctx);
}
