import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLibrary, parseCitationId } from '../src/library/library.js';
import { ROOT, tempDir } from './helpers.js';

const DOCS = join(ROOT, 'data', 'documents');

const frontMatter = (overrides: Record<string, string> = {}): string => {
  const fields: Record<string, string> = {
    id: 'test-doc',
    title: 'A test document',
    author: '\n  name: Test Author\n  affiliation: null',
    outlet: 'null',
    published: '2020-01-02',
    language: 'en',
    genre: 'opinion',
    url: 'null',
    context:
      '\n  en: An English note.\n  hy: Հայերեն նշում։\n  az: Azərbaycanca qeyd.\n  ru: Заметка по-русски.',
    ...overrides,
  };
  return `---\n${Object.entries(fields)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n')}\n---\n`;
};

/** A folder with the bundled documents plus the given extra files. */
function libraryWith(extra: Record<string, string | Uint8Array>): string {
  const dir = tempDir();
  for (const name of readdirSync(DOCS)) copyFileSync(join(DOCS, name), join(dir, name));
  for (const [name, content] of Object.entries(extra)) writeFileSync(join(dir, name), content);
  return dir;
}

describe('the bundled library', () => {
  const library = loadLibrary(DOCS);

  it('GIVEN data/documents WHEN loaded THEN both seed documents load without problems', () => {
    expect(library.problems).toEqual([]);
    expect(library.documents.map((d) => [d.id, d.passages.length])).toEqual([
      ['khojaly-1992', 42],
      ['sumgait-1988', 26],
    ]);
  });

  it('GIVEN every passage WHEN compared with its document file and with the original it came from THEN it is a verbatim substring of both', () => {
    for (const doc of library.documents) {
      const file = readFileSync(doc.file, 'utf8');
      expect(doc.source).not.toBeNull();
      const original = readFileSync(join(ROOT, doc.source ?? ''), 'utf8');
      for (const p of doc.passages) {
        expect(file).toContain(p.text);
        expect(original, p.id).toContain(p.text);
      }
    }
  });

  it('GIVEN the Khojaly article WHEN loaded THEN exactly the reprinted NYT paragraphs are attributed to the NYT', () => {
    const doc = library.documents.find((d) => d.id === 'khojaly-1992');
    const nested = doc?.passages.filter((p) => p.nestedSourceId === 'nyt-1992').map((p) => p.n);
    expect(nested).toEqual([15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27]);
    expect(doc?.nestedSources[0]).toMatchObject({ outlet: 'The New York Times', published: '1992-03-03' });
    expect(doc?.passages[14]?.text.startsWith('Fresh evidence emerged today')).toBe(true);
  });

  it('GIVEN the page furniture of the originals WHEN loaded THEN none of it is a passage', () => {
    const texts = library.documents.flatMap((d) => d.passages.map((p) => p.text));
    for (const furniture of [
      'Buy Reprints',
      'About the Archive',
      'Leave a Reply',
      '2 Comments',
      'Social',
      'This is a digitized version',
    ]) {
      expect(
        texts.some((t) => t.includes(furniture)),
        furniture,
      ).toBe(false);
    }
  });

  it('GIVEN a document with no stated date WHEN loaded THEN published is null and the note says how the date is known', () => {
    const doc = library.documents.find((d) => d.id === 'khojaly-1992');
    expect(doc?.published).toBeNull();
    expect(doc?.dateNote?.en).toMatch(/32nd anniversary/);
    expect(doc?.dateNote?.ru).toMatch(/32-/);
  });
});

