/**
 * What a message carries below its text: embeds (author, title, description,
 * fields three to a row, footer, the colour bar) and attachments (a download
 * link to the same-origin url, the size, SPOILER_ files hidden).
 */
import { h } from './dom.js';
import { safeUrl } from './markdown.js';
import { formatDate, inlineMarkdown, link, markdown, spoiler, STYLES } from './render-markdown.js';

/** @typedef {import('./render.js').Env} Env */

/** Discord's integer colour to #rrggbb. */
function hex(color) {
  return `#${(color >>> 0).toString(16).padStart(6, '0').slice(-6)}`;
}

/**
 * @param {import('discord.js').APIEmbed} e
 * @param {Env} env
 */
export function embed(e, env) {
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
export function attachment(a) {
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
