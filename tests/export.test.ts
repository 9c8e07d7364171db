import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportNotebook, type ExportFormat } from '../src/bot/features/notebook/export.js';
import { CITATION_STYLES } from '../src/citation/styles.js';
import { createTranslations, type Translations } from '../src/i18n/index.js';
import type { ReadingRoom, Quote } from '../src/reading-room.js';
import type { NotebookEntry } from '../src/storage/store.js';
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
    const t = translations.t('ru');
    expect(file.text).toContain(`# ${t('notebook.fileTitle', { channel: 'обсуждение' })}\n`);
    expect(file.text).toContain(`## ${t('notebook.fileBibliography')}\n`);
    const warning = t('contentWarning.line', {
      categories: [t('contentWarning.killing'), t('contentWarning.mutilation')].join(', '),
    });
    expect(file.text).toContain(`*${warning}*`);
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

  it('GIVEN any channel name and notes WHEN exported as Markdown THEN every quote is still in the file verbatim, each on its own "> " line (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...allIds()), { minLength: 1, maxLength: 6 }),
        fc.array(fc.option(hostileText, { nil: null }), { minLength: 6, maxLength: 6 }),
        hostileText,
        (ids, notes, channelName) => {
          const file = exportOf(
            ids.map((citation, i) => ({ citation, addedBy: '1', addedAt: 0, note: notes[i] ?? null })),
            'markdown',
            channelName,
          );
          const lines = file.text.split('\n');
          let at = 0;
          for (const id of ids) {
            for (const line of quoteOf(id)?.passage.text.split('\n') ?? []) {
              const found = lines.indexOf(`> ${line}`, at);
              expect(found, id).toBeGreaterThan(-1);
              at = found;
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

// ---------------------------------------------------------------------------
// Injected markup in notes and channel names (security review, issue 8, M4).

const NOW = new Date('2026-11-22T00:00:00Z');

function exportOf(
  entries: readonly NotebookEntry[],
  format: ExportFormat,
  channelName = 'reading',
): ReturnType<typeof exportNotebook> {
  return exportNotebook({
    entries,
    quoteOf,
    style: 'apa',
    format,
    channelName,
    t: translations.t('en'),
    language: 'en',
    now: NOW,
  });
}

const entry = (citation: string, note: string | null): NotebookEntry => ({
  citation,
  addedBy: '1',
  addedAt: 0,
  note,
});

/** Pieces that make Markdown, HTML, links, forged entries and hidden text. */
const HOSTILE = [
  '![x](https://evil.example/beacon.png)',
  '[New York Times](https://evil.example)',
  '<img src=x onerror=alert(1)>',
  '<script>',
  '</a>',
  '<!--',
  '<?php',
  '<https://evil.example>',
  '&lt;',
  '&#60;',
  '&',
  '<',
  '>',
  '![',
  '](',
  '[',
  ']',
  '(',
  ')',
  '\n## ',
  '\n# ',
  '\n> ',
  '\n- ',
  '\n1. ',
  '\n',
  '\r\n',
  '\r',
  '\u2028',
  '\u0085',
  '\n\n## 99. khojaly-1992:1 · Paragraph 1 of 42\n\n> “a fake verbatim quote”\n',
  'http://',
  'https://',
  'HTTPS://',
  'www.',
  'evil.com',
  'mailto:',
  'a@b.c',
  '//',
  ':',
  '.',
  '\\',
  '\\[',
  '*',
  '**',
  '_',
  '`',
  '```',
  '~~',
  '#',
  '|',
  '$',
  '-',
  '+',
  '=',
  '1.',
  ' ',
  '\t',
  'a',
  'Ж',
  'Խ',
  'ə',
  '😀',
  '\u202e',
  '\u2066',
];
const hostileText = fc.oneof(
  fc.string({ unit: fc.constantFrom(...HOSTILE), maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom(
      '\\',
      '[',
      ']',
      '(',
      ')',
      '!',
      '<',
      '>',
      '&',
      ':',
      '/',
      '.',
      'h',
      't',
      'p',
      's',
      'w',
      '\n',
      '#',
      ' ',
    ),
  }),
);

/** What a renderer shows for escaped text: backslash escapes and the three entities undone. */
const decode = (text: string): string =>
  text.replace(
    /\\([\s\S])|&(lt|gt|amp);/g,
    (_, c: string | undefined, e: string | undefined) =>
      c ?? ({ lt: '<', gt: '>', amp: '&' } as Record<string, string>)[e ?? ''] ?? '',
  );
/** The text with each backslash escape blanked out: what a Markdown parser may still read as markup. */
const unescaped = (text: string): string => text.replace(/\\[\s\S]/g, '\u0001');
/** A stored note or channel name as the file must show it: on one line, without bidi controls. */
const oneLine = (text: string): string =>
  text
    .replace(/\r\n|[\p{Cc}\p{Zl}\p{Zp}]/gu, ' ')
    .replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');

/** Markup that must not be in text that came from a member (after its escapes are blanked out). */
const MARKUP: readonly [string, RegExp][] = [
  ['image', /!\[/],
  ['link text', /\[/],
  ['link target', /\]\(/],
  ['HTML or autolink', /<[a-zA-Z/!?]/],
  ['angle bracket', /[<>]/],
  ['entity', /&(?!(?:amp|lt|gt);)/],
  ['emphasis, code, strikethrough', /[*_`~]/],
  ['heading', /#/],
  ['bare URL', /(?:https?|ftp):\/\//i],
  ['scheme', /\p{L}:\S/u],
  ['protocol-relative URL', /\/\//],
  ['www autolink', /(?:^|[^\p{L}\p{N}])www\./iu],
  ['domain', /[\p{L}\p{N}_-]\.\p{L}{2}/u],
  ['line break', /[\r\n\u2028\u2029\u0085]/],
];

function expectNoMarkup(text: string, what: string): void {
  for (const [name, pattern] of MARKUP)
    expect(unescaped(text), `${what}: ${name} in ${JSON.stringify(text)}`).not.toMatch(pattern);
}

/** The lines of a Markdown export outside its quote blocks that are neither blank nor from the template. */
function checkMarkdownStructure(text: string, entries: readonly NotebookEntry[], channelName: string): void {
  const lines = text.split('\n');
  const quoted = entries.filter((e) => quoteOf(e.citation) !== null);
  const passageLines = new Set(quoted.flatMap((e) => quoteOf(e.citation)?.passage.text.split('\n') ?? []));
  // The title: the template's, then the channel's name, escaped, reading as the name on one line.
  const title = lines[0] ?? '';
  expect(title.startsWith('# Notebook — ')).toBe(true);
  const name = title.slice('# Notebook — '.length);
  expectNoMarkup(name, 'channel name');
  expect(decode(name)).toBe(oneLine(channelName));
  // Headings: exactly one per entry and the bibliography's, all from the template.
  const headings = lines.filter((l) => /^\s{0,3}#{1,6}(\s|$)/.test(l)).slice(1);
  expect(headings).toHaveLength(quoted.length + 1);
  quoted.forEach((e, i) => {
    expect(headings[i]).toMatch(new RegExp(`^## ${i + 1}\\. ${e.citation} · Paragraph \\d+ of \\d+$`));
  });
  expect(headings.at(-1)).toBe('## Bibliography');
  const notes = quoted.flatMap((e) => (e.note === null ? [] : [e.note]));
  const noteLines: string[] = [];
  for (const line of lines.slice(1)) {
    if (line === '' || headings.includes(line)) continue;
    if (line.startsWith('>')) {
      // Only the quotes are block quotes, and only their own lines.
      expect(passageLines.has(line.slice(2)), `a quote line that is not in a passage: ${line}`).toBe(true);
      continue;
    }
    // Everything else starts with one of the template's labels.
    expect(line, 'a line that is not from the template').toMatch(
      /^(Exported on |Quotes are verbatim|\*Content warning: |\*\*Reference:\*\* |\*\*Note:\*\* |- )/,
    );
    // References and the bibliography come from the library: no HTML and no link there either.
    expect(unescaped(line)).not.toMatch(/<[a-zA-Z/!?]|!\[|\]\(|https?:\/\//i);
    if (line.startsWith('**Note:** ')) noteLines.push(line.slice('**Note:** '.length));
  }
  // One line per note, in order, each escaped and reading as the note on one line.
  expect(noteLines.map(decode)).toEqual(notes.map(oneLine));
  for (const note of noteLines) expectNoMarkup(note, 'note');
  expect(lines.filter((l) => l.startsWith('- '))).toHaveLength(
    new Set(quoted.map((e) => e.citation.split(':')[0])).size,
  );
}

describe('notebook export: notes and names are text, not markup', () => {
  it('GIVEN a note with an image beacon, raw HTML and a link dressed as a source WHEN exported as Markdown THEN none of them is markup and the note still reads as written', () => {
    const note =
      '![x](https://evil.example/beacon.png) <img src=x onerror=alert(1)> <script>alert(1)</script> see [New York Times](https://evil.example/nyt)';
    const file = exportOf([entry('khojaly-1992:20', note)], 'markdown');
    const line = file.text.split('\n').find((l) => l.startsWith('**Note:** ')) ?? '';
    expect(line).toBe(
      '**Note:** !\\[x\\](https\\:/\\/evil\\.example/beacon\\.png) &lt;img src=x onerror=alert(1)&gt; &lt;script&gt;alert(1)&lt;/script&gt; see \\[New York Times\\](https\\:/\\/evil\\.example/nyt)',
    );
    expect(decode(line.slice('**Note:** '.length))).toBe(note);
    checkMarkdownStructure(file.text, [entry('khojaly-1992:20', note)], 'reading');
  });

  it('GIVEN a stored note with line breaks that forges an entry and a verbatim quote WHEN exported as Markdown THEN it stays on its Note line and the file has only the real entries and quotes', () => {
    // Written before notes were checked: the store still holds it.
    const note =
      'ok\n\n## 99. khojaly-1992:1 · Paragraph 1 of 42\n\n> “We did it,” said the author.\r\n- forged item';
    const entries = [entry('sumgait-1988:3', note), entry('khojaly-1992:20', null)];
    const file = exportOf(entries, 'markdown');
    expect(file.text).not.toMatch(/^## 99\./m);
    expect(file.text).not.toMatch(/^> “We did it/m);
    expect(file.text).not.toMatch(/^- forged/m);
    expect(file.text).toContain(
      '**Note:** ok  \\#\\# 99. khojaly-1992:1 · Paragraph 1 of 42  &gt; “We did it,” said the author. - forged item\n',
    );
    checkMarkdownStructure(file.text, entries, 'reading');
  });

  it('GIVEN a channel or thread name with markup WHEN exported as Markdown THEN the title shows the name as text', () => {
    const channelName = '[click](https://evil.example) <b>x</b> *y*\n# forged';
    const file = exportOf([entry('khojaly-1992:20', null)], 'markdown', channelName);
    expect(file.text.split('\n')[0]).toBe(
      '# Notebook — \\[click\\](https\\:/\\/evil\\.example) &lt;b&gt;x&lt;/b&gt; \\*y\\* \\# forged',
    );
    checkMarkdownStructure(file.text, [entry('khojaly-1992:20', null)], channelName);
  });

  it('GIVEN bare URLs, domains and e-mail addresses in a note WHEN exported as Markdown THEN none can be autolinked, and ordinary punctuation stays as it is', () => {
    const file = exportOf(
      [
        entry(
          'khojaly-1992:20',
          'see https://evil.example/x, www.evil.example, evil.com and me@evil.example; n.d., 3.5, 10:30. Note: fine',
        ),
      ],
      'markdown',
    );
    const line = file.text.split('\n').find((l) => l.startsWith('**Note:** ')) ?? '';
    expect(line).toBe(
      '**Note:** see https\\:/\\/evil\\.example/x, www\\.evil\\.example, evil\\.com and me\\@evil\\.example; n.d., 3.5, 10:30. Note: fine',
    );
  });

  it('GIVEN any notes and any channel name, hostile ones included WHEN exported as Markdown THEN no heading, list item, block quote, link, image, HTML tag or autolink comes from them, and each reads as written on one line (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...allIds()), { minLength: 1, maxLength: 5 }),
        fc.array(fc.option(hostileText, { nil: null }), { minLength: 5, maxLength: 5 }),
        hostileText,
        (ids, notes, channelName) => {
          const entries = ids.map((citation, i) => entry(citation, notes[i] ?? null));
          checkMarkdownStructure(exportOf(entries, 'markdown', channelName).text, entries, channelName);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('GIVEN a note with markup WHEN exported as text THEN it is kept as written, and a stored note with line breaks is put on one line', () => {
    const markup = '[New York Times](https://evil.example) <b>*x*</b> & more';
    const broken = 'ok\n\n99. khojaly-1992:1 · Paragraph 1 of 42\r\n\n    “a fake verbatim quote”\u2028end';
    const file = exportOf(
      [entry('khojaly-1992:20', markup), entry('sumgait-1988:3', broken)],
      'text',
      'reading\n99. forged',
    );
    const lines = file.text.split('\n');
    expect(lines[0]).toBe('Notebook — reading 99. forged');
    expect(lines).toContain(`Note: ${markup}`);
    expect(lines).toContain(
      'Note: ok  99. khojaly-1992:1 · Paragraph 1 of 42      “a fake verbatim quote” end',
    );
    expect(lines.filter((l) => /^\d+\. /.test(l))).toEqual([
      expect.stringMatching(/^1\. khojaly-1992:20 · /),
      expect.stringMatching(/^2\. sumgait-1988:3 · /),
    ]);
    expect(lines.filter((l) => l.includes('fake verbatim'))).toHaveLength(1);
  });

  it('GIVEN any notes, hostile ones included WHEN exported as text THEN each note is one "Note: " line and the entries are exactly the real ones (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...allIds()), { minLength: 1, maxLength: 5 }),
        fc.array(fc.option(hostileText, { nil: null }), { minLength: 5, maxLength: 5 }),
        hostileText,
        (ids, notes, channelName) => {
          const entries = ids.map((citation, i) => entry(citation, notes[i] ?? null));
          const lines = exportOf(entries, 'text', channelName).text.split('\n');
          expect(lines[0]).toBe(`Notebook — ${oneLine(channelName)}`);
          expect(lines.filter((l) => l.startsWith('Note: '))).toEqual(
            entries.flatMap((e) => (e.note === null ? [] : [`Note: ${oneLine(e.note)}`])),
          );
          expect(lines.filter((l) => /^\d+\. [a-z0-9-]+:\d+ · /.test(l))).toHaveLength(ids.length);
        },
      ),
      { numRuns: 100 },
    );
  });
});
