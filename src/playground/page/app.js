/* global document, window, location, navigator, WebSocket, HTMLElement, CSS, setTimeout, clearTimeout */
/**
 * The playground page: one Discord channel of the local stand-in. State
 * arrives over the WebSocket (`../protocol.ts`); what a person does goes
 * back as page events. No HTML is ever built from strings.
 */
import { analyse, localDescription, localName, parseSlash, replaceRange, valueSuggestions } from './slash.js';
import { h, renderMessage } from './render.js';

/** @param {string} id */
function $(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el;
}

const ui = {
  guildName: $('guild-name'),
  channelList: $('channel-list'),
  userSelect: /** @type {HTMLSelectElement} */ ($('user-select')),
  localeSelect: /** @type {HTMLSelectElement} */ ($('locale-select')),
  connection: $('connection'),
  channelName: $('channel-name'),
  messages: $('messages'),
  form: /** @type {HTMLFormElement} */ ($('composer-form')),
  composer: /** @type {HTMLInputElement} */ ($('composer')),
  suggest: $('suggest'),
  suggestTitle: $('suggest-title'),
  suggestList: $('suggest-list'),
  hint: $('composer-hint'),
  error: $('composer-error'),
  pinCount: $('pin-count'),
  pinsList: $('pins-list'),
  pinsEmpty: $('pins-empty'),
  inspectorCount: $('inspector-count'),
  inspectorList: $('inspector-list'),
  leave: /** @type {HTMLDialogElement} */ ($('leave')),
  leaveUrl: $('leave-url'),
};

/** Inspector entries kept on the page; older ones are dropped. */
const MAX_INSPECTOR = 500;
/** Characters of one entry's JSON shown on the page. */
const MAX_JSON = 100_000;

const state = {
  /** @type {WebSocket | null} */
  ws: null,
  guild: { id: '', name: '' },
  /** @type {{ id: string, name: string, kind: string }[]} */
  channels: [],
  /** @type {{ id: string, name: string, role: string, permissions: string }[]} */
  users: [],
  /** @type {string[]} */
  locales: [],
  /** @type {any[]} */
  commands: [],
  /** @type {Map<string, any>} */
  messages: new Map(),
  /** Message ids in the order they first arrived. @type {string[]} */
  order: [],
  /** @type {Map<string, Node>} */
  nodes: new Map(),
  /** @type {Set<string>} */
  dismissed: new Set(),
  /** Unread messages per channel. @type {Map<string, number>} */
  unread: new Map(),
  userId: '',
  locale: 'en-US',
  channelId: '',
  inspectorTotal: 0,
  nonce: 0,
  localId: 0,
};

// ---- the connection ---------------------------------------------------

let retry = 500;

function connect() {
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
  state.ws = ws;
  ws.addEventListener('open', () => {
    retry = 500;
    ui.connection.textContent = 'Connected';
    ui.connection.className = 'connection ok';
  });
  ws.addEventListener('message', (e) => {
    let event;
    try {
      event = JSON.parse(String(e.data));
    } catch {
      return;
    }
    onEvent(event);
  });
  ws.addEventListener('close', () => {
    if (state.ws !== ws) return;
    state.ws = null;
    ui.connection.textContent = 'Disconnected: reconnecting…';
    ui.connection.className = 'connection bad';
    setTimeout(connect, retry);
    retry = Math.min(retry * 2, 5000);
  });
}

/** @param {any} event */
function send(event) {
  if (!state.ws || state.ws.readyState !== WebSocket.OPEN) {
    showError('Not connected to the playground server. Is `npm start` still running?');
    return false;
  }
  state.ws.send(JSON.stringify(event));
  return true;
}

function nonce() {
  state.nonce += 1;
  return `n${Date.now().toString(36)}-${state.nonce}`;
}

/** The person acting: who, in which Discord language, from which channel. */
function actor(channelId = state.channelId) {
  return { userId: state.userId, locale: state.locale, channelId };
}

/** @param {any} event */
function onEvent(event) {
  switch (event.type) {
    case 'hello':
      return onHello(event);
    case 'commands':
      state.commands = event.commands ?? [];
      return refreshSuggestions();
    case 'message':
      return upsert(event.message);
    case 'messageDelete':
      return remove(event.id);
    case 'choices':
      return onChoices(event);
    case 'notice':
      return localMessage(event.text);
    case 'inspector':
      return addInspector(event.entry);
    default:
      return undefined;
  }
}

