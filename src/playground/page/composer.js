/**
 * The Message box's own part: a line is checked by slash.js and sent as a
 * command only when Discord's client would send it; otherwise it stays in
 * the box, and the reason shows under it.
 */
import { parseSlash } from './slash.js';
import { actor, nonce, send } from './socket.js';
import { showError, slashContext, state, ui } from './state.js';
import { resetSuggestions, textChanged } from './suggest.js';

function submit() {
  const r = parseSlash(ui.composer.value, slashContext());
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
  ui.composer.value = '';
  resetSuggestions();
}

ui.form.addEventListener('submit', (e) => {
  e.preventDefault();
  submit();
});
ui.composer.addEventListener('input', () => {
  showError('');
  textChanged();
});
