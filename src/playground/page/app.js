/**
 * The playground page: one Discord channel of the local stand-in. State
 * arrives over the WebSocket (`../protocol.ts`); what a person does goes
 * back as page events. No HTML is ever built from strings.
 *
 * This file is the entry: it hands each server event to its part (the
 * channel, the composer's list, the inspector), takes in the server's hello,
 * and switches the user and the Discord language.
 */
import { localMessage, remove, renderChannel, renderChannels, store, upsert } from './channel.js';
import './composer.js';
import { h } from './dom.js';
import { addInspector } from './panels.js';
import { connect } from './socket.js';
import { state, ui } from './state.js';
import { onChoices, refreshSuggestions } from './suggest.js';

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

connect(onEvent);
ui.composer.focus();
