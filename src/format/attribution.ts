import type { Attribution } from '../library/library.js';

/** English month names, for dates in English attributions and references. */
export const ENGLISH_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "3 March 1992" from "1992-03-03"; the input is a validated ISO date. */
export function formatDateEnglish(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d ?? ''} ${ENGLISH_MONTHS[(m ?? 1) - 1] ?? ''} ${y ?? ''}`;
}

/**
 * One-line English attribution for the CLI: author, title, outlet, date, and
 * for a reprinted passage the original source first ("The New York Times,
 * 3 March 1992, reprinted in …"). Unknown facts are said to be unknown.
 */
export function formatAttribution(a: Attribution): string {
  const date = a.published !== null ? formatDateEnglish(a.published) : (a.dateNote ?? 'no date stated');
  const host = `${a.author}, “${a.title}”${a.outlet !== null ? `, ${a.outlet}` : ''}, ${date}`;
  const r = a.reprintedFrom;
  if (r === null) return host;
  const original = [
    r.author,
    r.title !== null ? `“${r.title}”` : null,
    r.outlet,
    r.published !== null ? formatDateEnglish(r.published) : 'date unknown',
    r.note,
  ]
    .filter((x): x is string => x !== null)
    .join(', ');
  return `${original}; reprinted in ${host}`;
}
