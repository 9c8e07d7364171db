import type { Action } from './custom-id.js';
import type { Command, ComponentSpec, MessageCommand, SlashCommand } from './define.js';
import { notebook } from './features/notebook/index.js';
import { pins } from './features/pins/index.js';
import { reading } from './features/reading/index.js';
import { search } from './features/search/index.js';
import { settings } from './features/settings/index.js';

/** The features, in the order their commands are registered and listed. */
const FEATURES = [search, reading, pins, notebook, settings] as const;

/**
 * Every component handler by its action (one custom-id prefix). Typed so that
 * every action the codec knows has exactly one handler: a missing one fails
 * `tsc`, and tests/registry.test.ts fails on one claimed by two features.
 */
const COMPONENTS = {
  ...search.components,
  ...reading.components,
  ...pins.components,
  ...notebook.components,
  ...settings.components,
} satisfies { readonly [A in Action]: ComponentSpec<A> };

/** What the gateway adapter, the deploy script, the playground and the HTTP mode read. */
export interface Registry {
  /** Every command, in registration order. */
  readonly commands: readonly Command[];
  /** The features, each with its own commands and components. */
  readonly features: typeof FEATURES;
  slash(name: string): SlashCommand | undefined;
  message(name: string): MessageCommand | undefined;
  component<A extends Action>(action: A): ComponentSpec<A>;
}

function build(): Registry {
  const commands = FEATURES.flatMap((f): readonly Command[] => f.commands);
  const slash = new Map<string, SlashCommand>();
  const message = new Map<string, MessageCommand>();
  for (const c of commands) {
    if (c.kind === 'slash') slash.set(c.data.name, c);
    else message.set(c.data.name, c);
  }
  return {
    commands,
    features: FEATURES,
    slash: (name) => slash.get(name),
    message: (name) => message.get(name),
    // Typed per action by COMPONENTS' own type: each handler gets only its ids.
    component: <A extends Action>(action: A) => COMPONENTS[action] as ComponentSpec<A>,
  };
}

/** The one registry of commands (by name) and component handlers (by custom-id prefix). */
export const registry: Registry = build();
