/* global URL */
/**
 * Discord's inline markdown → syntax tree nodes, for markdown.js (which
 * reads the blocks and exports both). Pure: no DOM, no HTML.
 *
 * Time: every delimiter search is a binary search in a list of closer
 * positions computed once per text, and each character is visited once per
 * nesting level (at most MAX_DEPTH), so the parse is O(n log n) whatever the
 * input: no regular expression can backtrack over the text.
 *
 * Rules: `\` escapes, **bold**, *italic* / _italic_, __underline__,
 * ~~strike~~, ||spoiler||, `code`, [masked](https://links), bare and <https://links>,
 * <@user>, <@&role>, <#channel>, <t:unix:style> timestamps, <:custom:emoji>.
 */

/** Nesting deeper than this is shown as plain text. */
export const MAX_DEPTH = 8;

/**
 * @typedef {{ type: 'text', text: string }
 *   | { type: 'strong' | 'em' | 'u' | 's' | 'spoiler', children: Inline[] }
 *   | { type: 'code', text: string }
 *   | { type: 'link', url: string, children: Inline[], masked: boolean }
 *   | { type: 'user' | 'channel' | 'role', id: string }
 *   | { type: 'time', unix: number, style: string }
 *   | { type: 'emoji', name: string, id: string, animated: boolean }} Inline
 */

/**
 * Parses one line of inline markdown (an embed title, a field name).
 * @param {string} text
 * @returns {Inline[]}
 */
export function parseInline(text) {
  return new InlineParser(text).parse(0, text.length, 0);
}

/** Characters a backslash escapes (Discord: anything but letters, digits and spaces). */
function escapable(c) {
  return c !== '' && !/[\p{L}\p{N}\s]/u.test(c);
}

function isSpace(c) {
  return c === '' || /\s/.test(c);
}

function isWord(c) {
  return c !== '' && /[\p{L}\p{N}_]/u.test(c);
}

/** First value in a sorted array that is >= x, or -1. */
function nextAtLeast(list, x) {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] ?? 0) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo < list.length ? (list[lo] ?? -1) : -1;
}

const USER = /<@!?(\d{1,20})>/y;
const ROLE = /<@&(\d{1,20})>/y;
const CHANNEL = /<#(\d{1,20})>/y;
const TIME = /<t:(-?\d{1,13})(?::([tTdDfFR]))?>/y;
const EMOJI = /<(a?):(\w{1,32}):(\d{1,20})>/y;
const ANGLE_URL = /<(https?:\/\/[^\s<>]{1,2000})>/y;
const BARE_URL = /https?:\/\/[^\s<]+/y;

/**
 * One text's inline parser. The closer lists hold, per delimiter, the
 * positions where that delimiter may close a span judging by its
 * neighbours; a closer at the very end of a span is checked separately.
 */
class InlineParser {
  /** @param {string} s */
  constructor(s) {
    this.s = s;
    const n = s.length;
    const escaped = new Uint8Array(n + 1);
    for (let i = 0; i < n; i++) {
      if (s.charAt(i) === '\\' && escapable(s.charAt(i + 1))) {
        escaped[i + 1] = 1;
        i++;
      }
    }
    this.escaped = escaped;
    /** @type {Record<string, number[]>} */
    const lists = {
      '**': [],
      __: [],
      '~~': [],
      '||': [],
      '*': [],
      _: [],
      '`': [],
      '``': [],
      ']': [],
      ')': [],
    };
    for (let p = 0; p < n; p++) {
      const c = s.charAt(p);
      if (c === '`') {
        // Code ignores escapes inside; its closers are every backtick.
        lists['`']?.push(p);
        if (s.charAt(p + 1) === '`') lists['``']?.push(p);
        continue;
      }
      if (escaped[p]) continue;
      const next = s.charAt(p + 1);
      if ((c === '*' || c === '_' || c === '~' || c === '|') && next === c && !escaped[p + 1]) {
        if ((c !== '*' && c !== '_') || s.charAt(p + 2) !== c) lists[c + c]?.push(p);
      }
      if (c === '*' && this.leftOkStar(p) && next !== '*') lists['*']?.push(p);
      if (c === '_' && this.leftOkUnderscore(p) && next !== '_' && !isWord(next)) lists['_']?.push(p);
      if (c === ']') lists[']']?.push(p);
      if (c === ')') lists[')']?.push(p);
    }
    this.lists = lists;
  }

  leftOkStar(p) {
    const before = this.s.charAt(p - 1);
    return !isSpace(before) && before !== '*';
  }

  leftOkUnderscore(p) {
    const before = this.s.charAt(p - 1);
    return !isSpace(before) && before !== '_';
  }

  /**
   * Where a span opened before `from` closes with `delim`, no later than
   * `end`, or -1. `endOk` says whether a closer ending exactly at `end` is
   * fine (its right-hand neighbour lies outside the span).
   */
  closer(delim, from, end, endOk) {
    const len = delim.length;
    const list = this.lists[delim] ?? [];
    const p = nextAtLeast(list, from);
    const found = p >= 0 && p + len <= end ? p : -1;
    const atEnd = end - len;
    if (atEnd >= from && (found < 0 || atEnd < found) && this.s.startsWith(delim, atEnd) && endOk(atEnd)) {
      return atEnd;
    }
    return found;
  }

