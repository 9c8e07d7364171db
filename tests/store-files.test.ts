import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../src/storage/store.js';
import { tempDir } from './helpers.js';

const mode = (path: string): number => statSync(path).mode & 0o777;
const opened: Store[] = [];
afterAll(async () => {
  for (const store of opened) await store.close().catch(() => undefined);
});

// The test process runs with the usual umask 022, under which an ordinary
// mkdir and file creation give 0755 and 0644: these modes come from the store.
describe('the state folder on disk', () => {
  it('GIVEN no state folder yet WHEN the store opens and writes THEN the folder is 0700 and the database and its -wal and -shm are 0600', async () => {
    const dir = join(tempDir(), 'state');
    const store = await openStore(undefined, dir);
    opened.push(store);
    await store.preferences.setUserLanguage('100000000000000001', 'hy');
    const db = join(dir, 'reading-room.sqlite');
    expect(mode(dir)).toBe(0o700);
    for (const file of [db, `${db}-wal`, `${db}-shm`]) expect([file, mode(file)]).toEqual([file, 0o600]);
  });

  it('GIVEN a state folder and database of ours that others can read WHEN the store opens THEN they are made 0700 and 0600', async () => {
    const dir = join(tempDir(), 'state');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    const db = join(dir, 'reading-room.sqlite');
    // An empty file is a valid, empty SQLite database.
    writeFileSync(db, '', { mode: 0o644 });
    chmodSync(db, 0o644);
    const store = await openStore(undefined, dir);
    opened.push(store);
    await store.preferences.setUserLanguage('100000000000000001', 'ru');
    expect(await store.preferences.userLanguage('100000000000000001')).toBe('ru');
    expect(mode(dir)).toBe(0o700);
    for (const file of [db, `${db}-wal`, `${db}-shm`]) expect([file, mode(file)]).toEqual([file, 0o600]);
  });
});
