import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../src/library/library.js';
import { libraryPaths } from '../src/paths.js';
import { ReadingRoom, detectLanguage } from '../src/reading-room.js';
import { bundledRoom, realGlossary, ROOT, tempDir } from './helpers.js';

const room = bundledRoom();
const ids = (query: string, limit = 5, hint: 'en' | 'hy' | 'az' | 'ru' | null = null): string[] =>
  room.search(query, { limit, hint }).hits.map((h) => h.passage.id);

/** Passages of the English Khojaly article that name Khojaly. */
const khojalyPassages =
  room
    .document('khojaly-1992')
    ?.passages.filter((p) => p.text.includes('Khojaly'))
    .map((p) => p.id) ?? [];
const sumgaitPassages =
  room
    .document('sumgait-1988')
    ?.passages.filter((p) => p.text.includes('Sumgait'))
    .map((p) => p.id) ?? [];

describe('cross-script names', () => {
  it.each(['Ходжалы', 'Xocalı', 'Xocali', 'Խոջալու', 'Khojaly', 'ходжалы'])(
    'GIVEN the query %s WHEN searched without a hint THEN every passage naming Khojaly is found first, and the rest are marked as their context',
    (query) => {
      const hits = room.search(query, { limit: 20 }).hits;
      const direct = hits.filter((h) => h.contextOf === null);
      expect(direct.map((h) => h.passage.id).sort()).toEqual([...khojalyPassages].sort());
      expect(hits.slice(0, direct.length)).toEqual(direct);
      for (const h of hits.filter((x) => x.contextOf !== null)) {
        expect(h.passage.text).not.toContain('Khojaly');
        const [, n] = h.passage.id.split(':');
        const [, m] = (h.contextOf ?? '').split(':');
        expect(Math.abs(Number(n) - Number(m))).toBe(1);
        expect(khojalyPassages).toContain(h.contextOf);
      }
    },
  );

  it.each(['Сумгаит', 'Sumqayıt', 'Sumqayit', 'Սումգայիթ', 'в Сумгаите', 'Սումգայիթում'])(
    'GIVEN the query %s WHEN searched THEN the top hits are Sumgait passages',
    (query) => {
      const hits = ids(query, 5);
      expect(hits).toHaveLength(5);
      for (const id of hits) expect(sumgaitPassages).toContain(id);
    },
  );

  it('GIVEN a wrong language hint WHEN searching a Cyrillic name THEN the results equal those without a hint', () => {
    expect(ids('Ходжалы', 10, 'en')).toEqual(ids('Ходжалы', 10, null));
    expect(ids('Xocalı', 10, 'hy')).toEqual(ids('Xocalı', 10, null));
  });
});

describe('both sides\u2019 names for a place are equals', () => {
  const groups: string[][] = [
    ['Artsakh', 'Qarabağ', 'Karabakh', 'Garabagh', 'Карабах', 'Արցախ', 'Nagorno-Karabakh', 'Арцах'],
    ['Stepanakert', 'Khankendi', 'Xankəndi', 'Ханкенди', 'Ստեփանակերտ'],
    ['Ganja', 'Kirovabad', 'Gandzak', 'Gəncə', 'Гянджа', 'Գանձակ'],
    ['Shusha', 'Shushi', 'Şuşa', 'Susa', 'Шуша', 'Շուշի'],
  ];
  it.each(groups)(
    'GIVEN the names %s… WHEN each is searched THEN they all return the same passages',
    (...names) => {
      const expected = new Set(ids(names[0] ?? '', 50));
      expect(expected.size).toBeGreaterThan(0);
      for (const name of names) expect(new Set(ids(name, 50)), name).toEqual(expected);
    },
  );
});

