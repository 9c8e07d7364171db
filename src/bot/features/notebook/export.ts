import { formatReference, plainText, type CitationStyle, type Segment } from '../../../citation/styles.js';
import type { T } from '../../../i18n/index.js';
import type { Language } from '../../../languages.js';
import type { Quote } from '../../../reading-room.js';
import type { NotebookEntry } from '../../../storage/store.js';
import { formatDate } from '../../render.js';
import { warningText } from '../../views/quote-card.js';

/** File formats of a notebook export. */
export const EXPORT_FORMATS = ['markdown', 'text'] as const;

/** One of {@link EXPORT_FORMATS}. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A notebook export, ready to attach. */
export interface ExportFile {
  readonly name: string;
  readonly text: string;
  /** Entries in the file; passages that left the library are left out. */
  readonly count: number;
  /** True when a passage in it carries a content warning. */
  readonly marked: boolean;
}

/**
 * Text from data (a note, a channel name, a stored record written before notes
 * were checked) on one line: line breaks and other controls become a space and
 * bidi controls go, so nothing can start a line of its own in the file or
 * reorder the text around it.
 */
export function singleLine(text: string): string {
  return text
    .replace(/\r\n|[\p{Cc}\p{Zl}\p{Zp}]/gu, ' ')
    .replace(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '');
}

/**
 * What {@link escapeMarkdown} escapes:
 * - `\`, `` ` ``, `*`, `_`, `~`, `[`, `]`, `#`, `|`, `$`: escapes, code,
 *   emphasis, strikethrough, links, images, footnotes, wiki links, headings,
 *   tables, math;
 * - `&`, `<`, `>`: HTML, entities, autolinks, block quotes;
 * - a colon after a letter and before a non-space (`https:`, `mailto:`,
 *   `javascript:`), the second slash of `//`, a dot that ends `www` or starts
 *   a top-level domain (`evil.com`), an `@` inside a word: the bare URLs,
 *   domains and e-mail addresses that GitHub, markdown-it's linkify and
 *   others turn into links;
 * - at the very start, `-`, `+`, `=` and the dot or parenthesis of `1.`/`1)`:
 *   list items and setext underlines, should the text ever start a line.
 * Every lookbehind and lookahead is bounded, so the pass is linear.
 */
