import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportNotebook } from '../src/bot/export.js';
import { CITATION_STYLES } from '../src/citation/styles.js';
import { createTranslations, type Translations } from '../src/i18n/index.js';
import type { ReadingRoom, Quote } from '../src/reading-room.js';
import { bundledRoom } from './helpers.js';

let room: ReadingRoom;
let translations: Translations;
beforeAll(async () => {
  room = bundledRoom();
  translations = await createTranslations();
});
const quoteOf = (citation: string): Quote | null => {
  const found = room.quote(citation);
  return 'quote' in found ? found.quote : null;
};
const allIds = (): string[] => room.documents.flatMap((d) => d.passages.map((p) => p.id));

describe('notebook export', () => {
  it('GIVEN any selection of passages, any style and format WHEN exported THEN every quote is in the file verbatim, in order, and the bibliography lists each cited document once (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...allIds()), { minLength: 1, maxLength: 12 }),
        fc.constantFrom(...CITATION_STYLES),
        fc.constantFrom('markdown' as const, 'text' as const),
        (ids, style, format) => {
          const file = exportNotebook({
            entries: ids.map((citation) => ({ citation, addedBy: '1', addedAt: 0, note: null })),
            quoteOf,
            style,
            format,
            channelName: 'group',
            t: translations.t('en'),
            language: 'en',
            now: new Date('2026-11-22T00:00:00Z'),
          });
          let at = 0;
          for (const id of ids) {
            // Each line of the paragraph, as written in the file (after "> " or the indent).
            for (const line of quoteOf(id)?.passage.text.split('\n') ?? []) {
              const found = file.text.indexOf(line, at);
              expect(found, id).toBeGreaterThan(-1);
              at = found;
            }
          }
          const bibliography = file.text.slice(file.text.lastIndexOf('Bibliography'));
          const documents = new Set(ids.map((id) => id.split(':')[0]));
          const entries = bibliography.split('\n').filter((l) => /Awan|Polatov/.test(l));
          expect(entries).toHaveLength(documents.size);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('GIVEN a Russian server WHEN exported THEN the headings are Russian and the quotes stay in English', () => {
    const file = exportNotebook({
      entries: [{ citation: 'khojaly-1992:20', addedBy: '1', addedAt: 0, note: 'заметка' }],
      quoteOf,
      style: 'chicago',
      format: 'markdown',
      channelName: 'обсуждение',
      t: translations.t('ru'),
      language: 'ru',
      now: new Date('2026-11-22T00:00:00Z'),
    });
    expect(file.name).toBe('notebook-обсуждение-chicago.md');
    expect(file.text).toContain('# Блокнот — обсуждение');
    expect(file.text).toContain('## Список источников');
    expect(file.text).toContain('*Предупреждение о содержании: убийства, увечья*');
    expect(file.text).toContain('> “Women and children had been scalped,”');
    expect(file.text).toContain('Quoted in Awan');
  });

  it('GIVEN any channel name WHEN exported THEN the file name is safe: letters, digits and hyphens only (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (name) => {
        const file = exportNotebook({
          entries: [{ citation: 'sumgait-1988:1', addedBy: '1', addedAt: 0, note: null }],
          quoteOf,
          style: 'apa',
          format: 'text',
          channelName: name,
          t: translations.t('en'),
          language: 'en',
          now: new Date(0),
        });
        expect(file.name).toMatch(/^notebook-[\p{L}\p{N}-]+-apa\.txt$/u);
      }),
    );
  });
});