function onHello(event) {
  state.guild = event.guild;
  state.channels = event.channels ?? [];
  state.users = event.users ?? [];
  state.locales = event.locales ?? [];
  state.commands = event.commands ?? [];
  state.messages.clear();
  state.nodes.clear();
  state.order = [];
  state.unread.clear();
  ui.guildName.textContent = state.guild.name;
  if (!state.users.some((u) => u.id === state.userId)) state.userId = state.users[0]?.id ?? '';
  if (!state.locales.includes(state.locale))
    state.locale = state.locales.includes('en-US') ? 'en-US' : (state.locales[0] ?? 'en-US');
  if (!state.channels.some((c) => c.id === state.channelId)) state.channelId = state.channels[0]?.id ?? '';
  fillSelect(
    ui.userSelect,
    state.users.map((u) => ({ value: u.id, label: `${u.name} (${u.role})` })),
    state.userId,
  );
  fillSelect(
    ui.localeSelect,
    state.locales.map((l) => ({ value: l, label: localeLabel(l) })),
    state.locale,
  );
  for (const m of event.messages ?? []) store(m);
  renderChannels();
  renderChannel();
}

/** @param {HTMLSelectElement} select */
function fillSelect(select, options, value) {
  select.replaceChildren(...options.map((o) => h('option', { value: o.value }, o.label)));
  select.value = value;
}

/** "ru" → "ru — русский", from the browser's own locale names. */
function localeLabel(locale) {
  try {
    const name = new Intl.DisplayNames([locale], { type: 'language' }).of(locale);
    return name ? `${locale} — ${name}` : locale;
  } catch {
    return locale;
  }
}

// ---- messages -----------------------------------------------------------

function store(m) {
  if (!state.messages.has(m.id)) state.order.push(m.id);
  state.messages.set(m.id, m);
}

/** Whether the current user sees this message in the current channel. */
function visible(m) {
  if (m.channelId !== state.channelId) return false;
  if (state.dismissed.has(m.id)) return false;
  return m.visibleTo === null || m.visibleTo === undefined || m.visibleTo === state.userId;
}

function upsert(m) {
  const isNew = !state.messages.has(m.id);
  store(m);
  if (m.channelId !== state.channelId) {
    if (isNew && (m.visibleTo === null || m.visibleTo === state.userId)) {
      state.unread.set(m.channelId, (state.unread.get(m.channelId) ?? 0) + 1);
      renderChannels();
    }
    return;
  }
  const old = state.nodes.get(m.id);
  if (!visible(m)) {
    if (old) old.remove();
    state.nodes.delete(m.id);
  } else if (old) {
    replaceKeepingFocus(old, messageNode(m));
  } else {
    const nearBottom = ui.messages.scrollHeight - ui.messages.scrollTop - ui.messages.clientHeight < 120;
    const node = messageNode(m);
    ui.messages.appendChild(node);
    if (nearBottom || m.interaction?.userId === state.userId) node.scrollIntoView({ block: 'end' });
  }
  renderPins();
}

/** Re-rendering a message keeps keyboard focus on the same control. */
function replaceKeepingFocus(old, next) {
  const active = document.activeElement;
  const had = active instanceof HTMLElement && old.contains(active);
  const key = had ? active.getAttribute('data-focus-key') : null;
  old.replaceWith(next);
  state.nodes.set(next.getAttribute('data-message-id') ?? '', next);
  if (!had) return;
  const target = key ? next.querySelector(`[data-focus-key="${CSS.escape(key)}"]`) : null;
  if (target instanceof HTMLElement && !target.hasAttribute('disabled')) target.focus();
  else next.focus();
}

function remove(id) {
  const m = state.messages.get(id);
  state.messages.delete(id);
  state.order = state.order.filter((x) => x !== id);
  state.nodes.get(id)?.remove();
  state.nodes.delete(id);
  if (m) renderPins();
}

/** @param {any} m */
function messageNode(m) {
  const node = renderMessage(m, env());
  state.nodes.set(m.id, node);
  return node;
}

