/**
 * The composer's slash syntax, as Discord's client reads it, without DOM:
 * `/notebook add citation:khojaly-1992:2 note:for Thursday`.
 *
 * A value runs to the next ` name:` where `name` is an option of that
 * (sub)command, in its base name or localized for the chosen Discord
 * language; anything else (quotes, colons, other words) is part of the
 * value. Values are checked the way Discord's client checks them before
 * anything is sent: types, min/max, lengths, choices, required options.
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
function names(item, word, locale) {
  const w = word.toLowerCase();
  if (item.name.toLowerCase() === w || localName(item, locale).toLowerCase() === w) return true;
  return Object.values(item.name_localizations ?? {}).some((n) => n.toLowerCase() === w);
}

/** @param {Named} item @param {string} prefix @param {string} locale */
function startsWith(item, prefix, locale) {
  const p = prefix.toLowerCase();
  return localName(item, locale).toLowerCase().startsWith(p) || item.name.toLowerCase().startsWith(p);
}

/** @param {CommandOption} o */
function isSub(o) {
  return o.type === OptionType.SubCommand || o.type === OptionType.SubCommandGroup;
}

/**
 * Reads `/command [group] [sub]` from the start of the text. With
 * `complete`, the text is a whole line: a word at its end is final, not
 * one still being typed.
 * @param {string} text
 * @param {Context} ctx
 * @param {boolean} complete
 */
function readHead(text, ctx, complete) {
  const first = /^\/(\S*)/.exec(text);
  const token = first?.[1] ?? '';
  let pos = first?.[0].length ?? 0;
  const command = slashCommands(ctx.commands).find((c) => names(c, token, ctx.locale));
  /** @type {{ command: Command | undefined, token: string, path: CommandOption[],
   *  leaf: (Named & { options?: CommandOption[] }) | undefined, pos: number,
   *  error: null | 'notCommand' | 'unknownSub' | 'needsSub', word: string, among: CommandOption[],
   *  partial: null | { kind: 'command' | 'subcommand', from: number, query: string } }} */
  const head = {
    command,
    token,
    path: [],
    leaf: command,
    pos,
    error: null,
    word: '',
    among: [],
    partial: null,
  };
  if (!first) return { ...head, error: /** @type {const} */ ('notCommand') };
  if (pos === text.length && !complete) {
    head.partial = { kind: 'command', from: 0, query: token };
    return head;
  }
  if (!command) return head;
  /** @type {Named & { options?: CommandOption[] }} */
  let leaf = command;
  while ((leaf.options ?? []).some(isSub)) {
    const subs = (leaf.options ?? []).filter(isSub);
    head.among = subs;
    const word = /\s+(\S*)/y;
    word.lastIndex = pos;
    const m = word.exec(text);
    const w = m?.[1] ?? '';
    if (!m || (w === '' && complete)) return { ...head, error: /** @type {const} */ ('needsSub') };
    const from = pos + m[0].length - w.length;
    pos += m[0].length;
    if (pos === text.length && !complete) {
      head.partial = { kind: 'subcommand', from, query: w };
      return head;
    }
    const sub = subs.find((s) => names(s, w, ctx.locale));
    if (!sub) return { ...head, error: /** @type {const} */ ('unknownSub'), word: w };
    head.path.push(sub);
    leaf = sub;
  }
  head.leaf = leaf;
  head.pos = pos;
  return head;
}

/**
 * Finds the ` name:` markers of the leaf's options in the rest of the text.
 * @param {string} text
 * @param {number} from
 * @param {CommandOption[]} options
 * @param {string} locale
 */
