import { embedLength, type APIEmbed } from 'discord.js';
import type { T } from '../i18n/index.js';
import type { Language } from '../languages.js';
import type { Attribution, LibraryDocument } from '../library/library.js';
import type { Span } from '../reading-room.js';
import { LruCache } from '../search/lru.js';
import { LIMITS } from './limits.js';

/** Allowed mentions for every message: none, whatever the text says. */
export const NO_MENTIONS = { parse: [] as never[] } as const;

/** Characters that are Discord markdown wherever they stand. */
const ALWAYS = new Set(['\\', '*', '_', '~', '|', '`', '[', ']']);
/** Characters that are markdown only at the start of a line (headings, lists, quotes, subtext). */
const LINE_START = new Set(['#', '>', '-', '+']);

/**
 * Escapes text for Discord markdown so that a document or a user cannot
 * inject formatting, headings, lists, block quotes, subtext or masked links.
 * Mentions are neutralised separately by allowed mentions; `@everyone` and
 * `<@id>` still get a zero-width space so they do not even look like one.
 *
 * One pass with constant look-ahead: its time is linear in the input, so no
 * text (a 6,000-character option, a 10,000-character paragraph) can stall
 * the event loop. discord.js's `escapeMarkdown` is quadratic on runs of markup.
 */
export function escapeText(text: string): string {
  let out = '';
  let lineStart = true;
  let leadingDigits = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    const atLineStart: boolean = lineStart;
    // A lone carriage return or form feed may start a line for Discord too.
    lineStart =
      c === '\n' || c === '\r' || c === '\f' || c === '\v' || (atLineStart && (c === ' ' || c === '\t'));
    if (lineStart) {
      out += c;
      leadingDigits = false;
    } else if (ALWAYS.has(c) || (atLineStart && LINE_START.has(c))) {
      out += `\\${c}`;
      leadingDigits = false;
    } else if (c >= '0' && c <= '9') {
      // "1. item" is a numbered list: the dot after the leading digits is escaped.
      leadingDigits = atLineStart || leadingDigits;
      out += c;
    } else if (c === '.' && leadingDigits) {
      out += '\\.';
      leadingDigits = false;
    } else {
      leadingDigits = false;
      if (c === '@' && (text.startsWith('everyone', i + 1) || text.startsWith('here', i + 1))) {
        out += '@\u200b';
      } else if (c === '<' && /^(?:@[!&]?|#)\d/.test(text.slice(i + 1, i + 4))) {
        // <@id>, <@!id>, <@&id>, <#id>: mention syntax, shown but inert.
        const sigil = text.charAt(i + 2) === '!' || text.charAt(i + 2) === '&' ? 2 : 1;
        out += `<${text.slice(i + 1, i + 1 + sigil)}\u200b`;
        i += sigil;
      } else if (c === '<' && /^(?:[/:]|[at]:)/.test(text.slice(i + 1, i + 3))) {
        // </command:id>, <:emoji:id>, <a:emoji:id>, <t:unix>: Discord would draw
        // a clickable command, an emoji or a date instead of the quoted text.
        out += '<\u200b';
      } else if (c === ':' && text.startsWith('//', i + 1)) {
        // A URL in quoted text stays readable but is no link, so nothing unfurls
        // into a preview (the flag for that would also hide the bot's embeds).
        // Every "://", whatever precedes it: Discord finds links mid-word too.
        out += ':\u200b';
      } else out += c;
    }
  }
  return out;
}

/** Cuts text to at most `max` characters, ending with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, Math.max(0, max - 1));
  // Never leave half a surrogate pair or a dangling backslash escape. A loop,
  // not /\\+$/: that regex backtracks quadratically on long runs.
  let end = cut.length;
  if (/[\uD800-\uDBFF]/.test(cut.charAt(end - 1))) end--;
  while (end > 0 && cut.charAt(end - 1) === '\\') end--;
  return `${cut.slice(0, end)}…`;
}

/**
 * A window of a passage around its first match, at most `max` characters
 * once escaped and with matches in bold. Long paragraphs stay whole in the
 * index; only display trims them.
 */
export function excerpt(text: string, spans: readonly Span[], max: number): string {
  const first = spans[0];
  // Escaping can lengthen the text; keep room for it before the final clip.
  const budget = Math.max(20, Math.floor(max * 0.7));
  let start = 0;
  if (text.length > budget && first && first.start > budget / 3) {
    start = Math.max(0, first.start - Math.floor(budget / 3));
  }
  let end = Math.min(text.length, start + budget);
  // Prefer word boundaries for the cut.
  if (start > 0) start = text.indexOf(' ', start) + 1 || start;
  if (end < text.length) end = text.lastIndexOf(' ', end) > start ? text.lastIndexOf(' ', end) : end;
  let out = start > 0 ? '…' : '';
  let at = start;
  for (const s of spans) {
    if (s.end <= start || s.start >= end) continue;
    const a = Math.max(s.start, start);
    const b = Math.min(s.end, end);
    out += escapeText(text.slice(at, a)) + `**${escapeText(text.slice(a, b))}**`;
    at = b;
  }
  out += escapeText(text.slice(at, end)) + (end < text.length ? '…' : '');
  return clip(out, max);
}

const INTL_LOCALE: Readonly<Record<Language, string>> = {
  en: 'en-GB',
  hy: 'hy-AM',
  az: 'az-Latn-AZ',
  ru: 'ru-RU',
};