function env(compact = false) {
  return {
    locale: state.locale,
    compact,
    userName: (id) => state.users.find((u) => u.id === id)?.name ?? authorName(id),
    channelName: (id) => state.channels.find((c) => c.id === id)?.name ?? null,
    onChannel: (id) => switchChannel(id),
    onLink: (url) => confirmLeave(url),
    onComponent: (m, c, values) => {
      const event = {
        type: 'component',
        nonce: nonce(),
        ...actor(m.channelId),
        messageId: m.id,
        customId: c.custom_id,
        componentType: c.type,
        ...(values ? { values } : {}),
      };
      send(event);
    },
    onDismiss: (m) => {
      state.dismissed.add(m.id);
      if (!m.local) send({ type: 'dismiss', messageId: m.id });
      const node = state.nodes.get(m.id);
      state.nodes.delete(m.id);
      node?.remove();
      ui.composer.focus();
    },
  };
}

function authorName(id) {
  for (const m of state.messages.values()) if (m.author?.id === id) return m.author.name;
  return null;
}

/** A message only this page shows: a notice from the server, "Only you can see this". */
function localMessage(text) {
  state.localId += 1;
  upsert({
    id: `local-${state.localId}`,
    channelId: state.channelId,
    author: { id: 'playground', name: 'Playground', bot: true },
    content: text,
    embeds: [],
    components: [],
    attachments: [],
    flags: 64,
    interaction: null,
    visibleTo: state.userId,
    pinned: false,
    timestamp: new Date().toISOString(),
    editedTimestamp: null,
    local: true,
  });
}

function renderChannel() {
  const channel = state.channels.find((c) => c.id === state.channelId);
  const name = channel?.name ?? '';
  ui.channelName.textContent = name;
  ui.messages.setAttribute('aria-label', `Messages in #${name}`);
  ui.composer.placeholder = `Message #${name} — type / for commands`;
  const nodes = [];
  state.nodes.clear();
  for (const id of state.order) {
    const m = state.messages.get(id);
    if (m && visible(m)) nodes.push(messageNode(m));
  }
  if (nodes.length === 0)
    nodes.push(
      h('p', { class: 'empty channel-empty' }, `This is the start of #${name}. Try /search query:Karabakh`),
    );
  ui.messages.replaceChildren(...nodes);
  ui.messages.scrollTop = ui.messages.scrollHeight;
  renderPins();
}

function renderChannels() {
  const items = state.channels.map((c) => {
    const unread = state.unread.get(c.id) ?? 0;
    const b = h(
      'button',
      {
        type: 'button',
        class: `channel-button${c.kind === 'thread' ? ' thread' : ''}`,
        'aria-current': c.id === state.channelId ? 'true' : null,
      },
      h('span', { class: 'hash', 'aria-hidden': 'true' }, c.kind === 'thread' ? '↳ #' : '#'),
      c.name,
      c.kind === 'thread' ? h('span', { class: 'sr-only' }, ' (thread)') : null,
      unread > 0 ? h('span', { class: 'unread' }, `${unread} new`) : null,
    );
    b.addEventListener('click', () => switchChannel(c.id));
    return h('li', {}, b);
  });
  ui.channelList.replaceChildren(...items);
}

function switchChannel(id) {
  if (!state.channels.some((c) => c.id === id)) return;
  state.channelId = id;
  state.unread.delete(id);
  renderChannels();
  renderChannel();
  refreshSuggestions();
}

function renderPins() {
  const pinned = state.order
    .map((id) => state.messages.get(id))
    .filter((m) => m && m.pinned && m.channelId === state.channelId && (m.visibleTo ?? null) === null)
    .reverse();
  ui.pinCount.textContent = String(pinned.length);
  ui.pinsEmpty.hidden = pinned.length > 0;
  const items = pinned.map((m) => {
    const jump = h('button', { type: 'button', class: 'small' }, 'Jump');
    jump.addEventListener('click', () => {
      const node = state.nodes.get(m.id);
      if (node instanceof HTMLElement) {
        node.scrollIntoView({ block: 'center' });
        node.focus();
      }
    });
    return h('li', { class: 'pin' }, renderMessage(m, env(true)), jump);
  });
  ui.pinsList.replaceChildren(...items);
}

// ---- inspector ----------------------------------------------------------

