/**
 * Messages as Discord draws them, built as DOM nodes. Every piece of text
 * the bot or a user wrote goes into a text node (createTextNode or
 * textContent); attributes are set one by one, and an href only ever holds
 * an address that `safeUrl` accepted or a same-origin attachment path.
 *
 * This file draws the message itself (the "used /command" line, author,
 * time, thinking, Dismiss); markdown, embeds and attachments, and components
 * are drawn by render-markdown.js, render-embeds.js and render-components.js.
 */
import { freshId, h } from './dom.js';
import { actionRow } from './render-components.js';
import { attachment, embed } from './render-embeds.js';
import { formatDate, markdown, STYLES } from './render-markdown.js';

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
