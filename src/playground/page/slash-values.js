/**
 * The names and values of slash commands, as Discord's client checks them
 * before anything is sent, for slash.js (which reads the syntax and exports
 * these too): names in any language, one option's value typed and checked
 * (types, min/max, lengths, choices, channels and members), and the static
 * suggestions for a value. Without DOM.
 */

export const OptionType = Object.freeze({
  SubCommand: 1,
  SubCommandGroup: 2,
  String: 3,
  Integer: 4,
  Boolean: 5,
  User: 6,
  Channel: 7,
  Role: 8,
  Mentionable: 9,
  Number: 10,
  Attachment: 11,
});

/** Discord's longest string option value. */
export const MAX_STRING = 6000;

/**
 * @typedef {{ name: string, name_localizations?: Record<string, string> | null,
 *   description?: string, description_localizations?: Record<string, string> | null }} Named
 * @typedef {Named & { type: number, required?: boolean, autocomplete?: boolean,
 *   choices?: (Named & { value: string | number })[], options?: CommandOption[],
 *   min_value?: number, max_value?: number, min_length?: number, max_length?: number,
 *   channel_types?: number[] }} CommandOption
 * @typedef {Named & { id?: string, type?: number, options?: CommandOption[] }} Command
 * @typedef {{ name: string, type: number, value?: string | number | boolean, focused?: boolean,
 *   options?: TypedOption[] }} TypedOption
 * @typedef {{ commands: readonly Command[], locale: string,
 *   users?: readonly { id: string, name: string }[],
 *   channels?: readonly { id: string, name: string }[] }} Context
 */

/**
 * The name Discord's client shows for the chosen language.
 * @param {Named} item
 * @param {string} locale
 */
export function localName(item, locale) {
  return item.name_localizations?.[locale] ?? item.name;
}

/**
 * @param {Named} item
 * @param {string} locale
 */
export function localDescription(item, locale) {
  return item.description_localizations?.[locale] ?? item.description ?? '';
}

/**
 * Chat-input commands only (user and message commands are not typed).
 * @param {readonly Command[]} commands
 */
export function slashCommands(commands) {
  return commands.filter((c) => c.type === undefined || c.type === 1);
}

/**
 * True when `word` names `item`: its base name, the chosen language's name,
 * or any other localized name, ignoring case.
 * @param {Named} item
 * @param {string} word
 * @param {string} locale
 */
export function names(item, word, locale) {
  const w = word.toLowerCase();
  if (item.name.toLowerCase() === w || localName(item, locale).toLowerCase() === w) return true;
  return Object.values(item.name_localizations ?? {}).some((n) => n.toLowerCase() === w);
}

/**
 * True when the chosen language's name or the base name of `item` starts
 * with `prefix`, ignoring case: what the composer offers while typing.
 * @param {Named} item
 * @param {string} prefix
 * @param {string} locale
 */
export function startsWith(item, prefix, locale) {
  const p = prefix.toLowerCase();
  return localName(item, locale).toLowerCase().startsWith(p) || item.name.toLowerCase().startsWith(p);
}

/**
 * Subcommands and their groups are words of the command, not options.
 * @param {CommandOption} o
 */
export function isSub(o) {
  return o.type === OptionType.SubCommand || o.type === OptionType.SubCommandGroup;
}

const fmt = new Intl.NumberFormat('en-US');

/**
 * Checks and types one option's value as Discord's client would.
 * @param {CommandOption} o
 * @param {string} raw
 * @param {Context} ctx
 * @returns {{ value: string | number | boolean } | { error: string }}
 */