function addInspector(entry) {
  state.inspectorTotal += 1;
  ui.inspectorCount.textContent = String(state.inspectorTotal);
  const json = JSON.stringify(entry, null, 2);
  // A large body (an exported file) is cut on the page; Copy JSON still copies it whole.
  const visibleJson =
    json.length > MAX_JSON
      ? `${json.slice(0, MAX_JSON)}\n… (${json.length - MAX_JSON} more characters: use Copy JSON)`
      : json;
  const arrow = entry.direction === 'to-bot' ? 'to bot' : 'from bot';
  const copy = h('button', { type: 'button', class: 'small' }, 'Copy JSON');
  const pre = h('pre', { class: 'json' }, visibleJson);
  copy.addEventListener('click', () => {
    const done = () => (copy.textContent = 'Copied');
    const fallback = () => {
      const range = document.createRange();
      range.selectNodeContents(pre);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
      copy.textContent = 'Selected: press Ctrl+C';
    };
    if (navigator.clipboard) navigator.clipboard.writeText(json).then(done, fallback);
    else fallback();
  });
  const when = new Date(entry.at);
  const item = h(
    'li',
    { class: `entry entry-${entry.direction}` },
    h(
      'details',
      {},
      h(
        'summary',
        {},
        h('span', { class: 'entry-dir' }, arrow),
        ' ',
        h('span', { class: 'entry-method' }, String(entry.method ?? '')),
        ' ',
        h('span', { class: 'entry-path' }, String(entry.path ?? '')),
        entry.status !== null && entry.status !== undefined
          ? h('span', { class: 'entry-status' }, ` ${entry.status}`)
          : null,
        Number.isNaN(when.getTime())
          ? null
          : h(
              'time',
              { class: 'entry-time', datetime: when.toISOString() },
              ` ${when.toLocaleTimeString('en-GB')}`,
            ),
      ),
      pre,
      copy,
    ),
  );
  ui.inspectorList.prepend(item);
  while (ui.inspectorList.childElementCount > MAX_INSPECTOR) ui.inspectorList.lastElementChild?.remove();
}

$('inspector-expand').addEventListener('click', () => {
  for (const d of ui.inspectorList.querySelectorAll('details')) d.open = true;
});
$('inspector-collapse').addEventListener('click', () => {
  for (const d of ui.inspectorList.querySelectorAll('details')) d.open = false;
});

// ---- tabs ---------------------------------------------------------------

const tabs = [/** @type {HTMLElement} */ ($('tab-pins')), /** @type {HTMLElement} */ ($('tab-inspector'))];
function selectTab(tab) {
  for (const t of tabs) {
    const on = t === tab;
    t.setAttribute('aria-selected', String(on));
    t.tabIndex = on ? 0 : -1;
    $(t.getAttribute('aria-controls') ?? '').hidden = !on;
  }
  tab.focus();
}
for (const [i, t] of tabs.entries()) {
  t.addEventListener('click', () => selectTab(t));
  t.addEventListener('keydown', (e) => {
    const k = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
    if (k !== undefined) {
      e.preventDefault();
      selectTab(tabs[(i + k + tabs.length) % tabs.length] ?? t);
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      selectTab(tabs[e.key === 'Home' ? 0 : tabs.length - 1] ?? t);
    }
  });
}

// ---- leaving ------------------------------------------------------------

/** @type {string | null} */
let leavingTo = null;
function confirmLeave(url) {
  leavingTo = url;
  ui.leaveUrl.textContent = url;
  ui.leave.showModal();
}
$('leave-cancel').addEventListener('click', () => ui.leave.close());
$('leave-go').addEventListener('click', () => {
  ui.leave.close();
  if (leavingTo) window.open(leavingTo, '_blank', 'noopener,noreferrer');
});

// ---- users and language -------------------------------------------------

ui.userSelect.addEventListener('change', () => {
  state.userId = ui.userSelect.value;
  renderChannel();
});
ui.localeSelect.addEventListener('change', () => {
  state.locale = ui.localeSelect.value;
  renderChannel();
  refreshSuggestions();
});

// ---- the composer -------------------------------------------------------

/**
 * @typedef {{ label: string, description?: string, required?: boolean, from: number, to: number, insert: string }} Suggestion
 */
/** @type {Suggestion[]} */
let suggestions = [];
let activeIndex = -1;
/** Escape closes the list until the text changes. */
let suppressed = false;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let autocompleteTimer;
let autocompleteNonce = '';
let autocompleteKey = '';

function context() {
  return {
    commands: state.commands,
    locale: state.locale,
    users: state.users,
    channels: state.channels,
  };
}

function showError(text) {
  ui.error.textContent = text;
}

