/**
 * `npm run export-sample [-- <language> <markdown|text>]`: the notebook
 * export of three passages (one from each document, and one from the NYT
 * report reprinted in the Khojaly article), in each citation style, exactly as
 * `/notebook export` attaches it. The date is fixed so the output is stable.
 */
import { join } from 'node:path';
import { CITATION_STYLES } from '../src/citation/styles.js';
import { EXPORT_FORMATS, exportNotebook } from '../src/bot/features/notebook/export.js';
import { createTranslations } from '../src/i18n/index.js';
import { isLanguage } from '../src/languages.js';
import { libraryPaths } from '../src/paths.js';
import { ReadingRoom } from '../src/reading-room.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

const [languageArg = 'en', formatArg = 'markdown'] = process.argv.slice(2);
const language = isLanguage(languageArg) ? languageArg : 'en';
const format = EXPORT_FORMATS.find((f) => f === formatArg) ?? 'markdown';
const room = ReadingRoom.open({
  ...libraryPaths(),
  indexFile: join(mkdtempSync(join(tmpdir(), 'export-sample-')), 'index.bin'),
}).room;
const t = (await createTranslations()).t(language);
const entries = [
  {
    citation: 'sumgait-1988:3',
    addedBy: '1',
    addedAt: 0,
    note: 'How long the events lasted, by this account',
  },
  { citation: 'khojaly-1992:2', addedBy: '2', addedAt: 0, note: null },
  { citation: 'khojaly-1992:20', addedBy: '1', addedAt: 0, note: 'The reprinted 1992 report' },
];
for (const style of CITATION_STYLES) {
  const file = exportNotebook({
    entries,
    quoteOf: (citation) => {
      const found = room.quote(citation);
      return 'quote' in found ? found.quote : null;
    },
    style,
    format,
    channelName: 'study-group',
    t,
    language,
    now: new Date('2026-11-22T12:00:00Z'),
  });
  console.log(`===== ${file.name} =====\n${file.text}`);
}