const MARKDOWN_SPECIAL =
  /[\\`*_~[\]#|$&<>]|(?<=\p{L}):(?=\S)|(?<=\/)\/|(?<=\S)@(?=\S)|(?<=[\p{L}\p{N}_-])\.(?=\p{L}{2})|(?<=(?:^|[^\p{L}\p{N}])www)\.|^[-+=]|(?<=^\d{1,9})[.)]/giu;
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Escapes text that comes from data (a member's note, a channel or thread
 * name, a title in a reference) for a Markdown file, so that no heading, list,
 * link, image, emphasis, code, HTML, entity or autolink can form in it, under
 * CommonMark, GitHub Flavored Markdown or markdown-it with linkify. The text
 * is kept on one line ({@link singleLine}) and, rendered, reads exactly as
 * written: `<`, `>`, `&` become entities, every other special character gets
 * a backslash. A URL stays readable but is not a link (`https\:/\/evil\.com`
 * renders as the plain text https://evil.com): a link in a note could be
 * disguised or track whoever opens the file, and the address is still there
 * to copy. Escaping the colon and the dot rather than wrapping the text in a
 * code span keeps the note in the file's normal type, and the title's and
 * references' italics working.
 */
export function escapeMarkdown(text: string): string {
  return singleLine(text).replace(MARKDOWN_SPECIAL, (c) => ENTITIES[c] ?? `\\${c}`);
}

function markdown(segments: readonly Segment[]): string {
  return segments.map((s) => (s.italic ? `*${escapeMarkdown(s.text)}*` : escapeMarkdown(s.text))).join('');
}

/**
 * A notebook as a file: each quote verbatim, in its own language, with its
 * full reference in the chosen style and its note, then a bibliography of the
 * documents cited. Headings are in `language` (the server's); the quotes are
 * never translated or touched: not even markdown in them is escaped, so the
 * file holds the exact words of the source. Everything else that comes from
 * data (notes, the channel's name, the references' titles) is escaped in
 * Markdown ({@link escapeMarkdown}) and kept on its own line in both formats
 * ({@link singleLine}), so a note can neither plant a link, an image or HTML
 * nor forge an entry or a quote.
 */
export function exportNotebook(args: {
  entries: readonly NotebookEntry[];
  quoteOf: (citation: string) => Quote | null;
  style: CitationStyle;
  format: ExportFormat;
  channelName: string;
  t: T;
  language: Language;
  now: Date;
}): ExportFile {
  const { entries, quoteOf, style, format, channelName, t, language, now } = args;
  const md = format === 'markdown';
  const ref = (segments: readonly Segment[]): string => (md ? markdown(segments) : plainText(segments));
  // A label with its separator, from the locale ("Note:", "Նշում՝"), in bold in Markdown.
  const label = (text: string): string => {
    const withSeparator = t('format.label', { label: text });
    return md ? `**${withSeparator}**` : withSeparator;
  };
  const styleName = t(`citeStyle.${style}`);
  const quoted = entries.flatMap((e) => {
    const quote = quoteOf(e.citation);
    return quote ? [{ entry: e, quote }] : [];
  });
  const title = t('notebook.fileTitle', {
    channel: md ? escapeMarkdown(channelName) : singleLine(channelName),
  });
  const out: string[] = [
    md ? `# ${title}` : title,
    '',
    t('notebook.fileExported', {
      date: formatDate(now.toISOString().slice(0, 10), language),
      count: quoted.length,
      style: styleName,
    }),
    ...(md ? [''] : []),
    t('notebook.fileVerbatim'),
  ];
  quoted.forEach(({ entry, quote }, i) => {
    const position = t('passage.position', { n: quote.passage.n, total: quote.document.passages.length });
    const heading = `${i + 1}. ${md ? escapeMarkdown(quote.passage.id) : quote.passage.id} · ${position}`;
    out.push('', md ? `## ${heading}` : heading, '');
    if (quote.passage.warning) {
      const line = warningText(quote.passage.warning, t);
      out.push(md ? `*${line}*` : line, '');
    }
    const lines = quote.passage.text.split('\n');
    out.push(...(md ? lines.map((l) => `> ${l}`) : lines.map((l) => `    ${l}`)), '');
    out.push(`${label(t('notebook.fileReference'))} ${ref(formatReference(quote.attribution, style))}`);
    if (entry.note !== null) {
      // A blank line in markdown, or the note would run into the reference.
      if (md) out.push('');
      out.push(
        `${label(t('notebook.fileNote'))} ${md ? escapeMarkdown(entry.note) : singleLine(entry.note)}`,
      );
    }
  });
  // The bibliography lists the documents themselves: a reprinted report is
  // cited through the document that reprints it, as the entries above say.
  const documents = new Map<string, Segment[]>();
  for (const { quote } of quoted) {
    if (!documents.has(quote.document.id)) {
      documents.set(quote.document.id, formatReference({ ...quote.attribution, reprintedFrom: null }, style));
    }
  }
  const bibliography = [...documents.values()].sort((a, b) => plainText(a).localeCompare(plainText(b), 'en'));
  out.push('', md ? `## ${t('notebook.fileBibliography')}` : t('notebook.fileBibliography'), '');
  out.push(...bibliography.map((segments) => (md ? `- ${ref(segments)}` : ref(segments))));
  const slug = channelName.replace(/[^\p{L}\p{N}-]+/gu, '-').replace(/^-+|-+$/g, '') || 'notebook';
  return {
    name: `notebook-${slug}-${style}.${md ? 'md' : 'txt'}`,
    text: `${out.join('\n')}\n`,
    count: quoted.length,
    marked: quoted.some(({ quote }) => quote.passage.warning !== null),
  };
}