function readMarkers(text, from, options, locale) {
  const re = /(^|\s)([^\s:]+):/g;
  const rest = text.slice(from);
  /** @type {{ option: CommandOption, nameStart: number, valueStart: number, word: string }[]} */
  const markers = [];
  for (let m = re.exec(rest); m !== null; m = re.exec(rest)) {
    const word = m[2] ?? '';
    const option = options.find((o) => names(o, word, locale));
    if (!option) continue;
    const nameStart = from + m.index + (m[1] ?? '').length;
    markers.push({ option, nameStart, valueStart: from + m.index + m[0].length, word });
  }
  return markers;
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
function clipText(text) {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/**
 * Reads and checks a whole line. On success, the command's base name and its
 * options in interaction form (subcommands nested, base names, typed values).
 * @param {string} input
 * @param {Context} ctx
 * @returns {{ ok: true, name: string, options: TypedOption[], display: string }
 *   | { ok: false, error: string }}
 */
export function parseSlash(input, ctx) {
  const text = input.trim();
  if (text === '') return { ok: false, error: '' };
  if (!text.startsWith('/'))
    return {
      ok: false,
      error: 'Only slash commands reach the bot in the playground. Type / to see them.',
    };
  const head = readHead(text, ctx, true);
  if (head.error === 'notCommand') return { ok: false, error: 'Type a command after /.' };
  if (!head.command) {
    return {
      ok: false,
      error: `Unknown command /${clipText(head.token)}. Type / to see the commands.`,
    };
  }
  const commandName = localName(head.command, ctx.locale);
  const among = head.among.map((s) => localName(s, ctx.locale)).join(', ');
  if (head.error === 'unknownSub')
    return {
      ok: false,
      error: `/${commandName} has no subcommand “${clipText(head.word)}”: choose ${among}.`,
    };
  if (head.error === 'needsSub') return { ok: false, error: `/${commandName} needs a subcommand: ${among}.` };
  const leafOptions = (head.leaf?.options ?? []).filter((o) => !isSub(o));
  const markers = readMarkers(text, head.pos, leafOptions, ctx.locale);
  /** @type {Map<CommandOption, string>} */
  const given = new Map();
  for (let k = 0; k < markers.length; k++) {
    const m = markers[k];
    if (!m) continue;
    const end = markers[k + 1]?.nameStart ?? text.length;
    if (given.has(m.option))
      return { ok: false, error: `${localName(m.option, ctx.locale)} is given twice.` };
    const raw = text.slice(m.valueStart, end).trim();
    if (raw !== '') given.set(m.option, raw);
  }
  const lead = text.slice(head.pos, markers[0]?.nameStart ?? text.length).trim();
  if (lead !== '') {
    // Like Discord's client: text typed right after the command goes to the
    // first required option that has no value yet.
    const target = leafOptions.find((o) => o.required && !given.has(o));
    if (!target) {
      const first = leafOptions[0];
      const hint = first ? ` Put it after an option name, e.g. ${localName(first, ctx.locale)}:…` : '';
      return {
        ok: false,
        error:
          leafOptions.length === 0
            ? `/${commandName} takes no options.`
            : `“${clipText(lead)}” is not an option.${hint}`,
      };
    }
    given.set(target, lead);
  }
  const missing = leafOptions.filter((o) => o.required && !given.has(o));
  if (missing.length > 0) {
    const list = missing.map((o) => localName(o, ctx.locale)).join(', ');
    return { ok: false, error: `Missing required option${missing.length > 1 ? 's' : ''}: ${list}.` };
  }
  /** @type {TypedOption[]} */
  let options = [];
  for (const o of leafOptions) {
    const raw = given.get(o);
    if (raw === undefined) continue;
    const typed = typeValue(o, raw, ctx);
    if ('error' in typed) return { ok: false, error: typed.error };
    options.push({ name: o.name, type: o.type, value: typed.value });
  }
  for (let k = head.path.length - 1; k >= 0; k--) {
    const sub = head.path[k];
    if (sub) options = [{ name: sub.name, type: sub.type, options }];
  }
  return { ok: true, name: head.command.name, options, display: text };
}

/**
 * What the composer should offer for the text up to the caret: commands,
 * subcommands, option names, or values of the option being typed. `from`
 * and `to` are the part of the text a chosen item replaces.
 * @param {string} text the text up to the caret
 * @param {Context} ctx
 */
export function analyse(text, ctx) {
  if (!text.startsWith('/')) return null;
  const head = readHead(text, ctx, false);
  const to = text.length;
  if (head.partial?.kind === 'command') {
    const items = slashCommands(ctx.commands).filter((c) =>
      startsWith(c, head.partial?.query ?? '', ctx.locale),
    );
    return { kind: /** @type {const} */ ('commands'), items, from: 0, to, command: null, path: [] };
  }
  if (!head.command || head.error !== null) return null;
  const base = { command: head.command, path: head.path, to };
  if (head.partial?.kind === 'subcommand') {
    const items = head.among.filter((s) => startsWith(s, head.partial?.query ?? '', ctx.locale));
    return { ...base, kind: /** @type {const} */ ('subcommands'), items, from: head.partial.from };
  }
  const leafOptions = (head.leaf?.options ?? []).filter((o) => !isSub(o));
  const markers = readMarkers(text, head.pos, leafOptions, ctx.locale);
  const used = new Set(markers.map((m) => m.option));
  const unused = leafOptions.filter((o) => !used.has(o));
  const lastWord = /(\S*)$/.exec(text)?.[1] ?? '';
  const wordFrom = to - lastWord.length;
  const optionsFor = (prefix, from) => ({
    ...base,
    kind: /** @type {const} */ ('options'),
    items: unused.filter((o) => startsWith(o, prefix, ctx.locale)),
    from,
  });
  const last = markers[markers.length - 1];
  if (!last) return optionsFor(lastWord, wordFrom);
  const value = text.slice(last.valueStart);
  if (/\s$/.test(value) && value.trim() !== '') return optionsFor('', to);
  if (/\s/.test(value.trim()) && lastWord !== '' && unused.some((o) => startsWith(o, lastWord, ctx.locale)))
    return optionsFor(lastWord, wordFrom);
  const lead = value.length - value.trimStart().length;
  return {
    ...base,
    kind: /** @type {const} */ ('value'),
    option: last.option,
    query: value.trimStart(),
    from: last.valueStart + lead,
    focused: focusedOptions(text, head.path, markers, ctx),
  };
}

/**
 * The options typed so far in interaction form, the last one focused with its
 * raw text (as Discord sends an autocomplete interaction); values that do not
 * check are left out.
 */
function focusedOptions(text, path, markers, ctx) {
  /** @type {TypedOption[]} */
  let options = [];
  markers.forEach((m, k) => {
    const end = markers[k + 1]?.nameStart ?? text.length;
    const raw = text.slice(m.valueStart, end);
    if (k === markers.length - 1) {
      options.push({ name: m.option.name, type: m.option.type, value: raw.trimStart(), focused: true });
      return;
    }
    const typed = raw.trim() === '' ? { error: 'empty' } : typeValue(m.option, raw, ctx);
    if ('value' in typed) options.push({ name: m.option.name, type: m.option.type, value: typed.value });
  });
  for (let k = path.length - 1; k >= 0; k--) {
    const sub = path[k];
    if (sub) options = [{ name: sub.name, type: sub.type, options }];
  }
  return options;
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

/**
 * Replaces text[from, to) with `insert`, keeping what follows the caret.
 * @param {string} text the whole text
 * @param {number} from
 * @param {number} to
 * @param {string} insert
 */
export function replaceRange(text, from, to, insert) {
  const after = text.slice(to);
  const glue =
    after !== '' && !/^\s/.test(after) && !insert.endsWith(' ') && !insert.endsWith(':') ? ' ' : '';
  const next = text.slice(0, from) + insert + glue + after;
  return { text: next, caret: from + insert.length + glue.length };
}
