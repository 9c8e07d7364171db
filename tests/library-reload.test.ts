import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { prepareCommand } from '../src/bot/dispatch.js';
import { registry } from '../src/bot/registry.js';
import type { BotContext, InteractionInput } from '../src/bot/types.js';
import { LibraryHolder, watchWanted, type HolderLog } from '../src/core/library-holder.js';
import { libraryPaths } from '../src/paths.js';
import { ReadingRoom, type LibraryPaths } from '../src/reading-room.js';
import { MemoryPort, testContext } from './bot-helpers.js';
import { ROOT, tempDir } from './helpers.js';

const EXTRA = readFileSync(join(ROOT, 'tests', 'fixtures', 'extra-document.md'), 'utf8');
/** The extra note with front matter that does not parse: `published` is no date (line 8). */
const BROKEN = EXTRA.replace('id: extra-note', 'id: broken-note').replace(
  'published: 2021-05-06',
  'published: someday',
);

interface Logged {
  readonly level: 'info' | 'warn';
  readonly fields: Record<string, unknown>;
  readonly message: string;
}

/** A log that keeps what is written to it; it has no `error`, so nothing can be logged there. */
function recordingLog(): HolderLog & { readonly lines: Logged[] } {
  const lines: Logged[] = [];
  return {
    lines,
    info: (fields, message) =>
      lines.push({ level: 'info', fields: fields as Record<string, unknown>, message }),
    warn: (fields, message) =>
      lines.push({ level: 'warn', fields: fields as Record<string, unknown>, message }),
  };
}

let paths: LibraryPaths;
let opens: number;
let log: ReturnType<typeof recordingLog>;
let holder: LibraryHolder;

/** A holder over a temporary copy of data/ (documents, glossary, lexicon), counting its opens. */
beforeEach(() => {
  const data = join(tempDir(), 'data');
  cpSync(join(ROOT, 'data'), data, { recursive: true });
  paths = libraryPaths(data, tempDir());
  opens = 0;
  log = recordingLog();
  const open = (): ReturnType<typeof ReadingRoom.open> => {
    opens += 1;
    return ReadingRoom.open(paths);
  };
  holder = new LibraryHolder(ReadingRoom.open(paths), open, log);
});

const addDocument = (name: string, text: string): void => {
  writeFileSync(join(paths.documentsDir, name), text);
};

