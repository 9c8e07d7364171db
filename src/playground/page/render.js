/* global document, Node, KeyboardEvent */
/**
 * Messages as Discord draws them, built as DOM nodes. Every piece of text
 * the bot or a user wrote goes into a text node (createTextNode or
 * textContent); attributes are set one by one, and an href only ever holds
 * an address that `safeUrl` accepted or a same-origin attachment path.
 */
import { parseInline, parseMarkdown, safeUrl } from './markdown.js';

/**
 * @typedef {{
 *   locale: string,
 *   userName: (id: string) => string | null,
 *   channelName: (id: string) => string | null,
 *   onChannel: (id: string) => void,
 *   onLink: (url: string) => void,
 *   onComponent: (message: any, component: any, values?: string[]) => void,
 *   onDismiss: (message: any) => void,
 *   compact?: boolean,
 * }} Env
 */

let uid = 0;
/** A fresh DOM id (never derived from message text). */
export function freshId(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}

/**
 * h('div', { class: 'x', 'aria-label': 'y' }, child, 'text', …)
 * @param {string} tag
 * @param {Record<string, string | boolean | number | null | undefined>} [attrs]
 * @param {...(Node | string | null | undefined | false)} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

/** @param {Node} el @param {(Node | string | null | undefined | false)[]} children */
function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