export function typeValue(o, raw, ctx) {
  const label = localName(o, ctx.locale);
  const value = raw.trim();
  if (o.choices && o.choices.length > 0) {
    const v = value.toLowerCase();
    const choice = o.choices.find((c) => names(c, value, ctx.locale) || String(c.value).toLowerCase() === v);
    if (!choice) {
      const list = o.choices.map((c) => localName(c, ctx.locale)).join(', ');
      return { error: `${label} must be one of: ${list}.` };
    }
    return { value: choice.value };
  }
  switch (o.type) {
    case OptionType.String: {
      const length = [...value].length;
      const max = Math.min(o.max_length ?? MAX_STRING, MAX_STRING);
      if (length > max)
        return {
          error: `${label} is too long: ${fmt.format(length)} characters, at most ${fmt.format(max)}.`,
        };
      if (o.min_length !== undefined && length < o.min_length)
        return { error: `${label} needs at least ${fmt.format(o.min_length)} characters.` };
      return { value };
    }
    case OptionType.Integer:
    case OptionType.Number: {
      const integer = o.type === OptionType.Integer;
      const ok = integer ? /^[-+]?\d{1,16}$/.test(value) : /^[-+]?(\d{1,16}(\.\d*)?|\.\d+)$/.test(value);
      const n = Number(value);
      if (!ok || !Number.isFinite(n) || (integer && !Number.isSafeInteger(n)))
        return {
          error: `${label} must be ${integer ? 'a whole number' : 'a number'}, not “${clipText(value)}”.`,
        };
      if (o.min_value !== undefined && n < o.min_value)
        return { error: `${label} must be at least ${fmt.format(o.min_value)}.` };
      if (o.max_value !== undefined && n > o.max_value)
        return { error: `${label} must be at most ${fmt.format(o.max_value)}.` };
      return { value: n };
    }
    case OptionType.Boolean: {
      const v = value.toLowerCase();
      if (v === 'true' || v === 'false') return { value: v === 'true' };
      return { error: `${label} must be true or false.` };
    }
    case OptionType.Channel: {
      const channel = findByName(ctx.channels ?? [], value, /^<#(\d+)>$/, '#');
      if (!channel) return { error: `${label}: no channel “${clipText(value)}” here.` };
      return { value: channel.id };
    }
    case OptionType.User: {
      const user = findByName(ctx.users ?? [], value, /^<@!?(\d+)>$/, '@');
      if (!user) return { error: `${label}: no member “${clipText(value)}” here.` };
      return { value: user.id };
    }
    default:
      return { error: `${label}: this kind of option cannot be typed in the playground.` };
  }
}

/**
 * @template {{ id: string, name: string }} T
 * @param {readonly T[]} list
 * @param {string} value
 * @param {RegExp} mention
 * @param {string} sigil
 * @returns {T | undefined}
 */
function findByName(list, value, mention, sigil) {
  const id = mention.exec(value)?.[1] ?? value;
  const name = (value.startsWith(sigil) ? value.slice(1) : value).toLowerCase();
  return list.find((x) => x.id === id || x.name.toLowerCase() === name);
}

/** @param {string} text */
export function clipText(text) {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/**
 * Static suggestions for the value of an option: its choices (by their
 * localized names), true/false, the channels or the members.
 * @param {CommandOption} o
 * @param {string} query
 * @param {Context} ctx
 * @returns {{ label: string, insert: string, description?: string }[]}
 */
export function valueSuggestions(o, query, ctx) {
  const q = query.toLowerCase();
  /** @type {{ label: string, insert: string, description?: string }[]} */
  let items = [];
  if (o.choices && o.choices.length > 0) {
    items = o.choices.map((c) => ({ label: localName(c, ctx.locale), insert: localName(c, ctx.locale) }));
  } else if (o.type === OptionType.Boolean) {
    items = [
      { label: 'true', insert: 'true' },
      { label: 'false', insert: 'false' },
    ];
  } else if (o.type === OptionType.Channel) {
    items = (ctx.channels ?? []).map((c) => ({ label: `#${c.name}`, insert: `#${c.name}` }));
  } else if (o.type === OptionType.User) {
    items = (ctx.users ?? []).map((u) => ({ label: `@${u.name}`, insert: `@${u.name}` }));
  }
  return items.filter((i) => q === '' || i.label.toLowerCase().includes(q));
}
