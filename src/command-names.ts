/**
 * The names the bot registers with Discord: every command, subcommand and
 * option, in English. They are the contract (Discord sends them back with
 * every interaction, whatever the client's language), so they are code, not
 * text: the locale files only localize them (`commands.<command>.name`,
 * `commands.<command>.subcommands.<key>.name`, `commands.<command>.options.<key>.name`)
 * and describe them.
 *
 * The keys on the left are what the code and the locale files use; the
 * values are the registered names (`contentWarnings` → `content-warnings`).
 * A subcommand's options are the command's: one option key means one name
 * and one description wherever it appears.
 */
export const COMMANDS = {
  search: {
    name: 'search',
    options: { query: 'query', document: 'document', language: 'language', public: 'public' },
  },
  quote: { name: 'quote', options: { citation: 'citation' } },
  cite: { name: 'cite', options: { citation: 'citation', style: 'style' } },
  pin: { name: 'pin', options: { citation: 'citation', note: 'note' } },
  pins: {
    name: 'pins',
    subcommands: { list: 'list', remove: 'remove' },
    options: { channel: 'channel', citation: 'citation' },
  },
  notebook: {
    name: 'notebook',
    subcommands: { add: 'add', show: 'show', remove: 'remove', export: 'export' },
    options: { citation: 'citation', note: 'note', style: 'style', format: 'format', public: 'public' },
  },
  read: { name: 'read', options: { document: 'document', paragraph: 'paragraph' } },
  sources: { name: 'sources', options: {} },
  language: { name: 'language', options: { language: 'language' } },
  settings: { name: 'settings', options: { language: 'language', contentWarnings: 'content-warnings' } },
  help: { name: 'help', options: {} },
} as const;

/** The message context-menu commands (right-click a message → Apps). */
export const MESSAGE_COMMANDS = { findSources: { name: 'Find sources' } } as const;

/** A slash command, by its key. */
export type CommandName = keyof typeof COMMANDS;

/** A message command, by its key. */
export type MessageCommandName = keyof typeof MESSAGE_COMMANDS;

/** The subcommand keys of a command (never for commands without subcommands). */
export type SubcommandKey<C extends CommandName> = (typeof COMMANDS)[C] extends {
  readonly subcommands: infer S;
}
  ? keyof S & string
  : never;

/** The option keys of a command. */
export type OptionKey<C extends CommandName> = keyof (typeof COMMANDS)[C]['options'] & string;

/**
 * What a text can name: a command (`search`), a subcommand (`pins remove`)
 * or a message command (`findSources`). Locale strings write it as
 * `$t(cmd.search)`, `$t(cmd.pins remove)`, `$t(cmd.findSources)`.
 */
export type CommandRef =
  { [C in CommandName]: C | `${C} ${SubcommandKey<C>}` }[CommandName] | MessageCommandName;

/** An option a text can name: `$t(opt.settings.contentWarnings)`. */
export type OptionRef = { [C in CommandName]: `${C}.${OptionKey<C>}` }[CommandName];

interface Spec {
  readonly name: string;
  readonly subcommands?: Readonly<Record<string, string>>;
  readonly options: Readonly<Record<string, string>>;
}

/** The commands as plain records, for code that walks all of them. */
export function commandSpecs(): readonly (readonly [string, Spec])[] {
  return Object.entries(COMMANDS as Readonly<Record<string, Spec>>);
}

/**
 * Where the locale files describe a command, subcommand or option:
 * `<key>.description` in every language, `<key>.name` (its localized name)
 * in every language but English, whose names are the ones here.
 */
export const localeKey = {
  command: (command: string): string => `commands.${command}`,
  subcommand: (command: string, sub: string): string => `commands.${command}.subcommands.${sub}`,
  option: (command: string, option: string): string => `commands.${command}.options.${option}`,
} as const;

/** Every name-localization key a locale other than English must give, in a stable order. */
export function nameKeys(): string[] {
  const keys: string[] = [];
  for (const [command, spec] of commandSpecs()) {
    keys.push(`${localeKey.command(command)}.name`);
    for (const sub of Object.keys(spec.subcommands ?? {}))
      keys.push(`${localeKey.subcommand(command, sub)}.name`);
    for (const option of Object.keys(spec.options)) keys.push(`${localeKey.option(command, option)}.name`);
  }
  for (const command of Object.keys(MESSAGE_COMMANDS)) keys.push(`${localeKey.command(command)}.name`);
  return keys;
}

/**
 * Every command reference a text can make, with how it reads: `cmd.<ref>` →
 * `/search`, `/pins remove`, `Find sources`, and `opt.<command>.<option>` →
 * `content-warnings`. `shown(key, base)` gives the name the reader's client
 * shows for a name key: the localization where Discord has the locale, else
 * the base name.
 */
export function commandReferences(shown: (key: string, base: string) => string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [command, spec] of commandSpecs()) {
    const name = shown(`${localeKey.command(command)}.name`, spec.name);
    out.set(`cmd.${command}`, `/${name}`);
    for (const [sub, base] of Object.entries(spec.subcommands ?? {}))
      out.set(
        `cmd.${command} ${sub}`,
        `/${name} ${shown(`${localeKey.subcommand(command, sub)}.name`, base)}`,
      );
    for (const [option, base] of Object.entries(spec.options))
      out.set(`opt.${command}.${option}`, shown(`${localeKey.option(command, option)}.name`, base));
  }
  for (const [command, spec] of Object.entries(MESSAGE_COMMANDS))
    out.set(`cmd.${command}`, shown(`${localeKey.command(command)}.name`, spec.name));
  return out;
}
