/* global document */
/**
 * What the page's modules share: its elements, found once (a missing one
 * throws at load, not at first use), and the state the server's events
 * build up.
 */

/** @param {string} id */
export function $(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el;
}

export const ui = {
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

export const state = {
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

/** The line under the box: what stops a command from being sent, or the connection being down. */
export function showError(text) {
  ui.error.textContent = text;
}

/** What slash.js reads a line against: the bot's commands, the language, the members and channels. */
export function slashContext() {
  return {
    commands: state.commands,
    locale: state.locale,
    users: state.users,
    channels: state.channels,
  };
}
