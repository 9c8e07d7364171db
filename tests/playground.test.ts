import { mkdirSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode } from '../src/bot/custom-id.js';
import { parseConfig } from '../src/config.js';
import { CHANNEL_ID, THREAD_ID, USERS } from '../src/playground/discord/index.js';
import type { PlaygroundMessage } from '../src/playground/protocol.js';
import { PlaygroundServer } from '../src/playground/server.js';
import { shouldOpenBrowser } from '../src/playground/open-browser.js';
import { startPlayground, type Playground } from '../src/playground/start.js';
import { tempDir } from './helpers.js';
import { PageClient, upgradeRefusal } from './playground-helpers.js';

const [MEMBER, MODERATOR, ADMIN] = USERS.map((u) => u.id) as [string, string, string];
const S = 3;

let playground: Playground;
let page: PageClient;
let printed: string[];
let nonce = 0;

beforeAll(async () => {
  const parsed = parseConfig({ STATE_DIR: tempDir(), PLAYGROUND_PORT: '0', LOG_LEVEL: 'silent' });
  if (!('config' in parsed)) throw new Error(parsed.errors.join('\n'));
  printed = [];
  playground = await startPlayground(parsed.config, pino({ level: 'silent' }), {
    print: (line) => printed.push(line),
    tty: false,
  });
  ({ page } = await PageClient.open(playground.url));
});

afterAll(async () => {
  page.close();
  await playground.stop();
});

/** Sends a slash command as the composer would; returns its nonce. */
function command(
  userId: string,
  name: string,
  options: { name: string; type: number; value?: string | number | boolean; options?: unknown[] }[],
  {
    locale = 'en-US',
    channelId = CHANNEL_ID,
    display,
  }: { locale?: string; channelId?: string; display?: string } = {},
): string {
  const n = `n${++nonce}`;
  page.send({
    type: 'command',
    nonce: n,
    userId,
    locale,
    channelId,
    name,
    options,
    display: display ?? `/${name} ${options.map((o) => `${o.name}:${String(o.value)}`).join(' ')}`.trim(),
  });
  return n;
}

/** The message event whose message matches, loading ("thinking…") versions skipped. */
const reply = (match: (m: PlaygroundMessage) => boolean): Promise<PlaygroundMessage> =>
  page.next('message', (e) => (e.message.flags & 128) === 0 && match(e.message)).then((e) => e.message);

const customIds = (m: PlaygroundMessage): string[] =>
  m.components.flatMap((row) => row.components.flatMap((c) => ('custom_id' in c ? [c.custom_id] : [])));

