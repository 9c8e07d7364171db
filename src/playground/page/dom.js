/* global document */
/**
 * The one way the page builds elements: text goes into text nodes, and
 * attributes are set one by one, so no string is ever parsed as HTML.
 */

let uid = 0;
/** A fresh DOM id (never derived from message text). */
export function freshId(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}

/**
 * h('div', { class: 'x', 'aria-label': 'y' }, child, 'text', …)
 * @param {string} tag
 * @param {Record<string, string | boolean | number | null | undefined>} [attrs]
 * @param {...(Node | string | null | undefined | false)} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

/** @param {Node} el @param {(Node | string | null | undefined | false)[]} children */
export function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}