// ---- markdown ---------------------------------------------------------

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
function link(url, children, env) {
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

const STYLES = {
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

// ---- messages ---------------------------------------------------------

const EPHEMERAL = 64;
const LOADING = 128;

/** Initials for an avatar drawn in CSS (no images are loaded). */
function avatar(author) {
  const letter = [...(author.name ?? '?').trim()][0] ?? '?';
  let hash = 0;
  for (const ch of String(author.id ?? '')) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return h('div', { class: `avatar avatar-${author.bot ? 'bot' : hash % 5}`, 'aria-hidden': 'true' }, letter);
}

/**
 * One message of the channel.
 * @param {import('../protocol.js').PlaygroundMessage & { local?: boolean }} m
 * @param {Env} env
 */
export function renderMessage(m, env) {
  const ephemeral = (m.flags & EPHEMERAL) !== 0;
  const loading = (m.flags & LOADING) !== 0;
  const headId = freshId('msg-head');
  const article = h('article', {
    class: `msg${ephemeral ? ' msg-ephemeral' : ''}${m.local ? ' msg-local' : ''}`,
    'data-message-id': m.id,
    'aria-labelledby': headId,
    tabindex: '-1',
  });
  if (m.interaction) {
    article.appendChild(
      h(
        'div',
        { class: 'msg-used' },
        h('span', { class: 'used-arrow', 'aria-hidden': 'true' }, '↱'),
        h('span', { class: 'used-name' }, m.interaction.userName),
        ' used ',
        h('span', { class: 'used-command' }, m.interaction.command),
      ),
    );
  }
  const body = h('div', { class: 'msg-body' });
  const when = new Date(m.timestamp);
  body.appendChild(
    h(
      'h3',
      { class: 'msg-head', id: headId },
      h('span', { class: 'msg-author' }, m.author.name),
      m.author.bot ? h('span', { class: 'tag' }, m.local ? 'SYSTEM' : 'APP') : null,
      Number.isNaN(when.getTime())
        ? null
        : h(
            'time',
            {
              class: 'msg-time',
              datetime: when.toISOString(),
              title: formatDate(when, env.locale, STYLES.F),
            },
            formatDate(when, env.locale, { hour: '2-digit', minute: '2-digit' }),
          ),
      m.pinned ? h('span', { class: 'msg-pinned' }, '📌 Pinned') : null,
    ),
  );
  if (loading) {
    body.appendChild(
      h(
        'div',
        { class: 'thinking', role: 'status' },
        `${m.author.name} is thinking`,
        h(
          'span',
          { class: 'dots', 'aria-hidden': 'true' },
          h('span', {}, '.'),
          h('span', {}, '.'),
          h('span', {}, '.'),
        ),
      ),
    );
  }
  if (m.content) body.appendChild(h('div', { class: 'msg-content' }, markdown(m.content, env)));
  for (const e of m.embeds ?? []) body.appendChild(embed(e, env));
  if ((m.attachments ?? []).length > 0) {
    body.appendChild(h('div', { class: 'attachments' }, ...m.attachments.map((a) => attachment(a))));
  }
  if (!env.compact) {
    for (const row of m.components ?? []) body.appendChild(actionRow(row, m, env));
  }
  if (ephemeral && !env.compact) {
    const dismiss = h('button', { type: 'button', class: 'linkish' }, 'Dismiss message');
    dismiss.addEventListener('click', () => env.onDismiss(m));
    body.appendChild(
      h(
        'div',
        { class: 'ephemeral-note' },
        h('span', { 'aria-hidden': 'true' }, '👁 '),
        'Only you can see this · ',
        dismiss,
      ),
    );
  }
  article.append(h('div', { class: 'msg-main' }, avatar(m.author), body));
  return article;
}

/** Discord's integer colour to #rrggbb. */
function hex(color) {
  return `#${(color >>> 0).toString(16).padStart(6, '0').slice(-6)}`;
}

/**
 * @param {import('discord.js').APIEmbed} e
 * @param {Env} env
 */
function embed(e, env) {
  const el = h('div', { class: 'embed' });
  // CSSOM, not a style attribute: allowed by a CSP without 'unsafe-inline'.
  if (typeof e.color === 'number') el.style.borderLeftColor = hex(e.color);
  if (e.author?.name) {
    const name =
      e.author.url && safeUrl(e.author.url) ? link(e.author.url, [e.author.name], env) : e.author.name;
    el.appendChild(h('div', { class: 'embed-author' }, name));
  }
  if (e.title) {
    const title = inlineMarkdown(e.title, env);
    el.appendChild(
      h('div', { class: 'embed-title' }, e.url && safeUrl(e.url) ? link(e.url, [title], env) : title),
    );
  }
  if (e.description) el.appendChild(h('div', { class: 'embed-desc' }, markdown(e.description, env)));
  const fields = e.fields ?? [];
  if (fields.length > 0) {
    const box = h('div', { class: 'embed-fields' });
    /** @type {typeof fields} */
    let row = [];
    const flush = () => {
      if (row.length === 0) return;
      box.appendChild(
        h(
          'div',
          { class: `embed-row cols-${row.length}` },
          ...row.map((f) =>
            h(
              'div',
              { class: 'embed-field' },
              h('div', { class: 'embed-field-name' }, inlineMarkdown(f.name, env)),
              h('div', { class: 'embed-field-value' }, markdown(f.value, env)),
            ),
          ),
        ),
      );
      row = [];
    };
    for (const f of fields) {
      if (!f.inline || row.length === 3 || (row.length > 0 && !row[0]?.inline)) flush();
      row.push(f);
      if (!f.inline) flush();
    }
    flush();
    el.appendChild(box);
  }
  if (e.image?.url || e.thumbnail?.url) {
    el.appendChild(h('div', { class: 'embed-note' }, '(image not loaded in the playground)'));
  }
  const footer = [];
  if (e.footer?.text) footer.push(e.footer.text);
  if (e.timestamp) {
    const d = new Date(e.timestamp);
    if (!Number.isNaN(d.getTime())) footer.push(formatDate(d, env.locale, STYLES.f));
  }
  if (footer.length > 0) el.appendChild(h('div', { class: 'embed-footer' }, footer.join(' • ')));
  return el;
}

/** @param {number} bytes */
export function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(2)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

/**
 * A file: its name as a download link to its (same-origin) url, and size.
 * @param {import('discord.js').APIAttachment} a
 */
function attachment(a) {
  const url = String(a.url ?? '');
  // Attachments come from the playground server itself: relative paths only.
  const sameOrigin = url.startsWith('/') && !url.startsWith('//');
  const name = String(a.filename ?? 'file');
  const card = h(
    'div',
    { class: 'file' },
    h('span', { class: 'file-icon', 'aria-hidden': 'true' }, '📄'),
    h(
      'div',
      { class: 'file-meta' },
      sameOrigin
        ? h('a', { class: 'file-name', href: url, download: name }, name)
        : h('span', { class: 'file-name' }, name),
      h('div', { class: 'file-size' }, formatSize(Number(a.size ?? 0))),
    ),
  );
  return name.startsWith('SPOILER_') ? spoiler([card], `Spoiler file ${name}, press to reveal`) : card;
}

/**
 * @param {any} row
 * @param {any} m
 * @param {Env} env
 */
function actionRow(row, m, env) {
  const el = h('div', { class: 'action-row', role: 'group' });
  for (const c of row.components ?? []) {
    if (c.type === 2) el.appendChild(button(c, m, env));
    else if (c.type === 3) el.appendChild(select(c, m, env));
    else el.appendChild(h('span', { class: 'unsupported' }, '(a component the playground does not draw)'));
  }
  return el;
}

const BUTTON_STYLES = { 1: 'primary', 2: 'secondary', 3: 'success', 4: 'danger', 5: 'link', 6: 'premium' };

function emojiLabel(emoji) {
  if (!emoji) return null;
  return h(
    'span',
    { class: 'btn-emoji', 'aria-hidden': emoji.id ? null : 'true' },
    emoji.id ? `:${emoji.name}:` : emoji.name,
  );
}

/**
 * @param {any} c
 * @param {any} m
 * @param {Env} env
 */
function button(c, m, env) {
  const style = BUTTON_STYLES[c.style] ?? 'secondary';
  const label = c.label ? h('span', { class: 'btn-label' }, c.label) : null;
  // An emoji-only button still needs a name: its emoji's.
  const aria = !c.label && c.emoji ? c.emoji.name : null;
  if (c.style === 5) {
    const ok = typeof c.url === 'string' && safeUrl(c.url);
    const a = h(
      'a',
      {
        class: `btn btn-${style}`,
        href: ok && !c.disabled ? c.url : null,
        role: c.disabled || !ok ? 'link' : null,
        'aria-disabled': c.disabled || !ok ? 'true' : null,
        'aria-label': aria,
        rel: 'noopener noreferrer nofollow',
      },
      emojiLabel(c.emoji),
      label,
      h('span', { class: 'btn-ext', 'aria-hidden': 'true' }, '↗'),
    );
    a.addEventListener('click', (e) => {
      e.preventDefault();
      if (ok && !c.disabled) env.onLink(c.url);
    });
    return a;
  }
  const b = h(
    'button',
    {
      type: 'button',
      class: `btn btn-${style}`,
      disabled: Boolean(c.disabled),
      'aria-label': aria,
      'data-focus-key': `c:${c.custom_id}`,
    },
    emojiLabel(c.emoji),
    label,
  );
  b.addEventListener('click', () => {
    b.setAttribute('aria-busy', 'true');
    b.classList.add('btn-busy');
    env.onComponent(m, c);
  });
  return b;
}

/**
 * A string select as Discord draws it: a button that opens a listbox of
 * options with their descriptions (the select-only combobox pattern,
 * keyboard: Enter/Space/↓ open, ↑/↓/Home/End move, Enter chooses, Esc closes).
 * @param {any} c
 * @param {any} m
 * @param {Env} env
 */
function select(c, m, env) {
  const listId = freshId('select');
  const options = c.options ?? [];
  const chosen = options.find((o) => o.default);
  const valueText = h(
    'span',
    { class: 'select-value' },
    chosen ? chosen.label : (c.placeholder ?? 'Make a selection'),
  );
  const trigger = h(
    'button',
    {
      type: 'button',
      class: 'select-button',
      'aria-haspopup': 'listbox',
      'aria-expanded': 'false',
      'aria-controls': listId,
      disabled: Boolean(c.disabled),
      'data-focus-key': `c:${c.custom_id}`,
    },
    valueText,
    h('span', { class: 'select-caret', 'aria-hidden': 'true' }, '▾'),
  );
  const list = h('ul', {
    class: 'select-list',
    role: 'listbox',
    id: listId,
    tabindex: '-1',
    'aria-label': c.placeholder ?? 'Options',
  });
  list.hidden = true;
  const items = options.map((o, i) => {
    const li = h(
      'li',
      {
        role: 'option',
        id: `${listId}-${i}`,
        'aria-selected': o.default ? 'true' : 'false',
        class: 'select-option',
      },
      h('span', { class: 'opt-label' }, emojiLabel(o.emoji), o.label),
      o.description ? h('span', { class: 'opt-desc' }, o.description) : null,
    );
    li.addEventListener('mousedown', (e) => e.preventDefault());
    li.addEventListener('click', () => choose(i));
    return li;
  });
  list.append(...items);
  let active = -1;
  const setActive = (i) => {
    items[active]?.classList.remove('active');
    active = (i + items.length) % items.length;
    const li = items[active];
    if (!li) return;
    li.classList.add('active');
    list.setAttribute('aria-activedescendant', li.id);
    li.scrollIntoView({ block: 'nearest' });
  };
  const open = () => {
    if (trigger.disabled || items.length === 0) return;
    list.hidden = false;
    trigger.setAttribute('aria-expanded', 'true');
    list.focus();
    setActive(
      Math.max(
        0,
        options.findIndex((o) => o.default),
      ),
    );
  };
  const close = (refocus) => {
    list.hidden = true;
    trigger.setAttribute('aria-expanded', 'false');
    if (refocus) trigger.focus();
  };
  const choose = (i) => {
    const o = options[i];
    if (!o) return;
    close(true);
    valueText.textContent = o.label;
    trigger.setAttribute('aria-busy', 'true');
    env.onComponent(m, c, [String(o.value)]);
  };
  trigger.addEventListener('click', () => (list.hidden ? open() : close(true)));
  trigger.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      open();
    }
  });
  list.addEventListener('keydown', (e) => {
    const keys = {
      ArrowDown: () => setActive(active + 1),
      ArrowUp: () => setActive(active - 1),
      Home: () => setActive(0),
      End: () => setActive(items.length - 1),
      Enter: () => choose(active),
      ' ': () => choose(active),
      Escape: () => close(true),
    };
    const act = keys[e.key];
    if (act) {
      e.preventDefault();
      act();
    } else if (e.key === 'Tab') close(false);
  });
  list.addEventListener('focusout', (e) => {
    if (!(e.relatedTarget instanceof Node) || !list.contains(e.relatedTarget)) {
      if (e.relatedTarget !== trigger) close(false);
    }
  });
  const wrap = h('div', { class: 'select' }, trigger, list);
  if (c.max_values > 1) wrap.appendChild(h('small', {}, ' (one choice at a time in the playground)'));
  return wrap;
}
