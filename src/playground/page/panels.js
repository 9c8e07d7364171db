/* global document, window, navigator */
/**
 * The side panels and the dialog: the Inspector (every entry the server
 * logs, newest first, with Copy JSON), the Pinned messages / Inspector tabs,
 * and "Leaving the playground", which every link goes through.
 */
import { h } from './dom.js';
import { $, state, ui } from './state.js';

/** Inspector entries kept on the page; older ones are dropped. */
const MAX_INSPECTOR = 500;
/** Characters of one entry's JSON shown on the page. */
const MAX_JSON = 100_000;

/** One entry the server logged, on top of the list, collapsed. */
export function addInspector(entry) {
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
export function confirmLeave(url) {
  leavingTo = url;
  ui.leaveUrl.textContent = url;
  ui.leave.showModal();
}
$('leave-cancel').addEventListener('click', () => ui.leave.close());
$('leave-go').addEventListener('click', () => {
  ui.leave.close();
  if (leavingTo) window.open(leavingTo, '_blank', 'noopener,noreferrer');
});