describe('query syntax', () => {
  it('GIVEN a phrase in double quotes WHEN searched THEN only passages with the words in that order match', () => {
    const result = room.search('"Death to Armenians"');
    expect(result.hits.map((h) => h.passage.id)).toEqual(['sumgait-1988:1']);
    const hit = result.hits[0];
    const marked = hit?.spans.map((s) => hit.passage.text.slice(s.start, s.end));
    expect(marked).toEqual(['Death to Armenians']);
  });

  it('GIVEN the same words without quotes WHEN searched THEN more passages match than with the phrase', () => {
    expect(room.search('Death to Armenians').total).toBeGreaterThan(1);
  });

  it('GIVEN an unfinished last word WHEN searched THEN it is completed by prefix', () => {
    expect(ids('Stepanak', 3)).toContain('khojaly-1992:27');
    expect(ids('Dashnakts', 3)).toContain('khojaly-1992:7');
  });

  it.each([
    ['Sumgiat', 'sumgait-1988'],
    ['Stepanakrt', 'khojaly-1992:27'],
    ['Konchalovski', 'sumgait-1988:15'],
  ])('GIVEN the typo %s WHEN searched THEN the intended passages are found', (typo, expected) => {
    expect(ids(typo, 5).some((id) => id.startsWith(expected))).toBe(true);
  });

  it('GIVEN a short word with a typo WHEN searched THEN typo tolerance does not apply', () => {
    expect(room.search('Baki9').hits).toHaveLength(0);
  });

  it('GIVEN a document filter WHEN searching a name both articles use THEN only that document answers', () => {
    const hits = room.search('Azerbaijan', { filters: { documents: ['sumgait-1988'] }, limit: 50 }).hits;
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.document.id === 'sumgait-1988')).toBe(true);
  });

  it('GIVEN a doc: filter in the query text WHEN searched THEN it filters like the option', () => {
    expect(ids('Azerbaijan doc:khojaly-1992', 50).every((id) => id.startsWith('khojaly-1992'))).toBe(true);
  });

  it('GIVEN a date range around March 1992 WHEN searching THEN only the reprinted 1992 report answers', () => {
    const hits = room.search('Armenian', { filters: { from: '1992-03', to: '1992-03' }, limit: 50 }).hits;
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(h.attribution.reprintedFrom?.published).toBe('1992-03-03');
  });

  it('GIVEN a language filter for Russian documents WHEN searching THEN nothing is found (the library is English)', () => {
    expect(room.search('Khojaly', { filters: { languages: ['ru'] } }).hits).toEqual([]);
    expect(room.search('Khojaly', { filters: { languages: ['en'] } }).hits.length).toBeGreaterThan(0);
  });

  it('GIVEN an unknown filter value WHEN searched THEN it is reported, not silently dropped', () => {
    expect(room.search('Khojaly lang:fr').invalidFilters).toEqual(['lang:fr']);
  });
});

