/* global document, HTMLElement, CSS */
/**
 * The channel: its messages as they arrive, are edited in place and are
 * removed or dismissed; the channel list with unread counts and switching
 * between channels; and the pins panel, which lists the current channel's
 * pinned messages.
 */
import { h } from './dom.js';
import { confirmLeave } from './panels.js';
import { renderMessage } from './render.js';
import { actor, nonce, send } from './socket.js';
import { state, ui } from './state.js';
import { refreshSuggestions } from './suggest.js';

/** Keeps a message without drawing it; its first arrival fixes its place. */
export function store(m) {
  if (!state.messages.has(m.id)) state.order.push(m.id);
  state.messages.set(m.id, m);
}

/** Whether the current user sees this message in the current channel. */
function visible(m) {
  if (m.channelId !== state.channelId) return false;
  if (state.dismissed.has(m.id)) return false;
  return m.visibleTo === null || m.visibleTo === undefined || m.visibleTo === state.userId;
}

/** A new or edited message: drawn in place or at the end, or counted as unread elsewhere. */
export function upsert(m) {
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

export function remove(id) {
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
export function localMessage(text) {
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

export function renderChannel() {
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

export function renderChannels() {
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

export function switchChannel(id) {
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
