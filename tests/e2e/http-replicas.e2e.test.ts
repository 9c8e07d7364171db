import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { APP, newSigner } from '../http/signer.js';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  InteractionType,
} from 'discord.js';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createTranslations } from '../../src/i18n/index.js';
import { LANGUAGES, type Language } from '../../src/languages.js';
import { openStore } from '../../src/storage/store.js';
import { ROOT, tempDir } from '../helpers.js';
import { startFakeRest, type FakeRest } from '../http/fake-rest.js';

// Issue 12: two HTTP replicas on one store. One is killed outright (SIGKILL:
// no shutdown hook, no close) in the middle of a stream of writes; the other
// answers everything after, and every write either one confirmed is there.

const signer = newSigner();
const PUBLIC_KEY_HEX = signer.publicKeyHex;
/** Writes in all, and how many are sent (to both replicas, in turn) before the kill. */
const WRITES = 60;
const BEFORE_KILL = 24;
/** Requests in flight at once, so that some are on their way when the replica dies. */
const IN_FLIGHT = 6;

/** SQLite (one file under one STATE_DIR, shared by both processes) always; Redis when REDIS_URL is set. */
const stores: [string, string | undefined][] = [['SQLite', undefined]];
if (process.env['REDIS_URL']) stores.push(['Redis', process.env['REDIS_URL']]);

interface Replica {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  readonly url: string;
  readonly exited: Promise<void>;
}

const running: Replica[] = [];
const dirs: string[] = [];
let rest: FakeRest | undefined;

afterEach(async () => {
  for (const r of running.splice(0)) {
    if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
    await r.exited;
  }
  await rest?.close();
  rest = undefined;
});

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Starts `src/http/main.ts` as `npm run start:http` does; resolves once it listens, with its URL. */
async function startReplica(env: Record<string, string>): Promise<Replica> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'http', 'main.ts')], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', ...env, PORT: '0', HTTP_HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      const listening = /"port":(\d+)[^\n]*interactions endpoint listening/.exec(out);
      if (listening) resolve(Number(listening[1]));
    });
    void exited.then(() => {
      reject(new Error(`the replica exited before listening:\n${err}${out}`));
    });
  });
  const replica = { child, url: `http://127.0.0.1:${String(port)}`, exited };
  running.push(replica);
  return replica;
}

let next = 720_000_000_000_000_000n + BigInt(Math.floor(Math.random() * 1e9)) * 1000n;
const snowflake = (): string => String(next++);

/** A signed `/language <language>` from a fresh user; Discord's headers included. */
function languageCommand(
  user: string,
  language: Language,
): { body: string; headers: Record<string, string> } {
  const channel = snowflake();
  const body = JSON.stringify({
    id: snowflake(),
    application_id: APP,
    type: InteractionType.ApplicationCommand,
    token: `interaction-token-${snowflake()}`,
    version: 1,
    guild_id: snowflake(),
    channel_id: channel,
    channel: { id: channel, type: ChannelType.GuildText, name: 'reading-room' },
    member: { user: { id: user, username: 'reader' }, permissions: '3072', roles: [] },
    app_permissions: '3072',
    locale: 'en-US',
    data: {
      id: snowflake(),
      name: 'language',
      type: ApplicationCommandType.ChatInput,
      options: [{ name: 'language', type: ApplicationCommandOptionType.String, value: language }],
    },
  });
  return {
    body,
    headers: { 'content-type': 'application/json', ...signer.headers(body) },
  };
}

interface Sent {
  readonly user: string;
  readonly language: Language;
  readonly afterKill: boolean;
  readonly to: 'doomed' | 'survivor';
  /** The replica answered 200 with the confirmation that the language is set. */
  confirmed: boolean;
}

describe.each(stores)('HTTP replicas on %s', (_name, storageUrl) => {
  it('GIVEN two replicas on one store WHEN one is SIGKILLed mid-stream THEN the other answers everything after and every confirmed write is there', async () => {
    const stateDir = tempDir();
    dirs.push(stateDir);
    rest = await startFakeRest();
    const env = {
      DISCORD_PUBLIC_KEY: PUBLIC_KEY_HEX,
      DISCORD_TOKEN: 'fake-token',
      DISCORD_API_URL: rest.api,
      STATE_DIR: stateDir,
      WATCH_LIBRARY: 'false',
      ...(storageUrl === undefined ? {} : { STORAGE_URL: storageUrl }),
    };
    // One after the other: the first builds the search index under STATE_DIR, the second reads it.
    const doomed = await startReplica(env);
    const survivor = await startReplica(env);
    const translations = await createTranslations();
    const confirmation = (language: Language): string => {
      const t = translations.t(language);
      return t('language.set', { language: t(`languageName.${language}`) });
    };

    const sent: Sent[] = [];
    const send = async (to: Replica, item: Sent): Promise<void> => {
      const { body, headers } = languageCommand(item.user, item.language);
      try {
        const res = await fetch(`${to.url}/interactions`, { method: 'POST', body, headers });
        const json = (await res.json()) as { data?: { content?: string } };
        item.confirmed = res.status === 200 && json.data?.content === confirmation(item.language);
      } catch {
        // The replica died with this request: it was never confirmed.
      }
    };
    const inFlight = new Set<Promise<void>>();
    let killed = false;
    for (let i = 0; i < WRITES; i++) {
      if (i === BEFORE_KILL) {
        // Mid-stream: the requests still in flight to it die with it.
        doomed.child.kill('SIGKILL');
        killed = true;
      }
      const item: Sent = {
        user: snowflake(),
        language: LANGUAGES[i % LANGUAGES.length] ?? 'en',
        afterKill: killed,
        to: killed || i % 2 === 1 ? 'survivor' : 'doomed',
        confirmed: false,
      };
      sent.push(item);
      const task = send(item.to === 'doomed' ? doomed : survivor, item).finally(() => inFlight.delete(task));
      inFlight.add(task);
      if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    await doomed.exited;

    const after = sent.filter((s) => s.afterKill);
    expect(after.every((s) => s.confirmed)).toBe(true);
    // Both replicas confirmed writes before the kill, or this would test one replica.
    const confirmedBefore = (to: Sent['to']): number =>
      sent.filter((s) => !s.afterKill && s.to === to && s.confirmed).length;
    expect(confirmedBefore('doomed')).toBeGreaterThan(0);
    expect(confirmedBefore('survivor')).toBeGreaterThan(0);

    survivor.child.kill('SIGTERM');
    await survivor.exited;
    const store = await openStore(storageUrl, stateDir, undefined, { sweepIntervalMs: 0 });
    try {
      const confirmed = sent.filter((s) => s.confirmed);
      const stored = await Promise.all(confirmed.map((s) => store.preferences.userLanguage(s.user)));
      expect(stored).toEqual(confirmed.map((s) => s.language));
    } finally {
      // A shared Redis keeps nothing of this test.
      if (storageUrl !== undefined)
        await Promise.all(sent.map((s) => store.preferences.setUserLanguage(s.user, null)));
      await store.close();
    }
  });
});
