/* global document, setTimeout, clearTimeout */
/**
 * The composer's autocomplete list (a combobox on the Message box): the
 * commands, subcommands, options and values slash.js finds at the caret, or
 * the bot's own autocomplete answers; the line above the box; and its keys
 * (↑/↓ move, Enter or Tab take, Esc closes until the text changes).
 */
import { h } from './dom.js';
import { analyse, localDescription, localName, replaceRange, valueSuggestions } from './slash.js';
import { actor, nonce, send } from './socket.js';
import { showError, slashContext, state, ui } from './state.js';

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
/** Where the bot's answer goes in the text: the value that was being typed. @type {{ from: number, to: number }} */
let pendingRange = { from: 0, to: 0 };

/**
 * Shows what fits the text up to the caret; for an option with autocomplete
 * it asks the bot instead, 250 ms after the typing stops, and onChoices
 * shows the answer.
 */
export function refreshSuggestions() {
  const text = ui.composer.value;
  const caret = ui.composer.selectionStart ?? text.length;
  const upto = text.slice(0, caret);
  const a = analyse(upto, slashContext());
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
  const items = valueSuggestions(option, a.query, slashContext());
  return showSuggestions(
    items.length > 0 ? `${localName(option, L)}: choose one` : '',
    items.map((i) => ({ label: i.label, from: a.from, to: a.to, insert: `${i.insert} ` })),
  );
}

/** Forgets a pending or answered autocomplete request, so a late answer shows nothing. */
function cancelAutocomplete() {
  clearTimeout(autocompleteTimer);
  autocompleteNonce = '';
  autocompleteKey = '';
}

export function onChoices(event) {
  // Only the answer to the latest request, while that option is still being typed.
  if (
    event.nonce !== autocompleteNonce ||
    suppressed ||
    analyse(ui.composer.value, slashContext())?.kind !== 'value'
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

/** The text changed: a list closed with Escape may open again. */
export function textChanged() {
  suppressed = false;
  refreshSuggestions();
}

/** After a command is sent: no request pending, the list closed, no hint. */
export function resetSuggestions() {
  cancelAutocomplete();
  suppressed = false;
  showSuggestions('', []);
  ui.hint.textContent = '';
}

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
