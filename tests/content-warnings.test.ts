import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clipVeiled, escapeText, spoilerBars } from '../src/bot/render.js';
import { warningsFor } from '../src/bot/audience.js';
import { quoteEmbeds } from '../src/bot/views/quote-card.js';
import { createTranslations } from '../src/i18n/index.js';
import { LANGUAGES } from '../src/languages.js';
import {
  detectWarnings,
  parseLexicon,
  WARNING_CATEGORIES,
  type Lexicon,
} from '../src/library/content-warnings.js';
import { loadLibrary, parseDocumentFile } from '../src/library/library.js';
import { libraryPaths } from '../src/paths.js';
import { ReadingRoom } from '../src/reading-room.js';
import { bundledRoom, ROOT, tempDir } from './helpers.js';

function realLexicon(): Lexicon {
  const file = libraryPaths().contentWarningsFile;
  const parsed = parseLexicon(file, readFileSync(file));
  if (!parsed.lexicon) throw new Error(parsed.problems.map((p) => p.message).join('\n'));
  return parsed.lexicon;
}

const doc = (warnings: string, body: string): Uint8Array =>
  new TextEncoder().encode(
    `---\nid: cw-test\ntitle: T\nauthor:\n  name: A B\n  affiliation: null\noutlet: null\npublished: 2020-01-02\nlanguage: en\ngenre: opinion\nurl: null\ncontext:\n  en: e\n  hy: h\n  az: a\n  ru: r\n${warnings}---\n${body}`,
  );

describe('the reviewed lists of the bundled documents', () => {
  it('GIVEN both bundled documents WHEN loaded THEN each carries a reviewed list, and every marked passage says so', () => {
    const library = loadLibrary(join(ROOT, 'data', 'documents'));
    for (const d of library.documents) {
      expect(d.contentWarnings, d.id).not.toBeNull();
      const marked = d.passages.filter((p) => p.warning !== null);
      expect(marked.length, d.id).toBeGreaterThan(0);
      for (const p of marked) expect(p.warning?.source).toBe('reviewed');
    }
  });

  it('GIVEN the scalping passage of the reprinted NYT report WHEN loaded THEN it is marked for mutilation', () => {
    const quote = bundledRoom().quote('khojaly-1992:20');
    expect('quote' in quote && quote.quote.passage.warning?.categories).toContain('mutilation');
  });
});

describe('the reviewed list wins over the lexicon', () => {
  it('GIVEN a paragraph the lexicon would flag WHEN a reviewed list leaves it out THEN it has no warning', () => {
    const parsed = parseDocumentFile(
      'cw.md',
      doc(
        'contentWarnings:\n  - paragraphs: [2]\n    categories: [torture]\n',
        'They were murdered.\n\nSecond.\n',
      ),
    );
    expect(parsed.document?.passages.map((p) => p.warning)).toEqual([
      null,
      { categories: ['torture'], source: 'reviewed' },
    ]);
  });

  it('GIVEN a document with no list WHEN the room opens THEN the lexicon marks it, as detected', () => {
    const data = tempDir();
    const documentsDir = join(data, 'documents');
    const paths = { ...libraryPaths(), documentsDir, indexFile: join(data, 'index.bin') };
    // A library of one unreviewed document.
    mkdirSync(documentsDir);
    writeFileSync(
      join(documentsDir, 'cw.md'),
      doc('', 'Dozens were massacred in the square.\n\nA calm paragraph.\n'),
    );
    const room = ReadingRoom.open(paths).room;
    const q = room.quote('cw-test:1');
    expect('quote' in q && q.quote.passage.warning).toEqual({ categories: ['killing'], source: 'detected' });
    const calm = room.quote('cw-test:2');
    expect('quote' in calm && calm.quote.passage.warning).toBeNull();
  });

  it('GIVEN a reviewed list naming a paragraph the document lacks WHEN loaded THEN the file is reported with the field', () => {
    const parsed = parseDocumentFile(
      'cw.md',
      doc('contentWarnings:\n  - paragraphs: [9]\n    categories: [killing]\n', 'Only one.\n'),
    );
    expect(parsed.document).toBeNull();
    expect(parsed.problems[0]).toMatchObject({ field: 'contentWarnings', code: 'invalid-field' });
    expect(parsed.problems[0]?.line).toBe(18);
  });

  it('GIVEN an unknown category WHEN loaded THEN the file is reported', () => {
    const parsed = parseDocumentFile(
      'cw.md',
      doc('contentWarnings:\n  - paragraphs: [1]\n    categories: [gore]\n', 'Only one.\n'),
    );
    expect(parsed.problems[0]?.field).toBe('contentWarnings.0.categories.0');
  });
});

