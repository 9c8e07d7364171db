/**
 * The composer's slash syntax, as Discord's client reads it, without DOM:
 * `/notebook add citation:khojaly-1992:2 note:for Thursday`.
 *
 * A value runs to the next ` name:` where `name` is an option of that
 * (sub)command, in its base name or localized for the chosen Discord
 * language; anything else (quotes, colons, other words) is part of the
 * value. Lines are checked the way Discord's client checks them before
 * anything is sent: this file reads the syntax (the command and its
 * subcommands, the option markers, what to offer at the caret) and checks the
 * line as a whole (unknown names, options given twice, required ones
 * missing); one value's type, limits and choices are slash-values.js's,
 * whose exports are this module's too, so that the page and the tests import
 * one file.
 */
import { clipText, isSub, localName, names, slashCommands, startsWith, typeValue } from './slash-values.js';

export {
  MAX_STRING,
  OptionType,
  localDescription,
  localName,
  slashCommands,
  typeValue,
  valueSuggestions,
} from './slash-values.js';

/**
 * @typedef {import('./slash-values.js').Named} Named
 * @typedef {import('./slash-values.js').CommandOption} CommandOption
 * @typedef {import('./slash-values.js').Command} Command
 * @typedef {import('./slash-values.js').TypedOption} TypedOption
 * @typedef {import('./slash-values.js').Context} Context
 */

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