describe('the playground server', () => {
  it('GIVEN the playground started WHEN a page connects THEN it prints its address once and the hello has the server, the three kinds of user, the locales and the registered commands', async () => {
    expect(printed).toEqual([`Playground: ${playground.url}`]);
    expect(playground.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { page: other, hello } = await PageClient.open(playground.url);
    other.close();
    expect(hello.users.map((u) => u.role)).toEqual(['member', 'moderator', 'admin']);
    const pin = 1n << 51n;
    const perms = hello.users.map((u) => BigInt(u.permissions));
    expect(perms.map((p) => (p & pin) !== 0n)).toEqual([false, true, true]);
    expect(hello.channels).toContainEqual({ id: THREAD_ID, name: 'thread', kind: 'thread' });
    expect(hello.locales).toEqual(expect.arrayContaining(['en-US', 'en-GB', 'ru', 'tr']));
    expect(hello.commands.map((c) => c.name)).toEqual(expect.arrayContaining(['search', 'quote', 'pin']));
  });

  it('GIVEN a member WHEN they send /search query:Xocalı THEN the page gets a private reply with the Khojaly passages, their attribution and the command line', async () => {
    command(MEMBER, 'search', [{ name: 'query', type: S, value: 'Xocalı' }]);
    const m = await reply((x) => x.interaction?.command === '/search query:Xocalı');
    expect(m.author.bot).toBe(true);
    expect(m.visibleTo).toBe(MEMBER);
    expect(m.flags & 64).toBe(64);
    expect(m.interaction?.userName).toBe('Robin');
    expect(m.embeds.length).toBeGreaterThan(0);
    for (const e of m.embeds) expect(e.title).toMatch(/^khojaly-1992:\d+/);
    expect(m.embeds[0]?.description).toContain('Khojaly');
    const attribution = m.embeds.flatMap((e) => e.fields ?? []).map((f) => f.value);
    expect(attribution.some((v) => v.includes('Zamir Ahmed Awan'))).toBe(true);
    // The inspector saw the interaction going to the bot and the bot's answer, with its status.
    const sent = await page.next('inspector', (e) => e.entry.direction === 'to-bot');
    expect(sent.entry.path).toBe('INTERACTION_CREATE');
    const answer = await page.next('inspector', (e) => e.entry.path.endsWith('/callback'));
    expect(answer.entry).toMatchObject({ direction: 'from-bot', method: 'POST', status: 204 });
  });

  it('GIVEN a citation being typed WHEN the page asks for autocomplete on /quote citation THEN the bot’s choices come back under the nonce', async () => {
    const n = `n${++nonce}`;
    page.send({
      type: 'autocomplete',
      nonce: n,
      userId: MEMBER,
      locale: 'en-US',
      channelId: CHANNEL_ID,
      name: 'quote',
      options: [{ name: 'citation', type: S, value: 'Sumgait', focused: true }],
    });
    const { choices } = await page.next('choices', (e) => e.nonce === n);
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const c of choices) expect(String(c.value)).toMatch(/^[a-z0-9-]+:\d+$/);
  });

  it('GIVEN a result list WHEN its next-page button is clicked THEN the same message shows the next page', async () => {
    command(MEMBER, 'search', [{ name: 'query', type: S, value: 'Sumgait' }], {
      display: '/search query:Sumgait',
    });
    const first = await reply((x) => x.interaction?.command === '/search query:Sumgait');
    const next = customIds(first).find((id) => {
      const d = decode(id);
      return d?.action === 'page' && d.page === 1;
    });
    expect(next).toBeDefined();
    page.send({
      type: 'component',
      nonce: `n${++nonce}`,
      userId: MEMBER,
      locale: 'en-US',
      channelId: CHANNEL_ID,
      messageId: first.id,
      customId: next,
      componentType: 2,
    });
    const second = await reply((x) => x.id === first.id && x.editedTimestamp !== null);
    expect(second.embeds.map((e) => e.title)).not.toEqual(first.embeds.map((e) => e.title));
    expect(second.content).toMatch(/page 2/);
  });

  it('GIVEN a moderator WHEN they /pin a passage THEN the card is posted publicly and shown pinned, and they are told privately', async () => {
    command(MODERATOR, 'pin', [{ name: 'citation', type: S, value: 'sumgait-1988:3' }]);
    // The deferral ("thinking…") first, public, then the card in its place.
    const thinking = await page.next(
      'message',
      (e) => e.message.interaction?.command === '/pin citation:sumgait-1988:3',
    );
    expect(thinking.message.flags).toBe(128);
    expect(thinking.message.visibleTo).toBeNull();
    const pinned = await reply((x) => x.id === thinking.message.id && x.pinned);
    expect(pinned.embeds.some((e) => e.description?.includes('The Sumgait massacre lasted three days'))).toBe(
      true,
    );
    const told = await reply((x) => x.visibleTo === MODERATOR && x.content === 'Pinned sumgait-1988:3.');
    expect(told.flags & 64).toBe(64);
    expect(playground.standIn.messages.pins(CHANNEL_ID).map((m) => m.id)).toContain(pinned.id);
  });

  it('GIVEN an ordinary member WHEN they /pin THEN the bot refuses them privately, naming the permission', async () => {
    command(MEMBER, 'pin', [{ name: 'citation', type: S, value: 'sumgait-1988:1' }]);
    const refusal = await reply((x) => x.interaction?.command === '/pin citation:sumgait-1988:1');
    expect(refusal.content).toBe('You need the Pin Messages permission for this.');
    expect(refusal.visibleTo).toBe(MEMBER);
    expect(refusal.pinned).toBe(false);
  });

  it('GIVEN a member in the thread WHEN they add to the notebook and export it THEN the file is attached and downloadable from the page’s server', async () => {
    command(
      MEMBER,
      'notebook',
      [{ name: 'add', type: 1, options: [{ name: 'citation', type: S, value: 'khojaly-1992:2' }] }],
      {
        channelId: THREAD_ID,
        display: '/notebook add citation:khojaly-1992:2',
      },
    );
    await reply((x) => x.channelId === THREAD_ID && x.content.startsWith('Added khojaly-1992:2'));
    command(MEMBER, 'notebook', [{ name: 'export', type: 1, options: [] }], {
      channelId: THREAD_ID,
      display: '/notebook export',
    });
    const exported = await reply((x) => x.interaction?.command === '/notebook export');
    const [file] = exported.attachments;
    expect(file?.filename).toMatch(/^notebook-thread-apa\.md$/);
    expect(file?.url).toMatch(/^\/attachments\//);
    const res = await fetch(`${playground.url}${file?.url ?? ''}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(await res.text()).toContain('khojaly-1992:2');
  });

  it('GIVEN an ephemeral reply WHEN the page dismisses it THEN it is deleted for every page', async () => {
    command(ADMIN, 'help', [], { display: '/help' });
    const help = await reply((x) => x.interaction?.command === '/help' && x.visibleTo === ADMIN);
    page.send({ type: 'dismiss', messageId: help.id });
    expect((await page.next('messageDelete', (e) => e.id === help.id)).channelId).toBe(CHANNEL_ID);
    expect(playground.standIn.messages.get(help.id)).toBeUndefined();
  });

  it.each([
    ['text that is not JSON', 'not json'],
    ['an unknown event type', JSON.stringify({ type: 'dance', nonce: 'x' })],
    ['a command without its fields', JSON.stringify({ type: 'command', nonce: 'x' })],
    [
      'an option the command does not have',
      JSON.stringify({
        type: 'command',
        nonce: 'x',
        userId: USERS[0]?.id,
        locale: 'en-US',
        channelId: CHANNEL_ID,
        name: 'search',
        options: [{ name: 'colour', type: 3, value: 'red' }],
        display: '/search colour:red',
      }),
    ],
    [
      'a command missing a required option',
      JSON.stringify({
        type: 'command',
        nonce: 'x',
        userId: USERS[0]?.id,
        locale: 'en-US',
        channelId: CHANNEL_ID,
        name: 'quote',
        options: [],
        display: '/quote',
      }),
    ],
  ])(
    'GIVEN %s WHEN the page sends it THEN it gets a notice and nothing reaches the bot',
    async (_what, raw) => {
      const before = playground.standIn.requests.length;
      const interactions: unknown[] = [];
      const count = (i: unknown): void => {
        interactions.push(i);
      };
      playground.standIn.on('interaction', count);
      try {
        page.send(raw);
        const notice = await page.next('notice');
        expect(notice.text.length).toBeGreaterThan(10);
        // Then the server still answers.
        command(MEMBER, 'help', [], { display: '/help' });
        await reply((x) => x.interaction?.command === '/help' && x.visibleTo === MEMBER);
        expect(interactions).toHaveLength(1);
        expect(playground.standIn.requests.length).toBeGreaterThan(before);
      } finally {
        playground.standIn.off('interaction', count);
      }
    },
  );

  it('GIVEN another site in the browser WHEN it opens the WebSocket with its own Origin, or through another host name THEN the upgrade is refused with 403', async () => {
    const ws = `${playground.url.replace(/^http/, 'ws')}/ws`;
    expect(await upgradeRefusal(ws, { origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeRefusal(ws, { origin: 'http://127.0.0.1:1' })).toBe(403);
    expect(await upgradeRefusal(ws, {})).toBe(403);
    expect(
      await upgradeRefusal(ws, { origin: 'http://evil.example', headers: { Host: 'evil.example' } }),
    ).toBe(403);
    expect(await upgradeRefusal(ws, { origin: playground.url })).toBeNull();
    // fetch() may not set Host; a rebound DNS name is what sends a foreign one.
    const rebound = await new Promise<number | undefined>((resolve, reject) => {
      get(`${playground.url}/`, { headers: { Host: 'evil.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      }).on('error', reject);
    });
    expect(rebound).toBe(403);
  });
});

describe('the page server’s files', () => {
  let server: PlaygroundServer;
  const pageDir = tempDir();

  beforeAll(async () => {
    writeFileSync(join(pageDir, 'index.html'), '<!doctype html><title>page</title>');
    writeFileSync(join(pageDir, 'app.js'), 'export {};');
    writeFileSync(join(pageDir, 'notes.md'), '# not served');
    mkdirSync(join(pageDir, 'assets'));
    writeFileSync(join(pageDir, 'assets', 'style.css'), 'body {}');
    server = new PlaygroundServer({ standIn: playground.standIn, pageDir });
    await server.listen(0);
  });
  afterAll(async () => {
    await server.close();
  });

  it('GIVEN the page folder WHEN its files are asked for THEN each comes with its type, the page’s security headers and no caching', async () => {
    const index = await fetch(`${server.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('cache-control')).toBe('no-store');
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(`${server.url}/app.js`)).headers.get('content-type')).toBe(
      'text/javascript; charset=utf-8',
    );
    expect((await fetch(`${server.url}/assets/style.css`)).headers.get('content-type')).toBe(
      'text/css; charset=utf-8',
    );
    expect((await fetch(`${server.url}/assets/app.js`)).status).toBe(200);
  });

  it.each([
    '/notes.md',
    '/../package.json',
    '/assets/%2e%2e/%2e%2e/package.json',
    '/%E0%A4%A',
    '/.env',
    '/nothing.js',
  ])('GIVEN the path %s WHEN asked for THEN it is not served', async (path) => {
    const res = await fetch(`${server.url}${path}`);
    expect(res.status).toBe(404);
  });

  it('GIVEN no page folder WHEN the page is asked for THEN the server says so with 404 and keeps running', async () => {
    const bare = new PlaygroundServer({ standIn: playground.standIn, pageDir: join(pageDir, 'missing') });
    await bare.listen(0);
    try {
      const res = await fetch(`${bare.url}/`);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('index.html');
      expect((await fetch(`${bare.url}/app.js`)).status).toBe(404);
    } finally {
      await bare.close();
    }
  });
});

describe('opening the browser', () => {
  it.each([
    [{}, true, true],
    [{}, false, false],
    [{ BROWSER: 'none' }, true, false],
    [{ BROWSER: 'NONE' }, true, false],
    [{ CI: 'true' }, true, false],
    [{ BROWSER: 'firefox' }, true, true],
  ])(
    'GIVEN %o and a terminal: %s WHEN the playground starts THEN it opens the page: %s',
    (env, tty, opens) => {
      expect(shouldOpenBrowser(env, tty)).toBe(opens);
    },
  );
});