describe('the context notes and date notes of the bundled documents', () => {
  const documents = loadLibrary(DOCS).documents;
  const LANGS = ['en', 'hy', 'az', 'ru'] as const;

  /**
   * How every note attributes the author's affiliation to the text itself:
   * one construction, the same verb, for both sides' documents.
   */
  const ATTRIBUTION = {
    en: /The text presents its author as ([^.]+)\./,
    hy: /Տեքստում հեղինակը ներկայացված է որպես ([^։]+)։/,
    az: /Mətndə müəllif (.+?) kimi təqdim olunur\./,
    ru: /В тексте автор представлен как ([^.]+)\./,
  } as const;

  /** What each document's own author line or signature states, in each language's note. */
  const AFFILIATION: Readonly<Record<string, Readonly<Record<(typeof LANGS)[number], string>>>> = {
    'khojaly-1992': {
      en: 'founding chair of GSRRA',
      hy: 'GSRRA-ի հիմնադիր նախագահ',
      az: 'GSRRA-nın təsisçi sədri',
      ru: 'председатель-основатель GSRRA',
    },
    'sumgait-1988': {
      en: 'chairman of the Patriotic organization "Talish - border settlements"',
      hy: '«Talish - border settlements» հայրենասիրական կազմակերպության նախագահ',
      az: '"Talish - border settlements" vətənpərvər təşkilatının sədri',
      ru: 'председатель патриотической организации «Talish - border settlements»',
    },
  };

  it.each(LANGS)(
    'GIVEN both documents WHEN their %s context notes are read THEN each attributes the author’s affiliation to the text with the same construction, and states it nowhere else',
    (language) => {
      expect(documents.map((d) => d.id).sort()).toEqual(Object.keys(AFFILIATION).sort());
      for (const d of documents) {
        const note = d.context[language];
        const m = ATTRIBUTION[language].exec(note);
        expect(m?.[1], `${d.id} ${language}: ${note}`).toBe(AFFILIATION[d.id]?.[language]);
        // The affiliation's names (GSRRA, Talish) appear only inside the attributed sentence.
        const outside = note.replace(m?.[0] ?? '', '');
        expect(outside, `${d.id} ${language}`).not.toMatch(/GSRRA|Talish/);
      }
    },
  );

  it('GIVEN every date note WHEN read after the card’s “Date” label THEN it is the value, without repeating the label', () => {
    const LABEL: Readonly<Record<(typeof LANGS)[number], RegExp>> = {
      en: /\bdate\b/i,
      hy: /ամսաթ/i,
      az: /\btarix\b/i,
      ru: /дат[аыуе]/i,
    };
    const notes = documents.flatMap((d) =>
      d.dateNote ? LANGS.map((l) => [d.id, l, d.dateNote?.[l] ?? ''] as const) : [],
    );
    expect(notes.length).toBeGreaterThan(0);
    for (const [id, language, note] of notes) {
      expect(note, `${id} ${language}`).not.toMatch(LABEL[language]);
      // A value, not a sentence: it starts in lower case, like "not stated in the text".
      expect(note[0], `${id} ${language}`).toBe(note[0]?.toLowerCase());
    }
  });

  it('GIVEN the Armenian notes WHEN they write a full date THEN it is in the order the bot renders dates in (ICU, hy-AM), never year first', () => {
    const icu = new Intl.DateTimeFormat('hy-AM', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    // The month names as they stand in ICU's full date ("1 հունվարի, 2000 թ.").
    const monthsGenitive = Array.from(
      { length: 12 },
      (_, m) => /^\d+ (\S+),/.exec(icu.format(new Date(Date.UTC(2000, m, 1))))?.[1] ?? '',
    );
    const month = monthsGenitive.join('|');
    let dates = 0;
    for (const d of documents) {
      for (const text of [d.context.hy, d.dateNote?.hy ?? '']) {
        // Year first with a day ("1992 թ. մարտի 3") is the order ICU does not use.
        expect(text, d.id).not.toMatch(new RegExp(`\\d{4} թ[.․] (?:${month}) \\d`));
        for (const m of text.matchAll(new RegExp(`(\\d{1,2}) (${month}), (\\d{4}) թ\\.`, 'g'))) {
          const iso = new Date(Date.UTC(Number(m[3]), monthsGenitive.indexOf(m[2] ?? ''), Number(m[1])));
          expect(m[0]).toBe(icu.format(iso));
          dates++;
        }
      }
    }
    expect(dates).toBeGreaterThanOrEqual(2);
    // The reprinted report's date, as the card's "reprinted" line renders it, is the one the note writes.
    expect(documents.find((d) => d.id === 'khojaly-1992')?.context.hy).toContain(
      icu.format(new Date(Date.UTC(1992, 2, 3))),
    );
  });
});

describe('citation ids', () => {
  it('GIVEN the library WHEN another document is added THEN every existing citation id and text is unchanged', () => {
    const before = loadLibrary(DOCS).documents.flatMap((d) => d.passages.map((p) => [p.id, p.text]));
    const dir = libraryWith({ 'aaa-first.md': `${frontMatter({ id: 'aaa-first' })}\nOne.\n\nTwo.\n` });
    const after = loadLibrary(dir);
    expect(after.problems).toEqual([]);
    const afterIds = after.documents.flatMap((d) => d.passages.map((p) => [p.id, p.text]));
    expect(afterIds).toEqual(expect.arrayContaining(before));
    expect(afterIds).toContainEqual(['aaa-first:2', 'Two.']);
  });

  it.each([
    ['khojaly-1992:17', { documentId: 'khojaly-1992', n: 17 }],
    [' sumgait-1988:1 ', { documentId: 'sumgait-1988', n: 1 }],
    ['khojaly-1992:0', null],
    ['khojaly-1992', null],
    ['<@123>:1', null],
    ['x:99999999', null],
  ])('GIVEN %j WHEN parsed as a citation id THEN the result is %j', (input, expected) => {
    expect(parseCitationId(input)).toEqual(expected);
  });
});

describe('a broken document', () => {
  const cases: [string, string | Uint8Array, { line: number; field: string | null; code: string }][] = [
    ['no front matter', 'Just text.\n', { line: 1, field: null, code: 'front-matter-missing' }],
    [
      'a missing title',
      `${frontMatter({ title: '' })}\nBody.\n`,
      { line: 2, field: 'title', code: 'invalid-field' },
    ],
    [
      'an invalid date',
      `${frontMatter({ published: '2020-02-30' })}\nBody.\n`,
      { line: 8, field: 'published', code: 'invalid-field' },
    ],
    [
      'an unknown language',
      `${frontMatter({ language: 'fr' })}\nBody.\n`,
      { line: 9, field: 'language', code: 'unknown-language' },
    ],
    ['an empty body', `${frontMatter()}\n\n   \n`, { line: 18, field: null, code: 'empty-body' }],
    ['invalid YAML', `---\nid: [unclosed\n---\nBody.\n`, { line: 2, field: null, code: 'yaml-syntax' }],
    [
      'bytes that are not UTF-8',
      Buffer.concat([Buffer.from(`${frontMatter()}\nGood line.\n`), Buffer.from([0x41, 0xff, 0xfe, 0x0a])]),
      { line: 20, field: null, code: 'encoding' },
    ],
    [
      'a marker naming an undeclared source',
      `${frontMatter()}\n<!-- source: nowhere -->\nText.\n<!-- /source -->\n`,
      { line: 19, field: 'nestedSources', code: 'bad-marker' },
    ],
  ];

  it.each(cases)(
    'GIVEN %s WHEN the library loads THEN the error names the file, line and field, and the others still load',
    (_, content, expected) => {
      const dir = libraryWith({ 'broken.md': content });
      const library = loadLibrary(dir);
      expect(library.problems).toHaveLength(1);
      expect(library.problems[0]).toMatchObject({ file: join(dir, 'broken.md'), ...expected });
      expect(library.documents.map((d) => d.id)).toEqual(['khojaly-1992', 'sumgait-1988']);
    },
  );

  it('GIVEN two files with the same id WHEN the library loads THEN the later file is rejected at its id line', () => {
    const dir = libraryWith({ 'zzz-copy.md': `${frontMatter({ id: 'sumgait-1988' })}\nBody.\n` });
    const library = loadLibrary(dir);
    expect(library.problems).toEqual([
      expect.objectContaining({ file: join(dir, 'zzz-copy.md'), line: 2, field: 'id', code: 'duplicate-id' }),
    ]);
    expect(library.documents.find((d) => d.id === 'sumgait-1988')?.title).toBe(
      'The Armenian Genocide in Azerbaijan',
    );
  });
});
