/* global Node */
/**
 * Message components: action rows of buttons (primary, secondary, success,
 * danger, link; disabled; emoji labels) and string select menus. A click or
 * a choice goes to `env.onComponent`; what follows arrives over the socket.
 */
import { freshId, h } from './dom.js';
import { safeUrl } from './markdown.js';

/** @typedef {import('./render.js').Env} Env */

/**
 * One action row: its buttons and selects, and a note for any other kind.
 * @param {any} row
 * @param {any} m
 * @param {Env} env
 */
export function actionRow(row, m, env) {
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
