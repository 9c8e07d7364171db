import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createProgram } from '../src/cli/main.js';
import { loadLibrary } from '../src/library/library.js';
import { libraryPaths } from '../src/paths.js';
import { ROOT, tempDir } from './helpers.js';

const run = promisify(execFile);

/** Runs the CLI in-process with a private state folder and captured output. */
async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const program = createProgram({ out: (t) => (out += t), err: (t) => (err += t), isTTY: false });
  const code = await program.run(['--state', tempDir(), ...args]);
  return { code, out, err };
}

/** The JSON contract of `search --json`. */
const hitSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+:\d+$/),
  documentId: z.string(),
  text: z.string().min(1),
  score: z.number().positive(),
  contextOf: z.string().nullable(),
  attribution: z.object({
    title: z.string(),
    author: z.string(),
    outlet: z.string().nullable(),
    published: z.string().nullable(),
  }),
});

const passages = new Map(
  loadLibrary(libraryPaths().documentsDir).documents.flatMap((d) =>
    d.passages.map((p) => [p.id, p.text] as const),
  ),
);

describe('search --json', () => {
  it.each(['Ходжалы', 'Xocalı', 'Խոջալու'])(
    'GIVEN %s WHEN searched with --json THEN it prints Khojaly passages of the English article with full attribution',
    async (query) => {
      const { code, out } = await cli('search', query, '--json');
      expect(code).toBe(0);
      const hits = z.array(hitSchema).parse(JSON.parse(out));
      expect(hits.length).toBeGreaterThan(0);
      for (const hit of hits) {
        expect(hit.documentId).toBe('khojaly-1992');
        expect(hit.text).toBe(passages.get(hit.id));
        // A passage without the name is only ever shown as a neighbour's context.
        if (hit.contextOf === null) expect(hit.text).toContain('Khojaly');
        else expect(passages.get(hit.contextOf)).toContain('Khojaly');
        expect(hit.attribution.title).toBe(
          'Marking the 32nd Anniversary of Khojaly (Azerbaijan) Genocide of 1992.',
        );
      }
    },
  );

  it('GIVEN --limit and --doc WHEN searching THEN the JSON respects both', async () => {
    const { out } = await cli('search', 'Azerbaijan', '--doc', 'sumgait-1988', '--limit', '2', '--json');
    const hits = z.array(hitSchema).parse(JSON.parse(out));
    expect(hits).toHaveLength(2);
    expect(hits.every((h) => h.documentId === 'sumgait-1988')).toBe(true);
  });

  it('GIVEN no match WHEN searched with --json THEN it prints an empty array, not nothing', async () => {
    const { code, out } = await cli('search', 'zzzzqqqq', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual([]);
  });
});

describe('human output and errors', () => {
  it('GIVEN a search WHEN printed for a person THEN it shows the quote, the citation id and the attribution', async () => {
    const { out } = await cli('search', '366th Regiment', '--limit', '1');
    expect(out).toMatch(/\[khojaly-1992:\d+\]/);
    expect(out).toContain('The New York Times, 3 March 1992');
    expect(out).toContain('reprinted in Zamir Ahmed Awan');
  });

  it('GIVEN no match WHEN printed for a person THEN it says so with tips', async () => {
    const { out } = await cli('search', 'zzzzqqqq');
    expect(out).toMatch(/No passages found/);
  });

  it('GIVEN a known citation id WHEN quoted THEN the passage is printed verbatim with its position', async () => {
    const { code, out } = await cli('quote', 'sumgait-1988:3');
    expect(code).toBe(0);
    expect(out).toContain(passages.get('sumgait-1988:3'));
    expect(out).toContain('paragraph 3 of 26');
  });

  it.each([
    ['quote', 'nope-1:1', 1, /not in the library/],
    ['quote', 'khojaly-1992:999', 1, /does not have/],
    ['quote', 'hello', 1, /not a citation id/],
  ])('GIVEN %s %s WHEN run THEN it exits %i with a clear message', async (cmd, arg, exit, message) => {
    const { code, err } = await cli(cmd, arg);
    expect(code).toBe(exit);
    expect(err).toMatch(message);
  });

  it.each([
    [['search', 'x', '--lang', 'fr'], /expected one of en, hy, az, ru/],
    [['search', 'x', '--limit', '0'], /whole number/],
    [['search', '   '], /empty/],
    [['search', 'x', '--doc', 'nope'], /unknown document/],
    [['search', 'x', '--from', '1992-13'], /YYYY/],
  ])('GIVEN bad options %j WHEN run THEN it exits 2 with a clear message', async (args, message) => {
    const { code, err } = await cli(...args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it('GIVEN sources WHEN listed THEN each document shows its author, outlet, date and context', async () => {
    const { out } = await cli('sources', '--json');
    const docs = JSON.parse(out) as { id: string; passages: number; dateNote: string | null }[];
    expect(docs.map((d) => [d.id, d.passages])).toEqual([
      ['khojaly-1992', 42],
      ['sumgait-1988', 26],
    ]);
  });

  it('GIVEN index WHEN run THEN it rebuilds and reports the passage count', async () => {
    const { out } = await cli('index');
    expect(out).toMatch(/indexed 68 passages from 2 documents/);
  });

  it('GIVEN the installed bin WHEN run as a process THEN it answers with JSON', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        join(ROOT, 'bin', 'reading-room.js'),
        '--state',
        tempDir(),
        'search',
        'Сумгаит',
        '--json',
        '--limit',
        '1',
      ],
      { cwd: tempDir() },
    );
    const hits = z.array(hitSchema).parse(JSON.parse(stdout));
    expect(hits[0]?.documentId).toBe('sumgait-1988');
  });
});
