import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorPayload } from '../src/bot/errors.js';
import type { BotContext, Response } from '../src/bot/types.js';
import { openStore, StorageError, type Store } from '../src/storage/store.js';
import { h, membersFrom, payloadOf, testContext } from './bot-helpers.js';
import { tempDir } from './helpers.js';
import { listenEndpoint } from './http/endpoint.js';
import { newSigner } from './http/signer.js';
import { TcpProxy } from './store-helpers.js';

// Storage down: reading keeps working from the index, what needs storage
// says so in the reader's language, and nothing hangs.

let next = 910_000_000_000_000_000n;
const id = (): string => String(next++);
const MOD =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.PinMessages |
  PermissionFlagsBits.ManageMessages |
  PermissionFlagsBits.ManageGuild;
const BOT =
  PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks;
const member = membersFrom(id, {
  memberPermissions: MOD,
  appPermissions: BOT | PermissionFlagsBits.PinMessages,
});

let up: BotContext;
let down: BotContext;
beforeAll(async () => {
  up = await testContext();
  // Nothing listens on port 1: every call fails at once.
  down = {
    ...up,
    store: await openStore('redis://127.0.0.1:1', tempDir(), undefined, {
      deadlineMs: 300,
      sweepIntervalMs: 0,
    }),
  };
});
afterAll(async () => {
  await down.store.close();
  await up.store.close();
});

/** What a command did: its answer, or the error its boundary would turn into a reply. */
const outcome = (p: Promise<Response>): Promise<unknown> => p.catch((e: unknown) => e);

describe('GIVEN storage that cannot be reached', () => {
  it('WHEN /search, /quote, /read, /cite, /sources and Find sources are used THEN each answers from the local index', async () => {
    const who = member({ locale: 'ru' });
    const answers = [
      await h.search({ ...who, options: { query: 'Khojaly' } }, down),
      await h.quote({ ...who, options: { citation: 'sumgait-1988:3' } }, down),
      await h.read({ ...who, options: { document: 'sumgait-1988' } }, down),
      await h.cite({ ...who, options: { citation: 'khojaly-1992:2', style: 'apa' } }, down),
      await h.sources({ ...who, options: {} }, down),
      await h.findSources({ ...who, messageContent: 'Sumgait 1988' }, down),
    ];
    for (const a of answers) expect(JSON.stringify(payloadOf(a)).length).toBeGreaterThan(100);
    expect(JSON.stringify(payloadOf(answers[0] as Response))).toContain('Khojaly');
  });

  it('WHEN a preference, a setting, a pin or a notebook command is used THEN it answers the storage text in the reader’s language, saying nothing was lost', async () => {
    const who = member({ locale: 'ru' });
    const attempts = [
      h.language({ ...who, options: { language: 'az' } }, down),
      h.settings({ ...who, options: { language: 'hy' } }, down),
      h.pin({ ...who, options: { citation: 'sumgait-1988:3' } }, down),
      h.pinsList({ ...who, options: {} }, down),
      h.notebookAdd({ ...who, options: { citation: 'sumgait-1988:3' } }, down),
      h.notebookShow({ ...who, options: {} }, down),
    ];
    const ru = up.translations.t('ru');
    for (const e of await Promise.all(attempts.map(outcome))) {
      expect(e).toBeInstanceOf(StorageError);
      expect(errorPayload(e, ru).content).toBe(ru('errors.storage'));
    }
    expect(ru('errors.storage')).toContain('Ничего не потеряно');
  });
});

const KEY = newSigner().publicKeyHex;

/** An HTTP endpoint over `store`, and its /healthz status. */
async function health(store: Store): Promise<{ status: () => Promise<number>; close: () => Promise<void> }> {
  const { endpoint, port } = await listenEndpoint({ ...up, store }, KEY, 'http://127.0.0.1:9/api');
  return {
    status: async () => (await fetch(`http://127.0.0.1:${String(port)}/healthz`)).status,
    close: () => endpoint.close(),
  };
}

describe('/healthz and storage', () => {
  it('GIVEN storage that cannot be reached WHEN /healthz is asked THEN 503 with the reason; with storage up, 200', async () => {
    const bad = await health(down.store);
    const good = await health(up.store);
    try {
      expect(await bad.status()).toBe(503);
      expect(await good.status()).toBe(200);
    } finally {
      await bad.close();
      await good.close();
    }
  });

  // Against the real Redis when REDIS_URL is set (as in CI), like the other service suites.
  const redis = process.env['REDIS_URL'];
  if (redis)
    it('GIVEN Redis behind a proxy WHEN the proxy goes down and comes back THEN /healthz goes 503 and back to 200 without a restart, and a notebook add works again', async () => {
      const target = new URL(redis);
      const proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
      await proxy.up();
      const store = await openStore(`redis://127.0.0.1:${String(proxy.port)}`, tempDir(), undefined, {
        deadlineMs: 300,
        sweepIntervalMs: 0,
        namespace: `rr-test-health-${id()}`,
      });
      const endpoint = await health(store);
      const ctx = { ...up, store };
      try {
        expect(await endpoint.status()).toBe(200);
        await proxy.down();
        expect(await endpoint.status()).toBe(503);
        const who = member();
        expect(
          await outcome(h.notebookAdd({ ...who, options: { citation: 'sumgait-1988:1' } }, ctx)),
        ).toBeInstanceOf(StorageError);
        await proxy.up();
        let status = 0;
        for (let i = 0; i < 50 && status !== 200; i++) {
          status = await endpoint.status();
          if (status !== 200) await new Promise((r) => setTimeout(r, 100));
        }
        expect(status).toBe(200);
        const added = await h.notebookAdd({ ...who, options: { citation: 'sumgait-1988:1' } }, ctx);
        expect(added.kind).toBe('reply');
        expect(await store.notebooks.list(`${who.guildId ?? ''}:${who.channelId ?? ''}`)).toHaveLength(1);
      } finally {
        await endpoint.close();
        await store.close();
        await proxy.down();
      }
    });
});