/** A date in the reader's language ("3 March 1992", "3 марта 1992 г."). */
export function formatDate(iso: string, language: Language): string {
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return iso;
  return dateFormat(language).format(date);
}

// Building a formatter costs some 60 µs; an autocomplete lists up to 250 dates.
const dateFormats = new Map<Language, Intl.DateTimeFormat>();
function dateFormat(language: Language): Intl.DateTimeFormat {
  let format = dateFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(INTL_LOCALE[language], {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    dateFormats.set(language, format);
  }
  return format;
}

/** "Label: value" with the label and its separator from the reader's locale ("Հեղինակ՝ …" in Armenian). */
export function labelled(t: T, label: string, value: string): string {
  return `${t('format.label', { label })} ${value}`;
}

/** A document's title as the reader's language quotes it (“…”, «…»). */
export function quotedTitle(t: T, title: string): string {
  return t('format.title', { title: escapeText(title) });
}

/**
 * The attribution lines of a passage: author, title, outlet and date, and for a
 * reprinted passage the original source first. Facts come from the document;
 * only the labels are translated. The title is the document's own, quoted.
 */
export function attributionText(
  a: Attribution,
  t: T,
  language: Language,
  dateNote: string | null = null,
): string {
  // Every result page renders it again, and its labels are a dozen lookups;
  // the distinct texts are few (one per document and reprint, per language).
  const texts =
    attributionTexts.get(t) ??
    new LruCache<string, string>(ATTRIBUTION_BYTES, (k, v) => 2 * (k.length + v.length));
  attributionTexts.set(t, texts);
  const r = a.reprintedFrom;
  const key = JSON.stringify([
    language,
    dateNote,
    a.title,
    a.author,
    a.outlet,
    a.published,
    r?.outlet,
    r?.published,
  ]);
  let text = texts.get(key);
  if (text === undefined) {
    text = renderAttribution(a, t, language, dateNote);
    texts.set(key, text);
  }
  return text;
}

/** The bytes of rendered attributions kept per translation function. */
const ATTRIBUTION_BYTES = 256 * 1024;
const attributionTexts = new WeakMap<T, LruCache<string, string>>();

function renderAttribution(a: Attribution, t: T, language: Language, dateNote: string | null): string {
  const lines: string[] = [];
  const r = a.reprintedFrom;
  if (r) {
    lines.push(
      t('attribution.reprinted', {
        outlet: escapeText(r.outlet),
        date: r.published !== null ? formatDate(r.published, language) : t('attribution.noDate'),
      }),
    );
  }
  lines.push(quotedTitle(t, a.title));
  lines.push(labelled(t, t('attribution.author'), escapeText(a.author)));
  lines.push(
    labelled(
      t,
      t('attribution.outlet'),
      a.outlet !== null ? escapeText(a.outlet) : t('attribution.noOutlet'),
    ),
  );
  // An undated text says how its date is known, in the reader's language.
  const date =
    a.published !== null
      ? formatDate(a.published, language)
      : dateNote !== null
        ? escapeText(dateNote)
        : t('attribution.noDate');
  lines.push(labelled(t, t('attribution.date'), date));
  return lines.join('\n');
}

/** The neutral context note of a document in the reader's language. */
export function contextNote(document: LibraryDocument, language: Language): string {
  return escapeText(document.context[language]);
}

/**
 * Holds a set of embeds to Discord's limits: each field to its own limit and
 * all of them together to 6,000 characters, trimming descriptions last-first.
 */
export function fitEmbeds(embeds: APIEmbed[]): APIEmbed[] {
  const fitted = embeds.slice(0, LIMITS.embeds).map((e) => ({
    ...e,
    ...(e.title !== undefined ? { title: clip(e.title, LIMITS.embedTitle) } : {}),
    ...(e.description !== undefined
      ? { description: clipVeiled(e.description, LIMITS.embedDescription) }
      : {}),
    ...(e.footer ? { footer: { ...e.footer, text: clip(e.footer.text, LIMITS.footer) } } : {}),
    ...(e.fields
      ? {
          fields: e.fields.slice(0, LIMITS.embedFields).map((f) => ({
            ...f,
            name: clip(f.name, LIMITS.fieldName),
            value: clip(f.value, LIMITS.fieldValue),
          })),
        }
      : {}),
  }));
  let excess = fitted.reduce((n, e) => n + embedLength(e), 0) - LIMITS.embedsTotal;
  for (let i = fitted.length - 1; i >= 0 && excess > 0; i--) {
    const e = fitted[i];
    if (!e?.description) continue;
    const keep = Math.max(1, e.description.length - excess - 1);
    excess -= e.description.length - keep - 1;
    e.description = clipVeiled(e.description, keep + 1);
  }
  return fitted;
}

/**
 * How many spoiler bars a text has. They come only from the bot: escapeText
 * escapes every pipe (and backslash) of the text, so escaped pairs are dropped first.
 */
export function spoilerBars(text: string): number {
  return (text.replace(/\\[\s\S]/g, '').match(/\|\|/g) ?? []).length;
}

/**
 * Like {@link clip}, but a cut inside a spoiler closes it again, so that a
 * cut never reveals what a content warning hides.
 */
export function clipVeiled(text: string, max: number): string {
  if (text.length <= max || !text.includes('||')) return clip(text, max);
  const cut = clip(text, max - 2);
  return spoilerBars(cut) % 2 === 1 ? `${cut}||` : cut;
}