function refreshSuggestions() {
  const text = ui.composer.value;
  const caret = ui.composer.selectionStart ?? text.length;
  const upto = text.slice(0, caret);
  const a = analyse(upto, context());
  ui.hint.textContent = hintFor(a);
  if (!a || suppressed || a.kind !== 'value') cancelAutocomplete();
  if (!a || suppressed) return showSuggestions('', []);
  const L = state.locale;
  if (a.kind === 'commands') {
    if (state.commands.length === 0)
      return showSuggestions('The bot has not registered its commands yet', []);
    return showSuggestions(
      a.items.length > 0 ? 'Commands' : 'No command starts like that',
      a.items.map((c) => ({
        label: `/${localName(c, L)}`,
        description: localDescription(c, L),
        from: a.from,
        to: a.to,
        insert: `/${localName(c, L)} `,
      })),
    );
  }
  const cmd = `/${[a.command, ...a.path].map((x) => localName(x, L)).join(' ')}`;
  if (a.kind === 'subcommands') {
    return showSuggestions(
      `Subcommands of ${cmd}`,
      a.items.map((s) => ({
        label: localName(s, L),
        description: localDescription(s, L),
        from: a.from,
        to: a.to,
        insert: `${localName(s, L)} `,
      })),
    );
  }
  if (a.kind === 'options') {
    return showSuggestions(
      a.items.length > 0 ? `Options of ${cmd}` : '',
      a.items.map((o) => ({
        label: `${localName(o, L)}:`,
        description: localDescription(o, L),
        required: Boolean(o.required),
        from: a.from,
        to: a.to,
        insert: `${localName(o, L)}:`,
      })),
    );
  }
  // A value.
  const option = a.option;
  if (!option.autocomplete) cancelAutocomplete();
  if (option.autocomplete) {
    const key = JSON.stringify([a.command.name, a.focused, state.locale, state.userId, state.channelId]);
    if (key !== autocompleteKey) {
      autocompleteKey = key;
      clearTimeout(autocompleteTimer);
      const name = a.command.name;
      const focused = a.focused;
      const range = { from: a.from, to: a.to };
      autocompleteTimer = setTimeout(() => {
        autocompleteNonce = nonce();
        pendingRange = range;
        send({ type: 'autocomplete', nonce: autocompleteNonce, ...actor(), name, options: focused });
      }, 250);
    }
    return undefined;
  }
  const items = valueSuggestions(option, a.query, context());
  return showSuggestions(
    items.length > 0 ? `${localName(option, L)}: choose one` : '',
    items.map((i) => ({ label: i.label, from: a.from, to: a.to, insert: `${i.insert} ` })),
  );
}

/** @type {{ from: number, to: number }} */
let pendingRange = { from: 0, to: 0 };

/** Forgets a pending or answered autocomplete request, so a late answer shows nothing. */
function cancelAutocomplete() {
  clearTimeout(autocompleteTimer);
  autocompleteNonce = '';
  autocompleteKey = '';
}

function onChoices(event) {
  // Only the answer to the latest request, while that option is still being typed.
  if (
    event.nonce !== autocompleteNonce ||
    suppressed ||
    analyse(ui.composer.value, context())?.kind !== 'value'
  )
    return;
  const choices = event.choices ?? [];
  showSuggestions(
    choices.length > 0 ? 'Suggestions from the bot' : 'No suggestions',
    choices.map((c) => ({
      label: localName(c, state.locale),
      from: pendingRange.from,
      to: pendingRange.to,
      insert: `${String(c.value)} `,
    })),
  );
}

/** The line above the box: the command's options, required ones starred, or the option being typed. */
function hintFor(a) {
  if (!a || a.kind === 'commands') return '';
  const L = state.locale;
  const leaf = a.path.length > 0 ? a.path[a.path.length - 1] : a.command;
  const cmd = `/${[a.command, ...a.path].map((x) => localName(x, L)).join(' ')}`;
  if (a.kind === 'value')
    return `${localName(a.option, L)}${a.option.required ? ' (required)' : ''}: ${localDescription(a.option, L)}`;
  if (a.kind === 'subcommands') return `${cmd}: ${localDescription(a.command, L)}`;
  const opts = (leaf.options ?? [])
    .filter((o) => o.type !== 1 && o.type !== 2)
    .map((o) => (o.required ? `${localName(o, L)}* ` : `[${localName(o, L)}] `))
    .join('');
  return `${cmd} ${opts}${opts.includes('*') ? '  (* required)' : ''}`;
}

