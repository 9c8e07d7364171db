/* global document, KeyboardEvent */
/**
 * The markdown tree of markdown.js as DOM nodes: text in text nodes only,
 * spoilers hidden and inert until revealed, links that ask before leaving,
 * mentions by name, timestamps in the chosen Discord language.
 */
import { append, h } from './dom.js';
import { parseInline, parseMarkdown, safeUrl } from './markdown.js';

/** @typedef {import('./render.js').Env} Env */

/**
 * @param {string} text
 * @param {Env} env
 */
export function markdown(text, env) {
  const frag = document.createDocumentFragment();
  for (const block of parseMarkdown(text)) frag.appendChild(blockNode(block, env));
  return frag;
}

/**
 * @param {string} text
 * @param {Env} env
 */
export function inlineMarkdown(text, env) {
  const frag = document.createDocumentFragment();
  append(frag, inlineNodes(parseInline(text), env));
  return frag;
}

/** @param {import('./markdown.js').Block} b @param {Env} env @returns {Node} */
function blockNode(b, env) {
  switch (b.type) {
    case 'paragraph':
      return h('div', { class: 'md-p' }, ...inlineNodes(b.children, env));
    case 'heading':
      return h(`h${b.level + 3}`, { class: `md-h md-h${b.level}` }, ...inlineNodes(b.children, env));
    case 'subtext':
      return h('small', { class: 'md-sub' }, ...inlineNodes(b.children, env));
    case 'quote':
      return h('blockquote', { class: 'md-quote' }, ...b.children.map((c) => blockNode(c, env)));
    case 'list':
      return h(
        b.ordered ? 'ol' : 'ul',
        { class: 'md-list', start: b.ordered && b.start !== 1 ? b.start : null },
        ...b.items.map((item) => h('li', {}, ...inlineNodes(item, env))),
      );
    case 'codeblock':
      return h('pre', { class: 'md-pre' }, h('code', { 'data-lang': b.lang || null }, b.text));
    default:
      return document.createTextNode('');
  }
}

/** @param {import('./markdown.js').Inline[]} nodes @param {Env} env @returns {Node[]} */
function inlineNodes(nodes, env) {
  return nodes.map((n) => inlineNode(n, env));
}

const TAGS = { strong: 'strong', em: 'em', u: 'u', s: 's' };

/** @param {import('./markdown.js').Inline} n @param {Env} env @returns {Node} */
function inlineNode(n, env) {
  switch (n.type) {
    case 'text':
      return document.createTextNode(n.text);
    case 'strong':
    case 'em':
    case 'u':
    case 's':
      return h(TAGS[n.type], {}, ...inlineNodes(n.children, env));
    case 'code':
      return h('code', { class: 'md-code' }, n.text);
    case 'spoiler':
      return spoiler(inlineNodes(n.children, env));
    case 'link':
      return link(n.url, inlineNodes(n.children, env), env);
    case 'user': {
      const name = env.userName(n.id);
      return h('span', { class: 'mention' }, `@${name ?? 'unknown-user'}`);
    }
    case 'role':
      return h('span', { class: 'mention' }, '@role');
    case 'channel': {
      const name = env.channelName(n.id);
      if (name === null) return h('span', { class: 'mention' }, '#unknown');
      const b = h('button', { type: 'button', class: 'mention', title: `Go to #${name}` }, `#${name}`);
      b.addEventListener('click', () => env.onChannel(n.id));
      return b;
    }
    case 'time':
      return timestamp(n.unix, n.style, env.locale);
    case 'emoji':
      // Custom emoji images live on Discord's CDN: shown by name instead.
      return h('span', { class: 'emoji-name' }, `:${n.name}:`);
    default:
      return document.createTextNode('');
  }
}

/**
 * A spoiler: hidden (and inert, so nothing inside can be focused or read)
 * until clicked or activated with Enter or Space.
 * @param {(Node | string)[]} children
 * @param {string} [label]
 */
export function spoiler(children, label = 'Spoiler, press to reveal') {
  const inner = h('span', { class: 'spoiler-inner', 'aria-hidden': 'true' }, ...children);
  inner.inert = true;
  const el = h('span', { class: 'spoiler', role: 'button', tabindex: '0', 'aria-label': label }, inner);
  const reveal = (/** @type {Event} */ e) => {
    if (!el.classList.contains('spoiler')) return;
    e.preventDefault();
    e.stopPropagation();
    el.className = 'spoiler-revealed';
    el.removeAttribute('role');
    el.removeAttribute('tabindex');
    el.removeAttribute('aria-label');
    inner.removeAttribute('aria-hidden');
    inner.inert = false;
  };
  el.addEventListener('click', reveal);
  el.addEventListener('keydown', (e) => {
    if (e instanceof KeyboardEvent && (e.key === 'Enter' || e.key === ' ')) reveal(e);
  });
  return el;
}

/**
 * A link that leaves the playground only after the person confirms.
 * @param {string} url
 * @param {(Node | string)[]} children
 * @param {Env} env
 */
export function link(url, children, env) {
  if (!safeUrl(url)) return h('span', {}, ...children);
  const a = h(
    'a',
    { class: 'md-link', href: url, title: url, rel: 'noopener noreferrer nofollow' },
    ...children,
  );
  a.addEventListener('click', (e) => {
    e.preventDefault();
    env.onLink(url);
  });
  return a;
}

/** Intl options for each <t:…:style> letter; the message and embed times use them too. */
export const STYLES = {
  t: { timeStyle: 'short' },
  T: { timeStyle: 'medium' },
  d: { dateStyle: 'short' },
  D: { dateStyle: 'long' },
  f: { dateStyle: 'long', timeStyle: 'short' },
  F: { dateStyle: 'full', timeStyle: 'short' },
};

/**
 * <t:unix:style> as Discord shows it, in the chosen Discord language.
 * @param {number} unix
 * @param {string} style
 * @param {string} locale
 */
export function timestamp(unix, style, locale) {
  const date = new Date(unix * 1000);
  if (Number.isNaN(date.getTime())) return h('span', {}, `<t:${unix}>`);
  const full = formatDate(date, locale, STYLES.F);
  const text = style === 'R' ? relative(date, locale) : formatDate(date, locale, STYLES[style] ?? STYLES.f);
  return h('time', { class: 'md-time', datetime: date.toISOString(), title: full }, text);
}

/** @param {Date} date @param {string} locale @param {Intl.DateTimeFormatOptions} options */
export function formatDate(date, locale, options) {
  try {
    return new Intl.DateTimeFormat(locale, options).format(date);
  } catch {
    return new Intl.DateTimeFormat('en-US', options).format(date);
  }
}

/** @param {Date} date @param {string} locale */
function relative(date, locale) {
  const seconds = (date.getTime() - Date.now()) / 1000;
  const units = /** @type {const} */ ([
    ['year', 31536000],
    ['month', 2592000],
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
    ['second', 1],
  ]);
  let rtf;
  try {
    rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  } catch {
    rtf = new Intl.RelativeTimeFormat('en-US', { numeric: 'auto' });
  }
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size || unit === 'second') return rtf.format(Math.round(seconds / size), unit);
  }
  return '';
}
