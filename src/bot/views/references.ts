import { formatReference, plainText, type CitationStyle, type Segment } from '../../citation/styles.js';
import type { T } from '../../i18n/index.js';
import type { Quote } from '../../reading-room.js';
import { escapeText } from '../render.js';
import type { Payload } from '../types.js';
import { payload } from './payload.js';

/** A reference as Discord markdown: escaped text, titles of whole works in italics. */
export function referenceMarkdown(segments: readonly Segment[]): string {
  return segments.map((s) => (s.italic ? `*${escapeText(s.text)}*` : escapeText(s.text))).join('');
}

/**
 * References for a passage: each style as it reads, plus the same as plain
 * text in a code block, ready to copy into a bibliography.
 */
export function referencesView(quote: Quote, styles: readonly CitationStyle[], t: T): Payload {
  const blocks = styles.map((style) => {
    const segments = formatReference(quote.attribution, style);
    const plain = plainText(segments).replace(/`/g, 'ˋ');
    return `**${t('cite.title', { style: t(`citeStyle.${style}`) })}**\n${referenceMarkdown(segments)}\n\`\`\`\n${plain}\n\`\`\``;
  });
  return payload({ content: `${quote.passage.id}\n\n${blocks.join('\n\n')}` });
}
