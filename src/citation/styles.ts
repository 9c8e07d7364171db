import { ENGLISH_MONTHS } from '../format/attribution.js';
import type { Attribution } from '../library/library.js';

/** The citation styles the bot offers. */
export const CITATION_STYLES = ['apa', 'mla', 'chicago'] as const;

/** One of {@link CITATION_STYLES}. */
export type CitationStyle = (typeof CITATION_STYLES)[number];

/** A run of a formatted reference; italic runs are titles of whole works. */
export interface Segment {
  readonly text: string;
  readonly italic?: boolean;
}

interface Name {
  readonly family: string;
  readonly given: readonly string[];
  /** A name the text gives in parentheses, e.g. "(Polatidis)": kept with the family name. */
  readonly alternative: string | null;
}

/**
 * Splits a personal name the way reference lists need it: the last word is the
 * family name, the rest are given names, and a parenthesised alternative stays
 * with the family name ("Eduard Polatov (Polatidis)" → Polatov (Polatidis), E.).
 */
export function splitName(full: string): Name {
  const m = /^(.*?)\s*(\([^)]*\))?\s*$/.exec(full.trim());
  const words = (m?.[1] ?? full).split(/\s+/).filter(Boolean);
  return { family: words.at(-1) ?? full, given: words.slice(0, -1), alternative: m?.[2] ?? null };
}

// MLA abbreviates months of more than four letters.
const MLA_MONTHS = [
  'Jan.',
  'Feb.',
  'Mar.',
  'Apr.',
  'May',
  'June',
  'July',
  'Aug.',
  'Sept.',
  'Oct.',
  'Nov.',
  'Dec.',
];

function parts(iso: string): { y: number; m: number; d: number } {
  const [y, m, d] = iso.split('-').map(Number);
  return { y: y ?? 0, m: m ?? 1, d: d ?? 1 };
}

/** Adds a full stop unless the text already ends with one (or with ? or !). */
function stop(text: string): string {
  return /[.?!]$/.test(text) ? text : `${text}.`;
}

function familyFirst(name: Name): string {
  return name.alternative ? `${name.family} ${name.alternative}` : name.family;
}

/** Titles keep their own capitalisation: the bot quotes, it never rewrites. */
function author(style: CitationStyle, full: string): string {
  const name = splitName(full);
  if (style === 'apa') {
    const initials = name.given.map((g) => `${g[0] ?? ''}.`).join(' ');
    return initials ? `${familyFirst(name)}, ${initials}` : familyFirst(name);
  }
  return name.given.length ? `${familyFirst(name)}, ${name.given.join(' ')}` : familyFirst(name);
}

function date(style: CitationStyle, iso: string | null): string {
  if (iso === null) return 'n.d.';
  const { y, m, d } = parts(iso);
  if (style === 'apa') return `${y}, ${ENGLISH_MONTHS[m - 1] ?? ''} ${d}`;
  if (style === 'mla') return `${d} ${MLA_MONTHS[m - 1] ?? ''} ${y}`;
  return `${ENGLISH_MONTHS[m - 1] ?? ''} ${d}, ${y}`;
}

const GENRE_LABEL: Readonly<Record<string, string>> = {
  opinion: 'Opinion piece',
  'news report': 'News report',
};

/** The reference of the document itself (the host of a reprinted passage). */
function host(a: Attribution, style: CitationStyle): Segment[] {
  const who = author(style, a.author);
  const where = [a.outlet, a.url].filter((x): x is string => x !== null);
  if (style === 'apa') {
    const genre = GENRE_LABEL[a.genre];
    return [
      { text: `${stop(who)} (${date('apa', a.published)}). ` },
      { text: a.title, italic: true },
      { text: genre ? ` [${genre}].` : /[.?!]$/.test(a.title) ? '' : '.' },
      ...where.map((w) => ({ text: ` ${stop(w)}` })),
    ];
  }
  const title = `“${stop(a.title)}”`;
  if (style === 'mla') {
    const tail = [a.outlet, a.published !== null ? date('mla', a.published) : null, a.url].filter(
      (x): x is string => x !== null,
    );
    return [{ text: `${stop(who)} ${title}${tail.length ? ` ${stop(tail.join(', '))}` : ''}` }];
  }
  const tail = [a.outlet, date('chicago', a.published), a.url].filter((x): x is string => x !== null);
  return [{ text: `${stop(who)} ${title} ${stop(tail.join(', '))}` }];
}

/** A newspaper's name as Chicago cites it: italic, without a leading "The". */
function newspaper(style: CitationStyle, outlet: string): string {
  return style === 'chicago' ? outlet.replace(/^The\s+/, '') : outlet;
}

/** "Section A, Page 3" as MLA and Chicago abbreviate it. */
function locator(style: CitationStyle, note: string | null): string | null {
  if (note === null) return null;
  return style === 'apa' ? note : note.replace(/\bSection\b/g, 'sec.').replace(/\bPage\b/g, 'p.');
}

/**
 * A full reference for a passage in one style. A reprinted passage is cited
 * as nested: the original source first, then "as cited in" (APA) or "quoted
 * in" (MLA, Chicago) the document that reprints it.
 */
export function formatReference(a: Attribution, style: CitationStyle): Segment[] {
  const r = a.reprintedFrom;
  if (r === null) return host(a, style);
  const place = locator(style, r.note);
  const lead: Segment[] =
    style === 'apa'
      ? [
          {
            text: `${stop(r.author !== null ? author('apa', r.author) : r.outlet)} (${date('apa', r.published)}). `,
          },
          ...(r.title !== null ? [{ text: stop(r.title), italic: true }, { text: ' ' }] : []),
          ...(place !== null ? [{ text: `${stop(place)} ` }] : []),
          { text: 'As cited in ' },
        ]
      : [
          ...(r.author !== null ? [{ text: `${stop(author(style, r.author))} ` }] : []),
          ...(r.title !== null ? [{ text: `“${stop(r.title)}” ` }] : []),
          { text: newspaper(style, r.outlet), italic: true },
          {
            text: `${style === 'chicago' ? '.' : ','} ${[date(style, r.published), place].filter((x): x is string => x !== null).join(', ')}. `,
          },
          { text: 'Quoted in ' },
        ];
  return [...lead, ...host(a, style)];
}

/** A reference as plain text (for text exports). */
export function plainText(segments: readonly Segment[]): string {
  return segments.map((s) => s.text).join('');
}
