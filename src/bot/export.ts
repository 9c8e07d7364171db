import { formatReference, plainText, type CitationStyle, type Segment } from '../citation/styles.js';
import type { T } from '../i18n/index.js';
import type { Language } from '../languages.js';
import type { Quote } from '../reading-room.js';
import type { NotebookEntry } from '../storage/store.js';
import { formatDate } from './render.js';
import { warningText } from './views.js';

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

function markdown(segments: readonly Segment[]): string {
  return segments.map((s) => (s.italic ? `*${s.text}*` : s.text)).join('');
}

/**
 * A notebook as a file: each quote verbatim, in its own language, with its
 * full reference in the chosen style and its note, then a bibliography of the
 * documents cited. Headings are in `language` (the server's); the quotes are
 * never translated or touched: not even markdown in them is escaped, so the
 * file holds the exact words of the source.
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
  const styleName = t(`citeStyle.${style}`);
  const quoted = entries.flatMap((e) => {
    const quote = quoteOf(e.citation);
    return quote ? [{ entry: e, quote }] : [];
  });
  const title = `${t('notebook.fileTitle')} — ${channelName}`;
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
    const heading = `${i + 1}. ${quote.passage.id} · ${position}`;
    out.push('', md ? `## ${heading}` : heading, '');
    if (quote.passage.warning) {
      const line = warningText(quote.passage.warning, t);
      out.push(md ? `*${line}*` : line, '');
    }
    const lines = quote.passage.text.split('\n');
    out.push(...(md ? lines.map((l) => `> ${l}`) : lines.map((l) => `    ${l}`)), '');
    out.push(
      `${md ? `**${t('notebook.fileReference')}:**` : `${t('notebook.fileReference')}:`} ${ref(formatReference(quote.attribution, style))}`,
    );
    if (entry.note !== null) {
      // A blank line in markdown, or the note would run into the reference.
      if (md) out.push('');
      out.push(`${md ? `**${t('notebook.fileNote')}:**` : `${t('notebook.fileNote')}:`} ${entry.note}`);
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
