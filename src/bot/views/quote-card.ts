import { spoiler, subtext, type APIEmbed } from 'discord.js';
import type { T } from '../../i18n/index.js';
import type { Language } from '../../languages.js';
import type { ContentWarning } from '../../library/content-warnings.js';
import type { Quote } from '../../reading-room.js';
import type { WarningMode } from '../audience.js';
import { LIMITS } from '../limits.js';
import { attributionText, clip, contextNote, escapeText, fitEmbeds, quotedTitle } from '../render.js';

/** The one-line warning naming the categories, in the reader's language. */
export function warningText(warning: ContentWarning, t: T): string {
  // A plain comma list: no "and", so no grammatical agreement to get wrong.
  const list = warning.categories.map((c) => t(`contentWarning.${c}`)).join(', ');
  return t('contentWarning.line', { categories: list });
}

/** Prefixes the warning line, and wraps the text in a spoiler when the mode says so. */
export function veiled(
  text: string,
  warning: ContentWarning | null,
  mode: WarningMode,
  t: T,
  withLine = true,
): string {
  if (warning === null || mode === 'none') return text;
  const body = mode === 'spoiler' ? spoiler(text) : text;
  return withLine ? `${subtext(`⚠ ${warningText(warning, t)}`)}\n${body}` : body;
}

/**
 * A passage as a quote card: the full paragraph verbatim (split over several
 * embeds if it is longer than one can hold), the attribution, the reprinted
 * source where there is one, and the document's neutral context note.
 */
export function quoteEmbeds(
  quote: Quote,
  t: T,
  language: Language,
  warnings: WarningMode = 'line',
): APIEmbed[] {
  const text = escapeText(quote.passage.text);
  // Room for the warning line and the spoiler bars.
  const chunks = splitText(text, LIMITS.embedDescription - 300);
  const warning = quote.passage.warning;
  const embeds: APIEmbed[] = chunks.map((chunk, i) => ({
    ...(i === 0 ? { title: clip(quotedTitle(t, quote.document.title), LIMITS.embedTitle) } : {}),
    description: veiled(chunk, warning, warnings, t, i === 0),
  }));
  const last = embeds.at(-1);
  if (last) {
    last.fields = [
      {
        name: t('attribution.citation'),
        value: attributionText(quote.attribution, t, language, quote.document.dateNote?.[language] ?? null),
      },
      { name: t('attribution.about'), value: contextNote(quote.document, language) },
    ];
    last.footer = {
      text: `${quote.passage.id} · ${t('passage.position', { n: quote.passage.n, total: quote.document.passages.length })}`,
    };
  }
  // A paragraph longer than one message can hold is cut there, marked with
  // "…"; the footer's citation id leads to the whole text in /read.
  return fitEmbeds(embeds);
}

/** Splits text at paragraph, sentence or word boundaries into pieces of at most `max`. */
export function splitText(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    const cut = Math.max(window.lastIndexOf('\n'), window.lastIndexOf('. '), window.lastIndexOf(' '));
    let at = cut > max / 2 ? cut + 1 : max;
    // Never between a backslash and the character it escapes: the escape
    // would then act on the spoiler bar or the ellipsis that follows the cut.
    let slashes = 0;
    while (slashes < at && rest.charAt(at - 1 - slashes) === '\\') slashes++;
    if (slashes % 2 === 1) at--;
    out.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest.length > 0 || out.length === 0) out.push(rest);
  return out;
}