describe('hits', () => {
  it('GIVEN a search WHEN it returns hits THEN each carries the passage verbatim, a score, spans inside the text and the full attribution', () => {
    const result = room.search('Ходжалы', { limit: 3 });
    for (const hit of result.hits) {
      const passage = room.quote(hit.passage.id);
      expect('quote' in passage && passage.quote.passage.text).toBe(hit.passage.text);
      expect(hit.score).toBeGreaterThan(0);
      expect(hit.spans.length).toBeGreaterThan(0);
      for (const s of hit.spans) expect(hit.passage.text.slice(s.start, s.end)).toMatch(/Khojaly/);
      expect(hit.attribution).toMatchObject({
        title: 'Marking the 32nd Anniversary of Khojaly (Azerbaijan) Genocide of 1992.',
        author: 'Zamir Ahmed Awan',
        outlet: null,
      });
    }
  });

  it('GIVEN a passage of the reprinted NYT report WHEN it is a hit THEN its attribution names the NYT of 3 March 1992', () => {
    const hit = room.search('Faradzhev').hits[0];
    expect(hit?.passage.id).toBe('khojaly-1992:20');
    expect(hit?.attribution.reprintedFrom).toMatchObject({
      outlet: 'The New York Times',
      published: '1992-03-03',
    });
  });

  it('GIVEN a passage that continues a matching one WHEN searched THEN it is found as its context, after it', () => {
    const hits = room.search('Soviet troops Sumgait', { limit: 10 }).hits;
    const continuation = hits.find((h) => h.passage.id === 'sumgait-1988:10');
    expect(continuation?.contextOf).toBeNull(); // it says "troops" itself
    const trucks = room.search('trucks with bodies', { limit: 10 }).hits.map((h) => h.passage.id);
    const hit = room
      .search('trucks with bodies', { limit: 10 })
      .hits.find((h) => h.passage.id === 'khojaly-1992:23');
    expect(hit?.contextOf).toBe('khojaly-1992:22');
    expect(hit?.spans).toEqual([]);
    expect(trucks.indexOf('khojaly-1992:22')).toBeLessThan(trucks.indexOf('khojaly-1992:23'));
  });

  it('GIVEN hits whose spans are computed when first read WHEN read, read again, spread or serialised THEN every copy has the same spans, in the same key order', () => {
    const hits = room.search('Khojaly "Death to Armenians" Sumgiat', { limit: 30 }).hits;
    expect(hits.length).toBeGreaterThan(3);
    for (const hit of hits) {
      const first = hit.spans;
      expect(hit.spans).toBe(first);
      expect({ ...hit }.spans).toEqual(first);
      expect((JSON.parse(JSON.stringify(hit)) as { spans: unknown }).spans).toEqual(first);
      expect(Object.keys(hit)).toEqual(['passage', 'document', 'attribution', 'score', 'contextOf', 'spans']);
    }
  });

  it('GIVEN a phrase-only query WHEN searched THEN no neighbour is added as context', () => {
    expect(room.search('"366th Regiment"').hits.every((h) => h.contextOf === null)).toBe(true);
  });

  it('GIVEN scores WHEN hits are returned THEN they are in descending order', () => {
    const scores = room.search('Armenian pogroms Sumgait', { limit: 20 }).hits.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('GIVEN any query string WHEN searched THEN it never throws and spans stay inside the passage', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (q) => {
        const result = room.search(q, { limit: 3 });
        return result.hits.every((h) =>
          h.spans.every((s) => 0 <= s.start && s.start < s.end && s.end <= h.passage.text.length),
        );
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['Ходжалы', 'ru'],
    ['Սումգայիթ', 'hy'],
    ['Xocalı soyqırımı', 'az'],
    ['Khojaly', 'en'],
    ['1992', null],
  ])('GIVEN %s WHEN its language is detected THEN it is %s', (q, lang) => {
    expect(detectLanguage(q)).toBe(lang);
  });
});

describe('glossary expansion', () => {
  const glossary = realGlossary();
  it('GIVEN the glossary WHEN validated THEN every concept has variants in all four languages', () => {
    expect(glossary.concepts.length).toBeGreaterThan(50);
  });

  it.each(['karabakh', 'kgb', 'dashnak', '366'])(
    'GIVEN a concept about %s WHEN each variant is searched THEN all variants find the same passages',
    (needle) => {
      const concept = glossary.concepts.find((c) => c.id.includes(needle));
      expect(concept, needle).toBeDefined();
      if (!concept) return;
      const variants = [...concept.en, ...concept.hy, ...concept.az, ...concept.ru];
      const expected = new Set(ids(concept.en[0] ?? '', 50));
      expect(expected.size).toBeGreaterThan(0);
      for (const v of variants) expect(new Set(ids(v, 50)), v).toEqual(expected);
    },
  );
});

describe('the stored index', () => {
  function copyData(): { data: string; state: string } {
    const data = tempDir();
    const docs = join(data, 'documents');
    mkdirSync(docs);
    writeFileSync(join(data, 'glossary.yaml'), readFileSync(libraryPaths().glossaryFile));
    const src = libraryPaths().documentsDir;
    for (const name of readdirSync(src)) copyFileSync(join(src, name), join(docs, name));
    return { data, state: tempDir() };
  }

  it('GIVEN a built index WHEN the room opens again with nothing changed THEN it loads instead of rebuilding, with identical results', () => {
    const paths = { ...libraryPaths(), indexFile: join(tempDir(), 'index.bin') };
    const first = ReadingRoom.open(paths);
    const second = ReadingRoom.open(paths);
    expect(first.report.rebuilt).toBe(true);
    expect(second.report.rebuilt).toBe(false);
    expect(second.room.documents).toEqual(first.room.documents);
    for (const q of ['Ходжалы', 'Sumgait pogroms', '"366th Regiment"', 'Stepanak']) {
      expect(second.room.search(q).hits).toEqual(first.room.search(q).hits);
    }
  });

  it('GIVEN a stored index WHEN a document is added THEN the hash changes and the index is rebuilt with the new passages', () => {
    const { data, state } = copyData();
    const paths = libraryPaths(data, state);
    expect(ReadingRoom.open(paths).report.rebuilt).toBe(true);
    const fm = readFileSync(join(ROOT, 'tests', 'fixtures', 'extra-document.md'), 'utf8');
    writeFileSync(join(paths.documentsDir, 'zz-extra.md'), fm);
    const reopened = ReadingRoom.open(paths);
    expect(reopened.report.rebuilt).toBe(true);
    expect(reopened.room.search('Zanzibarian').hits[0]?.passage.id).toBe('extra-note:1');
    expect(ReadingRoom.open(paths).report.rebuilt).toBe(false);
  });

  it('GIVEN a broken document WHEN the room reopens from its stored index THEN the problem is still reported', () => {
    const { data, state } = copyData();
    const paths = libraryPaths(data, state);
    writeFileSync(join(paths.documentsDir, 'broken.md'), 'no front matter\n');
    const first = ReadingRoom.open(paths);
    const second = ReadingRoom.open(paths);
    expect(second.report.rebuilt).toBe(false);
    expect(second.report.problems).toEqual(first.report.problems);
    expect(second.report.problems[0]).toMatchObject({ code: 'front-matter-missing', line: 1 });
  });

  it('GIVEN a corrupt index file WHEN the room opens THEN it rebuilds instead of failing', () => {
    const indexFile = join(tempDir(), 'index.bin');
    writeFileSync(indexFile, 'not an index');
    const { room: r, report } = ReadingRoom.open({ ...libraryPaths(), indexFile });
    expect(report.rebuilt).toBe(true);
    expect(r.search('Khojaly').hits.length).toBeGreaterThan(0);
  });

  it('GIVEN the bundled library WHEN loaded directly THEN the room indexes every passage', () => {
    const docs = loadLibrary(libraryPaths().documentsDir).documents;
    expect(room.passageCount).toBe(docs.reduce((n, d) => n + d.passages.length, 0));
  });
});
