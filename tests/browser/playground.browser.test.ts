import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledRoom, ROOT } from '../helpers.js';
import { openBrowser, scrollToTop, sentOf, waitUntil, type Browser } from './browser.js';
import { startPlayground, type Playground } from './playground.js';

// The real thing, as a newcomer meets it: `npm start` without a token, the
// page it prints, and the bot answering through the local Discord stand-in.
// Screenshots of the key screens go to docs/screenshots/.

const SHOTS = join(ROOT, 'docs', 'screenshots');
const room = bundledRoom();

let playground: Playground;
let browser: Browser;
let page: Page;
let firstAnswerMs = 0;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  playground = await startPlayground();
  browser = await openBrowser();
  page = browser.page;
  const opened = Date.now();
  await page.goto(playground.url);
  await waitUntil(
    async () => (await page.locator('#connection').textContent()) === 'Connected',
    'the WebSocket',
  );
  // The bot registers its commands on the stand-in when it starts.
  await waitUntil(async () => (await commandCount()) > 5, 'the commands', 60_000);
  firstAnswerMs = Date.now() - opened;
});

afterAll(async () => {
  await browser.close();
  await playground.stop();
});

async function commandCount(): Promise<number> {
  await composer().fill('/');
  const n = await page.getByRole('listbox').getByRole('option').count();
  await composer().fill('');
  return n;
}

const composer = () => page.getByRole('combobox', { name: 'Message' });

/** The reply to a command line: the newest message whose "used …" line shows it. */
function replyTo(display: string): Locator {
  return page
    .locator('#messages article.msg', { has: page.locator('.msg-used', { hasText: display }) })
    .last();
}

/**
 * Types a command as a person would (the list closed with Escape), sends it
 * with Enter, and waits for the bot's reply to be drawn, deferral resolved.
 */
async function run(display: string): Promise<Locator> {
  const before = await page
    .locator('#messages article.msg', { has: page.locator('.msg-used', { hasText: display }) })
    .count();
  await composer().fill(display);
  await composer().press('Escape');
  await composer().press('Enter');
  await expect.poll(() => page.getByRole('alert').textContent()).toBe('');
  const all = page.locator('#messages article.msg', { has: page.locator('.msg-used', { hasText: display }) });
  await expect.poll(() => all.count(), { timeout: 20_000 }).toBeGreaterThan(before);
  const reply = all.last();
  await expect.poll(() => reply.locator('.thinking').count(), { timeout: 20_000 }).toBe(0);
  return reply;
}

/** Text as shown, whitespace collapsed. */
async function shown(l: Locator): Promise<string> {
  return ((await l.textContent()) ?? '').replace(/\s+/g, ' ');
}

function squash(text: string): string {
  return text.replace(/\s+/g, ' ');
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, name) });
}

async function actAs(label: RegExp): Promise<void> {
  const select = page.getByLabel('User', { exact: true });
  const options = await select.locator('option').allTextContents();
  const option = options.find((o) => label.test(o));
  if (!option) throw new Error(`no user like ${label} among ${options.join(', ')}`);
  await select.selectOption({ label: option });
}