describe('reloading the library', () => {
  it('GIVEN a running library WHEN a document is added and the library reloaded THEN a search finds it, the hash changes and the swap is logged at info with counts', async () => {
    const before = holder.current;
    const hashBefore = holder.hash;
    expect(before.search('Zanzibarian', { hint: 'en' }).hits).toEqual([]);

    addDocument('extra-note.md', EXTRA);
    const outcome = await holder.reload();

    expect(outcome.kind).toBe('swapped');
    expect(holder.current).not.toBe(before);
    expect(holder.current.search('Zanzibarian', { hint: 'en' }).hits.map((h) => h.document.id)).toContain(
      'extra-note',
    );
    expect(holder.hash).not.toBe(hashBefore);
    expect(holder.hash).toBe(outcome.hash);
    // The old room is untouched: whoever still holds it searches the old library.
    expect(before.search('Zanzibarian', { hint: 'en' }).hits).toEqual([]);
    const swapped = log.lines.find((l) => l.message === 'library reloaded');
    expect(swapped).toMatchObject({
      level: 'info',
      fields: {
        hash: holder.hash,
        documents: before.documents.length + 1,
        passages: holder.current.passageCount,
      },
    });
  });

  it('GIVEN a running library WHEN a document with bad front matter is added and the library reloaded THEN the old room keeps serving, the problem is reported with file, line and field, and the hash is unchanged', async () => {
    const before = holder.current;
    const hashBefore = holder.hash;

    addDocument('broken-note.md', BROKEN);
    const outcome = await holder.reload();

    expect(outcome.kind).toBe('kept');
    expect(holder.current).toBe(before);
    expect(holder.hash).toBe(hashBefore);
    if (outcome.kind !== 'kept') return;
    expect(outcome.problems).toContainEqual(
      expect.objectContaining({
        file: join(paths.documentsDir, 'broken-note.md'),
        line: 8,
        field: 'published',
      }),
    );
    const warned = log.lines.filter((l) => l.message === 'broken document');
    expect(warned.length).toBe(outcome.problems.length);
    expect(warned[0]).toMatchObject({
      level: 'warn',
      fields: { file: join(paths.documentsDir, 'broken-note.md'), line: 8, field: 'published' },
    });
    // One summary line, at warn.
    expect(log.lines.filter((l) => l.message.startsWith('library not reloaded'))).toHaveLength(1);
    expect(log.lines.some((l) => l.message === 'library reloaded')).toBe(false);
  });

  it('GIVEN a broken document that is then fixed WHEN the library is reloaded again THEN the fixed library is swapped in', async () => {
    addDocument('broken-note.md', BROKEN);
    expect((await holder.reload()).kind).toBe('kept');

    addDocument('broken-note.md', EXTRA.replace('id: extra-note', 'id: broken-note'));
    const outcome = await holder.reload();

    expect(outcome.kind).toBe('swapped');
    expect(holder.current.document('broken-note')).toBeDefined();
  });

  it('GIVEN many reload requests at once WHEN they all settle THEN the library was opened at most twice: one run and one coalesced run after it', async () => {
    addDocument('extra-note.md', EXTRA);

    const outcomes = await Promise.all([
      holder.reload(),
      holder.reload(),
      holder.reload(),
      holder.reload(),
      holder.reload(),
    ]);

    expect(opens).toBeGreaterThanOrEqual(1);
    expect(opens).toBeLessThanOrEqual(2);
    expect(outcomes.every((o) => o.kind === 'swapped')).toBe(true);
    expect(holder.current.document('extra-note')).toBeDefined();
  });

  it('GIVEN a second reload asked for while the first runs WHEN both settle THEN the library was opened twice, one after the other, and serves the latest files', async () => {
    const first = holder.reload();
    const second = holder.reload();
    addDocument('extra-note.md', EXTRA);

    const [a, b] = await Promise.all([first, second]);

    expect(a.kind).toBe('swapped');
    expect(b.kind).toBe('swapped');
    expect(opens).toBe(2);
    expect(holder.current.document('extra-note')).toBeDefined();
  });
});

describe('an interaction across a reload', () => {
  const who: InteractionInput = {
    userId: '200000000000000001',
    guildId: '200000000000000002',
    channelId: '200000000000000003',
    locale: 'en-US',
    memberPermissions: 0n,
    appPermissions: 0n,
    inThread: false,
  };

  /** A transport's context: `room` is whatever the holder serves now. */
  async function liveContext(): Promise<BotContext> {
    const base = await testContext();
    return {
      get room() {
        return holder.current;
      },
      library: holder,
      translations: base.translations,
      store: base.store,
      log: base.log,
      cooldown: base.cooldown,
    };
  }

  const text = (r: { payload: { content?: string; embeds?: readonly unknown[] } }): string =>
    JSON.stringify(r.payload);

  it('GIVEN a /search planned before a reload swaps in a new document WHEN it runs after the swap THEN it runs on the old room (the document is not found), and the next /search finds it', async () => {
    const ctx = await liveContext();
    const raw = { ...who, command: 'search', options: { query: 'Zanzibarian' } };
    const planned = prepareCommand(registry, raw, ctx);

    addDocument('extra-note.md', EXTRA);
    expect((await holder.reload()).kind).toBe('swapped');
    const during = await planned.run(new MemoryPort());
    const after = await prepareCommand(registry, raw, ctx).run(new MemoryPort());

    expect(during.kind).toBe('reply');
    expect(text(during)).not.toContain('A note added by an operator');
    expect(text(after)).toContain('A note added by an operator');
    await ctx.store.close();
  });
});

describe('whether the documents folder is watched', () => {
  it.each([
    [{}, true],
    [{ NODE_ENV: 'development' }, true],
    [{ NODE_ENV: 'production' }, false],
    [{ NODE_ENV: 'production', WATCH_LIBRARY: 'true' }, true],
    [{ NODE_ENV: 'production', WATCH_LIBRARY: '1' }, true],
    [{ WATCH_LIBRARY: 'false' }, false],
    [{ WATCH_LIBRARY: '0' }, false],
  ])('GIVEN the environment %o WHEN asked THEN watching is %s', (env, wanted) => {
    expect(watchWanted(env)).toBe(wanted);
  });
});