  /**
   * @param {number} start
   * @param {number} end
   * @param {number} depth
   * @returns {Inline[]}
   */
  parse(start, end, depth) {
    const s = this.s;
    /** @type {Inline[]} */
    const out = [];
    let text = '';
    const push = (node) => {
      if (text !== '') out.push({ type: 'text', text });
      text = '';
      out.push(node);
    };
    const inner = (a, b) =>
      depth + 1 >= MAX_DEPTH ? [{ type: 'text', text: s.slice(a, b) }] : this.parse(a, b, depth + 1);
    let i = start;
    while (i < end) {
      const c = s.charAt(i);
      const c2 = s.charAt(i + 1);
      if (c === '\\' && i + 1 < end && this.escaped[i + 1]) {
        text += c2;
        i += 2;
        continue;
      }
      if (this.escaped[i]) {
        text += c;
        i++;
        continue;
      }
      /** @type {[Inline, number] | null} */
      let hit = null;
      if (c === '`') hit = this.code(i, end);
      else if ((c === '|' || c === '~' || c === '*' || c === '_') && c2 === c) {
        const delim = c + c;
        const at = this.closer(delim, i + 3, end, (p) => !this.escaped[p]);
        if (at >= 0) {
          const type = { '|': 'spoiler', '~': 's', '*': 'strong', _: 'u' }[c] ?? 'strong';
          hit = [/** @type {Inline} */ ({ type, children: inner(i + 2, at) }), at + 2];
        }
      }
      if (hit === null && c === '*' && !isSpace(c2) && c2 !== '*') {
        const at = this.closer('*', i + 2, end, (p) => !this.escaped[p] && this.leftOkStar(p));
        if (at >= 0) hit = [{ type: 'em', children: inner(i + 1, at) }, at + 1];
      }
      if (hit === null && c === '_' && !isWord(s.charAt(i - 1)) && !isSpace(c2) && c2 !== '_') {
        const at = this.closer('_', i + 2, end, (p) => !this.escaped[p] && this.leftOkUnderscore(p));
        if (at >= 0) hit = [{ type: 'em', children: inner(i + 1, at) }, at + 1];
      }
      if (hit === null && c === '[') hit = this.maskedLink(i, end, inner);
      if (hit === null && c === '<') hit = this.angle(i, end);
      if (hit === null && c === 'h' && !isWord(s.charAt(i - 1))) hit = this.bareUrl(i, end);
      if (hit) {
        push(hit[0]);
        i = hit[1];
      } else {
        text += c;
        i++;
      }
    }
    if (text !== '') out.push({ type: 'text', text });
    return out;
  }

  /** @returns {[Inline, number] | null} */
  code(i, end) {
    const s = this.s;
    if (s.charAt(i + 1) === '`') {
      const at = nextAtLeast(this.lists['``'] ?? [], i + 3);
      if (at >= 0 && at + 2 <= end) return [{ type: 'code', text: s.slice(i + 2, at) }, at + 2];
      return null;
    }
    const at = nextAtLeast(this.lists['`'] ?? [], i + 2);
    if (at >= 0 && at + 1 <= end) return [{ type: 'code', text: s.slice(i + 1, at) }, at + 1];
    return null;
  }

  /** [text](https://url) or [text](<https://url>). */
  maskedLink(i, end, inner) {
    const s = this.s;
    const close = nextAtLeast(this.lists[']'] ?? [], i + 2);
    if (close < 0 || close >= end || s.charAt(close + 1) !== '(') return null;
    const paren = nextAtLeast(this.lists[')'] ?? [], close + 2);
    if (paren < 0 || paren >= end) return null;
    let url = s.slice(close + 2, paren).trim();
    if (url.startsWith('<') && url.endsWith('>')) url = url.slice(1, -1);
    if (!safeUrl(url)) return null;
    return [{ type: 'link', url, children: inner(i + 1, close), masked: true }, paren + 1];
  }

  /** <@id>, <@&id>, <#id>, <t:unix:style>, <:emoji:id>, <https://url>. */
  angle(i, end) {
    const s = this.s;
    /** @param {RegExp} re */
    const at = (re) => {
      re.lastIndex = i;
      const m = re.exec(s);
      return m && re.lastIndex <= end ? m : null;
    };
    let m = at(USER);
    if (m) return [{ type: 'user', id: m[1] ?? '' }, i + m[0].length];
    m = at(ROLE);
    if (m) return [{ type: 'role', id: m[1] ?? '' }, i + m[0].length];
    m = at(CHANNEL);
    if (m) return [{ type: 'channel', id: m[1] ?? '' }, i + m[0].length];
    m = at(TIME);
    if (m) return [{ type: 'time', unix: Number(m[1]), style: m[2] ?? 'f' }, i + m[0].length];
    m = at(EMOJI);
    if (m)
      return [{ type: 'emoji', animated: m[1] === 'a', name: m[2] ?? '', id: m[3] ?? '' }, i + m[0].length];
    m = at(ANGLE_URL);
    if (m && safeUrl(m[1] ?? '')) {
      const url = m[1] ?? '';
      return [{ type: 'link', url, children: [{ type: 'text', text: url }], masked: false }, i + m[0].length];
    }
    return null;
  }

  bareUrl(i, end) {
    BARE_URL.lastIndex = i;
    const m = BARE_URL.exec(this.s);
    if (!m) return null;
    let url = m[0].slice(0, end - i);
    // Trailing punctuation ends the sentence, not the address.
    let cut = url.length;
    while (cut > 0 && '.,:;!?"\')]'.includes(url.charAt(cut - 1))) cut--;
    url = url.slice(0, cut);
    if (!safeUrl(url)) return null;
    return [{ type: 'link', url, children: [{ type: 'text', text: url }], masked: false }, i + url.length];
  }
}

/**
 * Only absolute http and https addresses become links: never javascript:,
 * data: or anything relative.
 * @param {string} url
 */
export function safeUrl(url) {
  if (!/^https?:\/\/[^\s]+$/i.test(url) || url.length > 2000) return false;
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '';
  } catch {
    return false;
  }
}