describe('the lexicon detector', () => {
  const lexicon = realLexicon();

  it('GIVEN the bundled lexicon WHEN parsed THEN every category has terms in all four languages', () => {
    for (const language of LANGUAGES) {
      const categories = new Set(lexicon[language].map((t) => t.category));
      expect([...categories].sort()).toEqual([...WARNING_CATEGORIES].sort());
    }
  });

  it('GIVEN words in each language WHEN detected THEN inflected forms match by prefix', () => {
    expect(detectWarnings('Civilians were MURDERED.', 'en', lexicon)).toEqual(['killing']);
    expect(detectWarnings('Жители были убиты.', 'ru', lexicon)).toEqual(['killing']);
    expect(detectWarnings('Dinc sakinlər öldürüldü.', 'az', lexicon)).toEqual(['killing']);
    expect(detectWarnings('Խաղաղ բնակիչները սպանվեցին։', 'hy', lexicon)).toEqual(['killing']);
  });

  it('GIVEN compounds and soft hyphens WHEN detected THEN the parts are matched too', () => {
    expect(detectWarnings('a mass-murder', 'en', lexicon)).toEqual(['killing']);
    expect(detectWarnings('полу-убитые', 'ru', lexicon)).toEqual(['killing']);
    expect(detectWarnings('they were mur\u00addered', 'en', lexicon)).toEqual(['killing']);
  });

  it('GIVEN a whole-word term WHEN a longer innocent word starts with it THEN it does not match', () => {
    expect(detectWarnings('A rapid response and a rapeseed field.', 'en', lexicon)).toEqual([]);
  });

  it('GIVEN any text WHEN detected THEN the result is a subset of the categories, in their order, without repeats (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.constantFrom(...LANGUAGES), (text, language) => {
        const found = detectWarnings(text, language, lexicon);
        expect(found).toEqual(WARNING_CATEGORIES.filter((c) => found.includes(c)));
      }),
    );
  });

  it('GIVEN a text flagged WHEN more text is appended THEN it stays flagged (property: detection is monotone)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 200 }), (a, b) => {
        const before = detectWarnings(`${a} murdered`, 'en', lexicon);
        const after = detectWarnings(`${a} murdered ${b}`, 'en', lexicon);
        for (const c of before) expect(after).toContain(c);
      }),
    );
  });

  it('GIVEN a broken lexicon WHEN parsed THEN the problem names the line', () => {
    const parsed = parseLexicon('cw.yaml', new TextEncoder().encode('killing:\n  en: [Murder]\n'));
    expect(parsed.lexicon).toBeNull();
    expect(parsed.problems.find((p) => p.field === 'killing.en.0')?.line).toBe(2);
    const spaced = parseLexicon(
      'cw.yaml',
      new TextEncoder().encode('killing:\n  en: [burned alive, "=a"]\n'),
    );
    expect(spaced.problems.map((p) => p.field)).toEqual(
      expect.arrayContaining(['killing.en.0', 'killing.en.1']),
    );
  });
});

describe('how a warning is shown', () => {
  it('GIVEN a marked passage WHEN rendered privately, publicly and publicly with warnings off THEN line only, line and spoiler, neither', async () => {
    const translations = await createTranslations();
    const t = translations.t('az');
    const found = bundledRoom().quote('khojaly-1992:20');
    if (!('quote' in found)) throw new Error('missing passage');
    const [privately] = quoteEmbeds(found.quote, t, 'az', warningsFor({ contentWarnings: true }, false));
    const [publicly] = quoteEmbeds(found.quote, t, 'az', warningsFor({ contentWarnings: true }, true));
    const [off] = quoteEmbeds(found.quote, t, 'az', warningsFor({ contentWarnings: false }, true));
    expect(privately?.description).toMatch(
      new RegExp(`^-# ⚠ ${t('contentWarning.line', { categories: `.*${t('contentWarning.mutilation')}` })}`),
    );
    expect(privately?.description).not.toContain('||');
    expect(publicly?.description).toMatch(/^-# ⚠ Məzmun xəbərdarlığı: .*\n\|\|[\s\S]+\|\|$/);
    expect(off?.description?.startsWith('“Women')).toBe(true);
  });

  it('GIVEN spoilered text of any length WHEN clipped to any size THEN the spoiler is never left open (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.integer({ min: 4, max: 320 }), (text, max) => {
        const escaped = escapeText(text);
        const out = clipVeiled(`-# warning\n||${escaped}||`, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(spoilerBars(out) % 2).toBe(0);
      }),
    );
  });
});