describe('npm start without a token: the playground in Chromium', () => {
  it('prints its address and answers within seconds', () => {
    console.log(
      `playground: address printed ${playground.startMs} ms after npm start; commands on the page ${firstAnswerMs} ms after opening it`,
    );
    expect(playground.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it.each([
    // The screenshots use a name both documents use, in each side's spelling.
    ['Azerbaijani Latin', 'Xocalı', null],
    ['Azerbaijani Latin', 'Qarabağ', 'search-latin.png'],
    ['Cyrillic', 'Ходжалы', null],
    ['Armenian', 'Խոջալու', null],
    ['English', 'Karabakh', null],
  ])('searches in %s (%s): passage verbatim, citation id and author on screen', async (_, query, file) => {
    const expected = room.search(query, { limit: 3 }).hits[0];
    if (!expected) throw new Error(`the library has no hit for ${query}`);
    const reply = await run(`/search query:${query}`);
    expect(await reply.textContent()).toContain('Only you can see this');
    const first = reply.locator('.embed').first();
    expect(await shown(first.locator('.embed-title'))).toContain(expected.passage.id);
    expect(await shown(first)).toContain(expected.attribution.author);
    // The matched words and what follows them, verbatim (the view may cut a long passage around them).
    const span = expected.spans[0] ?? { start: 0, end: 0 };
    const piece = squash(expected.passage.text.slice(span.start, span.end + 30)).replace(/\s\S*$/, '');
    expect(await shown(first.locator('.embed-desc'))).toContain(piece);
    if (file) {
      await scrollToTop(reply);
      await shot(file);
    }
  });

  it('pages with a button, opens a passage from the menu, and posts it to the channel', async () => {
    const reply = await run('/search query:Khojaly');
    const summary = await shown(reply.locator('.msg-content'));
    expect(summary).toContain('page 1 of');
    await reply.getByRole('button', { name: /Next/ }).click();
    await expect.poll(() => shown(reply.locator('.msg-content'))).toContain('page 2 of');
    expect(await reply.getByRole('button', { name: /Previous/ }).isEnabled()).toBe(true);
    // Open the first passage of this page in full.
    await reply.getByRole('button', { name: /Open a passage/ }).click();
    const option = page.getByRole('listbox').getByRole('option').first();
    const citation = /^[a-z0-9-]+:\d+/.exec((await option.textContent()) ?? '')?.[0] ?? '';
    expect(citation).not.toBe('');
    await option.click();
    const found = room.quote(citation);
    if (!('quote' in found)) throw new Error(`no passage ${citation}`);
    await expect.poll(() => shown(reply)).toContain(squash(found.quote.passage.text).slice(0, 80));
    expect(await shown(reply)).toContain(squash(found.quote.passage.text));
    await expect.poll(() => reply.getByRole('button', { name: 'Post to channel' }).count()).toBe(1);
    await scrollToTop(reply);
    await shot('opened-passage.png');
    // The public quote card: a message everyone sees, no "Only you can see this".
    const cards = page.locator('#messages article.msg:not(.msg-ephemeral)', { hasText: citation });
    const before = await cards.count();
    await reply.getByRole('button', { name: 'Post to channel' }).click();
    await expect.poll(() => cards.count(), { timeout: 20_000 }).toBe(before + 1);
    expect(await shown(cards.last())).toContain(squash(found.quote.passage.text).slice(0, 80));
  });

  it('answers in Armenian after /language language:hy', async () => {
    const set = await run('/language language:hy');
    expect(await set.textContent()).toMatch(/[\u0531-\u058F]/);
    const reply = await run('/search query:Ղարաբաղ');
    expect(await shown(reply.locator('.msg-content'))).toContain('Որոնում՝ Ղարաբաղ');
    await scrollToTop(reply);
    await shot('search-armenian.png');
    await run('/language language:auto');
  });

  it('answers in Russian when the Discord language is ru', async () => {
    await page.getByLabel('Discord language').selectOption('ru');
    // Localized command and option names work as Discord's client shows them.
    const reply = await run('/поиск запрос:Карабах');
    expect(await shown(reply.locator('.msg-content'))).toContain('Поиск: Карабах');
    await scrollToTop(reply);
    await shot('search-cyrillic.png');
    await page.getByLabel('Discord language').selectOption('en-US');
  });

  it('autocompletes /quote citation from the bot and fills the chosen value', async () => {
    await composer().fill('');
    await composer().pressSequentially('/quote citation:sumgait');
    const options = page.getByRole('listbox').getByRole('option');
    await expect.poll(() => options.count(), { timeout: 10_000 }).toBeGreaterThan(1);
    const second = (await options.nth(1).textContent()) ?? '';
    const value = /^sumgait-1988:\d+/.exec(second)?.[0];
    expect(value).toBeDefined();
    await composer().press('ArrowDown');
    await composer().press('ArrowDown');
    await composer().press('Enter');
    expect(await composer().inputValue()).toBe(`/quote citation:${value} `);
    await composer().press('Enter');
    const reply = replyTo(`/quote citation:${value}`);
    await expect.poll(() => reply.count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => shown(reply)).toContain(value ?? '');
  });

  it("shows a moderator's /pin in the pins panel, and refuses an ordinary member", async () => {
    await actAs(/moderator/);
    // The opened-passage screenshot shows the Khojaly article; this one the Sumgait article.
    await run('/pin citation:sumgait-1988:8 note:for Thursday');
    const pins = page.locator('#pins-list .pin');
    await expect.poll(() => pins.count(), { timeout: 20_000 }).toBe(1);
    expect(await shown(pins.first())).toContain('sumgait-1988:8');
    expect(await page.locator('#pin-count').textContent()).toBe('1');
    await shot('pin.png');
    await actAs(/member/);
    const refused = await run('/pin citation:khojaly-1992:3');
    expect(await shown(refused)).toMatch(/You need the .*Pin Messages.* permission/);
    expect(await shown(refused)).toContain('Only you can see this');
    expect(await pins.count()).toBe(1);
  });

  it('keeps a notebook per channel and exports it as a file to download', async () => {
    await run('/notebook add citation:khojaly-1992:2 note:for Thursday');
    const reply = await run('/notebook export format:Markdown (.md)');
    const link = reply.locator('a.file-name');
    expect(await link.count()).toBe(1);
    expect(await shown(reply.locator('.file-size'))).toMatch(/\d+(\.\d+)? (bytes|KB)/);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const text = await readFile(await download.path(), 'utf8');
    const found = room.quote('khojaly-1992:2');
    if (!('quote' in found)) throw new Error('no khojaly-1992:2');
    // The quote verbatim (Markdown exports keep quotes as they are), the reference and the note.
    expect(squash(text)).toContain(squash(found.quote.passage.text));
    expect(text).toContain(found.quote.attribution.author.split(' ').at(-1) ?? '');
    expect(text).toContain(found.quote.attribution.title.replace(/\.$/, ''));
    expect(text).toContain('for Thursday');
    // The thread has a notebook of its own, still empty.
    await page
      .getByRole('navigation', { name: 'Channels' })
      .getByRole('button', { name: /thread/ })
      .click();
    const empty = await run('/notebook show');
    expect(await shown(empty)).not.toContain('khojaly-1992:2');
    await page
      .getByRole('navigation', { name: 'Channels' })
      .getByRole('button', { name: 'reading', exact: true })
      .click();
  });

  it('keeps a marked passage of a public quote under a spoiler until clicked', async () => {
    // The admin: a member waits 5 s between two public posts, and Robin just posted.
    await actAs(/admin/);
    const reply = await run('/quote citation:khojaly-1992:20');
    await actAs(/member/);
    const spoiler = reply.getByRole('button', { name: 'Spoiler, press to reveal' });
    expect(await spoiler.count()).toBe(1);
    expect(await reply.locator('.spoiler .spoiler-inner').getAttribute('aria-hidden')).toBe('true');
    await spoiler.click();
    const found = room.quote('khojaly-1992:20');
    if (!('quote' in found)) throw new Error('no khojaly-1992:20');
    expect(await shown(reply.locator('.spoiler-revealed'))).toContain(
      squash(found.quote.passage.text).slice(0, 60),
    );
  });

  it.each([
    ['an unknown command', '/nosuch query:x', 'Unknown command /nosuch'],
    ['a missing required option', '/quote', 'Missing required option: citation.'],
    [
      'text in an integer option',
      '/read document:khojaly-1992 paragraph:seven',
      'paragraph must be a whole number',
    ],
    [
      '6,000 characters',
      `/search query:${'Խ'.repeat(6000)}`,
      'query is too long: 6,000 characters, at most 200.',
    ],
  ])('refuses %s locally and sends nothing', async (_, input, error) => {
    const sent = sentOf(browser, 'command').length;
    const entries = await page.locator('#inspector-list > li').count();
    await composer().fill(input);
    await composer().press('Escape');
    await composer().press('Enter');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain(error);
    expect(sentOf(browser, 'command').length).toBe(sent);
    expect(await page.locator('#inspector-list > li').count()).toBe(entries);
    await composer().fill('');
  });

  it('shows the raw traffic in the inspector, newest first', async () => {
    await page.getByRole('tab', { name: /Inspector/ }).click();
    const entries = page.locator('#inspector-list > li');
    await page.getByRole('button', { name: 'Expand all' }).click();
    const at = async (i: number): Promise<string> =>
      (JSON.parse((await entries.nth(i).locator('pre').textContent()) ?? '{}') as { at: string }).at;
    const [newest, older] = [await at(0), await at(1)];
    expect(newest >= older).toBe(true);
    await page.getByRole('button', { name: 'Collapse all' }).click();
    await entries.first().locator('summary').click();
    expect(Number(await page.locator('#inspector-count').textContent())).toBeGreaterThan(10);
    await shot('inspector.png');
    await page.getByRole('tab', { name: /Pinned/ }).click();
  });

  it('logged no console error and sent no request beyond 127.0.0.1', () => {
    expect(browser.errors).toEqual([]);
    expect(browser.outside).toEqual([]);
  });
});
