/**
 * Discord markdown → a small syntax tree. Pure: no DOM, no HTML. The page's
 * renderer (render.js) turns the tree into DOM nodes with text nodes only,
 * so nothing the bot or a user wrote is ever parsed as HTML.
 *
 * This file reads the blocks: ``` code blocks, `>` and `>>>` block quotes,
 * `#`/`##`/`###` headings, `-#` small text, `-`/`*`/`1.` list items,
 * paragraphs. The text inside them goes to markdown-inline.js (escapes,
 * emphasis, spoilers, code, links, mentions, timestamps, emoji), whose
 * exports are this module's too, so that the page and the tests import one
 * file.
 */
import { parseInline } from './markdown-inline.js';

export { MAX_DEPTH, parseInline, safeUrl } from './markdown-inline.js';

/**
 * @typedef {import('./markdown-inline.js').Inline} Inline
 * @typedef {{ type: 'paragraph' | 'subtext', children: Inline[] }
 *   | { type: 'heading', level: 1 | 2 | 3, children: Inline[] }
 *   | { type: 'quote', children: Block[] }
 *   | { type: 'list', ordered: boolean, start: number, items: Inline[][] }
 *   | { type: 'codeblock', lang: string, text: string }} Block
 */

/**
 * Parses a message's content (or an embed's description or field value).
 * @param {string} text
 * @returns {Block[]}
 */
export function parseMarkdown(text) {
  const out = [];
  let pos = 0;
  // Code blocks first: their content is literal and may span any lines.
  while (pos < text.length) {
    const open = findFence(text, pos);
    const close = open < 0 ? -1 : text.indexOf('```', open + 3);
    if (open < 0 || close < 0) break;
    // The newlines around a fence belong to the fence, as in Discord.
    if (open > pos)
      out.push(...parseLines(text.slice(pos, text.charAt(open - 1) === '\n' ? open - 1 : open), true));
    out.push(codeBlock(text.slice(open + 3, close)));
    pos = close + 3;
    if (text.charAt(pos) === '\n') pos++;
  }
  if (pos < text.length) out.push(...parseLines(text.slice(pos), true));
  return out;
}

/** The next ``` that is not escaped by a backslash, from `from`. */
function findFence(text, from) {
  let at = text.indexOf('```', from);
  while (at >= 0 && isEscapedAt(text, at)) at = text.indexOf('```', at + 1);
  return at;
}

/** True when an odd number of backslashes stands right before `at`. */
function isEscapedAt(text, at) {
  let n = 0;
  for (let i = at - 1; i >= 0 && text.charAt(i) === '\\'; i--) n++;
  return n % 2 === 1;
}

function codeBlock(code) {
  const inner = code.endsWith('\n') ? code.slice(0, -1) : code;
  // ```lang\ncode```: a first line that is one word names the language.
  const nl = inner.indexOf('\n');
  if (nl > 0 && /^[\w+#.-]{1,32}$/.test(inner.slice(0, nl))) {
    return { type: 'codeblock', lang: inner.slice(0, nl), text: inner.slice(nl + 1) };
  }
  return { type: 'codeblock', lang: '', text: inner.startsWith('\n') ? inner.slice(1) : inner };
}

const LIST_ITEM = /^ {0,8}([-*]|(\d{1,9})\.) (.*)$/s;

/**
 * Line-based blocks. Lines that are not special are kept together, newlines
 * included, in one paragraph (the page shows them with white-space: pre-wrap).
 * @param {string} text
 * @param {boolean} quotes whether block quotes may start here (they do not nest)
 * @returns {Block[]}
 */
function parseLines(text, quotes) {
  const lines = text.split('\n');
  /** @type {Block[]} */
  const out = [];
  /** @type {string[]} */
  let para = [];
  const flush = () => {
    if (para.length > 1 || (para.length === 1 && para[0] !== ''))
      out.push({ type: 'paragraph', children: parseInline(para.join('\n')) });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (quotes && (line.startsWith('>>> ') || line === '>>>')) {
      flush();
      const rest = [line.slice(4), ...lines.slice(i + 1)].join('\n');
      out.push({ type: 'quote', children: parseLines(rest, false) });
      return out;
    }
    if (quotes && (line.startsWith('> ') || line === '>')) {
      flush();
      const quoted = [];
      while (i < lines.length && ((lines[i] ?? '').startsWith('> ') || lines[i] === '>')) {
        quoted.push((lines[i] ?? '').slice(2));
        i++;
      }
      i--;
      out.push({ type: 'quote', children: parseLines(quoted.join('\n'), false) });
      continue;
    }
    const heading = /^(#{1,3}) (?=\S)/.exec(line);
    if (heading) {
      flush();
      const level = /** @type {1 | 2 | 3} */ ((heading[1] ?? '#').length);
      out.push({ type: 'heading', level, children: parseInline(line.slice(level + 1)) });
      continue;
    }
    if (line.startsWith('-# ') && line.length > 3) {
      flush();
      out.push({ type: 'subtext', children: parseInline(line.slice(3)) });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      flush();
      const ordered = item[2] !== undefined;
      const last = out[out.length - 1];
      const children = parseInline(item[3] ?? '');
      if (last && last.type === 'list' && last.ordered === ordered) last.items.push(children);
      else out.push({ type: 'list', ordered, start: ordered ? Number(item[2]) : 1, items: [children] });
      continue;
    }
    para.push(line);
  }
  flush();
  return out;
}

/**
 * The plain text of inline nodes (for accessible names and tests).
 * @param {Inline[]} nodes
 * @returns {string}
 */
export function plainText(nodes) {
  let out = '';
  for (const n of nodes) {
    if (n.type === 'text' || n.type === 'code') out += n.text;
    else if ('children' in n) out += plainText(n.children);
    else if (n.type === 'emoji') out += `:${n.name}:`;
  }
  return out;
}