/** @param {string} title @param {Suggestion[]} items */
function showSuggestions(title, items) {
  suggestions = items.slice(0, 25);
  activeIndex = -1;
  ui.suggestTitle.textContent = title;
  ui.suggestList.replaceChildren(
    ...suggestions.map((s, i) => {
      const li = h(
        'li',
        { role: 'option', id: `suggestion-${i}`, 'aria-selected': 'false', class: 'suggestion' },
        h('span', { class: 's-label' }, s.label),
        s.required ? h('span', { class: 's-required' }, 'required') : null,
        s.description ? h('span', { class: 's-desc' }, s.description) : null,
      );
      li.addEventListener('mousedown', (e) => e.preventDefault());
      li.addEventListener('click', () => pick(i));
      return li;
    }),
  );
  const open = title !== '';
  ui.suggest.hidden = !open;
  ui.composer.setAttribute('aria-expanded', String(open && suggestions.length > 0));
  ui.composer.removeAttribute('aria-activedescendant');
}

function setActive(i) {
  if (suggestions.length === 0) return;
  const old = document.getElementById(`suggestion-${activeIndex}`);
  old?.classList.remove('active');
  old?.setAttribute('aria-selected', 'false');
  activeIndex = (i + suggestions.length) % suggestions.length;
  const li = document.getElementById(`suggestion-${activeIndex}`);
  if (!li) return;
  li.classList.add('active');
  li.setAttribute('aria-selected', 'true');
  ui.composer.setAttribute('aria-activedescendant', li.id);
  li.scrollIntoView({ block: 'nearest' });
}

function pick(i) {
  const s = suggestions[i];
  if (!s) return;
  const text = ui.composer.value;
  const next = replaceRange(text, s.from, s.to, s.insert);
  ui.composer.value = next.text;
  ui.composer.setSelectionRange(next.caret, next.caret);
  ui.composer.focus();
  showError('');
  refreshSuggestions();
}

function submit() {
  const r = parseSlash(ui.composer.value, context());
  if (!r.ok) {
    if (r.error) showError(r.error);
    return;
  }
  if (state.commands.length === 0) {
    showError('The bot has not registered its commands yet.');
    return;
  }
  const sent = send({
    type: 'command',
    nonce: nonce(),
    ...actor(),
    name: r.name,
    options: r.options,
    display: r.display,
  });
  if (!sent) return;
  showError('');
  cancelAutocomplete();
  ui.composer.value = '';
  suppressed = false;
  showSuggestions('', []);
  ui.hint.textContent = '';
}

ui.form.addEventListener('submit', (e) => {
  e.preventDefault();
  submit();
});
ui.composer.addEventListener('input', () => {
  suppressed = false;
  showError('');
  refreshSuggestions();
});
ui.composer.addEventListener('click', () => refreshSuggestions());
ui.composer.addEventListener('keydown', (e) => {
  const open = !ui.suggest.hidden && suggestions.length > 0;
  if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    if (!open) {
      suppressed = false;
      refreshSuggestions();
      if (ui.suggest.hidden || suggestions.length === 0) return;
    }
    e.preventDefault();
    setActive(
      activeIndex < 0
        ? e.key === 'ArrowDown'
          ? 0
          : suggestions.length - 1
        : activeIndex + (e.key === 'ArrowDown' ? 1 : -1),
    );
  } else if ((e.key === 'Enter' || e.key === 'Tab') && open && activeIndex >= 0) {
    e.preventDefault();
    pick(activeIndex);
  } else if (e.key === 'Escape' && !ui.suggest.hidden) {
    e.preventDefault();
    suppressed = true;
    cancelAutocomplete();
    showSuggestions('', []);
  }
});
ui.composer.addEventListener('keyup', (e) => {
  if (e.key === 'ArrowLeft' || e.key === 'ArrowRight' || e.key === 'Home' || e.key === 'End')
    refreshSuggestions();
});
ui.composer.addEventListener('blur', () => {
  setTimeout(() => {
    if (document.activeElement !== ui.composer) {
      ui.suggest.hidden = true;
      ui.composer.setAttribute('aria-expanded', 'false');
    }
  }, 100);
});

connect();
ui.composer.focus();
