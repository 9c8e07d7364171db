import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { css, isFocused, openBrowser, sentOf, type Browser } from './browser.js';
import { EXPORT_TEXT, FixtureServer, message, MEMBER, THREAD } from './fixture-server.js';

// The page alone, against a fixture server speaking the protocol: how it
// draws Discord's messages, what its composer sends and refuses, and that
// nothing the bot or a user wrote can run as HTML.

let browser: Browser;
let fixture: FixtureServer;
let page: Page;

beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser.close();
});
beforeEach(async () => {
  fixture = new FixtureServer();
  const url = await fixture.listen();
  browser.errors.length = 0;
  browser.sent.length = 0;
  page = browser.page;
  await page.goto(url);
  await expect.poll(() => page.locator('#connection').textContent()).toBe('Connected');
});
afterEach(async () => {
  expect(browser.errors).toEqual([]);
  expect(browser.outside).toEqual([]);
  // Leave the page first, so that it does not try to reconnect to the closed fixture.
  await page.goto('about:blank');
  await fixture.close();
});

const composer = () => page.getByRole('combobox', { name: 'Message' });
const commandsSent = () => sentOf(browser, 'command');

async function type(text: string): Promise<void> {
  await composer().fill('');
  await composer().pressSequentially(text, { delay: 0 });
}

describe('the page, against fixture messages', () => {
  it('draws Discord markdown with elements, never as HTML', async () => {
    const msg = page.locator('[data-message-id="300000000000000001"]');
    await expect.poll(() => msg.locator('h4').textContent()).toBe('A heading');
    expect(await msg.locator('h5').textContent()).toBe('Second');
    expect(await msg.locator('h6').textContent()).toBe('Third');
    expect(await msg.locator('strong').first().textContent()).toBe('bold');
    expect(await msg.locator('em').allTextContents()).toEqual(['italic', 'also italic']);
    expect(await msg.locator('u').textContent()).toBe('underline');
    expect(await msg.locator('s').textContent()).toBe('strike');
    expect(await msg.locator('code.md-code').textContent()).toBe('code');
    expect(await msg.locator('pre code').textContent()).toBe('code block **not bold**');
    expect(await msg.locator('small.md-sub').textContent()).toBe('small print');
    expect(await msg.locator('blockquote').textContent()).toBe('a quoted line');
    expect(await msg.locator('ul li').textContent()).toBe('a list item');
    // Escapes show the character itself.
    expect(await msg.textContent()).toContain('*not italic* # not a heading');
    // Mentions by name, the timestamp as a date in the Discord language.
    expect(await msg.getByRole('button', { name: '#thursday-group' }).count()).toBe(1);
    expect(await msg.locator('.mention', { hasText: '@Mher' }).count()).toBe(1);
    expect(await msg.locator('time.md-time').textContent()).toBe('November 14, 2023');
    // The interaction line above the reply.
    expect(await msg.locator('.msg-used').textContent()).toContain('Ana used /search query:Xocalı');
  });

  it('keeps spoilers hidden until clicked or activated with the keyboard', async () => {
    const spoiler = page.getByRole('button', { name: 'Spoiler, press to reveal' });
    await expect.poll(() => spoiler.count()).toBe(1);
    const inner = page.locator('.spoiler .spoiler-inner');
    expect(await inner.getAttribute('aria-hidden')).toBe('true');
    expect(await css(inner, 'opacity')).toBe('0');
    await spoiler.focus();
    await page.keyboard.press('Enter');
    expect(await page.locator('.spoiler-revealed').textContent()).toBe('hidden passage');
    expect(await page.getByRole('button', { name: 'Spoiler, press to reveal' }).count()).toBe(0);
  });

  it('opens a masked link only after a confirmation', async () => {
    const link = page.getByRole('link', { name: 'the source' });
    expect(await link.getAttribute('href')).toBe('https://example.org/article');
    await link.click();
    const dialog = page.getByRole('dialog', { name: 'Leaving the playground' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await page.locator('#leave-url').textContent()).toBe('https://example.org/article');
    await page.getByRole('button', { name: 'Go back' }).click();
    expect(await dialog.isVisible()).toBe(false);
    expect(page.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('shows HTML and javascript: links from the bot or a user as text', async () => {
    const msg = page.locator('[data-message-id="300000000000000003"]');
    await expect.poll(() => msg.count()).toBe(1);
    expect(await msg.locator('img, script, svg, b, i').count()).toBe(0);
    expect(await msg.textContent()).toContain('<img src=x onerror="window.pwned=1">');
    expect(await msg.textContent()).toContain('[click](javascript:window.pwned=2)');
    expect(await msg.locator('.embed-title').textContent()).toBe('<img src=x onerror="window.pwned=4">');
    expect(await msg.locator('a').count()).toBe(0);
    expect(await page.evaluate('window.pwned')).toBeUndefined();
  });

  it('draws embeds with author, title, inline fields in one row, footer and colour bar', async () => {
    const embed = page.locator('[data-message-id="300000000000000002"] .embed');
    expect(await embed.locator('.embed-author').textContent()).toBe('Thomas de Waal');
    expect(await embed.locator('.embed-title strong').textContent()).toBe('Xocalı');
    expect(await embed.locator('.embed-row.cols-3 .embed-field').count()).toBe(3);
    expect(await embed.locator('.embed-row.cols-1 .embed-field-name').textContent()).toBe('Context');
    expect(await embed.locator('.embed-footer').textContent()).toBe('Page 1 of 3');
    expect(await css(embed, 'borderLeftColor')).toBe('rgb(71, 82, 196)');
  });

  it('sends a component event for a button and for a select, from the mouse or the keyboard', async () => {
    const msg = page.locator('[data-message-id="300000000000000002"]');
    expect(await msg.getByRole('button', { name: 'Previous' }).isDisabled()).toBe(true);
    await msg.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => sentOf(browser, 'component').length).toBe(1);
    expect(sentOf(browser, 'component')[0]).toMatchObject({
      messageId: '300000000000000002',
      customId: 'search:next',
      componentType: 2,
      userId: MEMBER,
      locale: 'en-US',
    });
    const open = msg.getByRole('button', { name: 'Open a passage' });
    await open.focus();
    await page.keyboard.press('Enter');
    const listbox = page.getByRole('listbox', { name: 'Open a passage' });
    await expect.poll(() => listbox.isVisible()).toBe(true);
    expect(await listbox.getByRole('option').nth(1).textContent()).toBe('khojaly-1992:3On the night of…');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => sentOf(browser, 'component').length).toBe(2);
    expect(sentOf(browser, 'component')[1]).toMatchObject({
      customId: 'search:open',
      componentType: 3,
      values: ['khojaly-1992:3'],
    });
    // A link button asks first, like a masked link.
    await msg.getByRole('link', { name: /Source/ }).click();
    await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(true);
    await page.keyboard.press('Escape');
  });

  it('shows ephemeral messages only to their user, with Dismiss', async () => {
    const eph = page.locator('[data-message-id="300000000000000002"]');
    expect(await eph.textContent()).toContain('Only you can see this');
    await page.getByLabel('User').selectOption({ label: 'Mher (moderator)' });
    expect(await eph.count()).toBe(0);
    await page.getByLabel('User').selectOption({ label: 'Ana (member)' });
    await eph.getByRole('button', { name: 'Dismiss message' }).click();
    expect(await eph.count()).toBe(0);
    expect(sentOf(browser, 'dismiss')).toEqual([{ type: 'dismiss', messageId: '300000000000000002' }]);
  });

  it('replaces "thinking…" by the edit, in place', async () => {
    fixture.broadcast({ type: 'message', message: message({ id: '300000000000000009', flags: 128 }) });
    const msg = page.locator('[data-message-id="300000000000000009"]');
    await expect.poll(() => msg.textContent()).toContain('Reading Room is thinking');
    const before = await page.locator('article.msg').count();
    fixture.broadcast({
      type: 'message',
      message: message({
        id: '300000000000000009',
        content: 'The answer',
        editedTimestamp: '2024-05-01T10:00:02.000Z',
      }),
    });
    await expect.poll(() => msg.textContent()).toContain('The answer');
    expect(await msg.textContent()).not.toContain('thinking');
    expect(await page.locator('article.msg').count()).toBe(before);
  });

  it('offers an attachment for download with its name and size', async () => {
    const msg = page.locator('[data-message-id="300000000000000006"]');
    expect(await msg.locator('.file-size').textContent()).toBe('2.29 KB');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      msg.getByRole('link', { name: 'notebook-reading.md' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('notebook-reading.md');
    expect(await readFile(await download.path(), 'utf8')).toBe(EXPORT_TEXT);
  });

  it('switches between the channel and its thread, each with its own messages and pins', async () => {
    // The pins come with the server's hello, which may follow "Connected".
    await expect.poll(() => page.locator('#pins-list .pin').count()).toBe(1);
    expect(await page.locator('#pins-list').textContent()).toContain('Pinned quote card');
    await page
      .getByRole('button', { name: /thursday-group/ })
      .first()
      .click();
    expect(await page.locator('#channel-name').textContent()).toBe('thursday-group');
    expect(await page.locator('#messages').textContent()).toContain('Only in the thread');
    expect(await page.locator('[data-message-id="300000000000000001"]').count()).toBe(0);
    expect(await page.locator('#pins-list .pin').count()).toBe(0);
    await type('/help');
    await page.keyboard.press('Enter');
    await expect.poll(() => commandsSent().length).toBe(1);
    expect(commandsSent()[0]).toMatchObject({ channelId: THREAD });
  });

  it('shows the inspector entries newest first, as JSON text', async () => {
    await page.getByRole('tab', { name: /Inspector/ }).click();
    const entries = page.locator('#inspector-list > li');
    expect(await entries.count()).toBe(2);
    expect(await entries.first().locator('summary').textContent()).toContain('INTERACTION_CREATE');
    await entries.first().locator('summary').click();
    expect(await entries.first().locator('pre').textContent()).toContain('"second": "<b>not html</b>"');
    expect(await entries.first().locator('pre b').count()).toBe(0);
  });
});

describe('accessibility', () => {
  it('names every control, and the message list is a polite live region', async () => {
    const tree = await page.locator('body').ariaSnapshot();
    const unnamed = tree
      .split('\n')
      .filter((line) =>
        /^\s*- (button|link|combobox|listbox|tab|textbox|checkbox|option)(:|\s*\[|\s*$)/.test(line),
      );
    expect(unnamed).toEqual([]);
    expect(tree).toContain('combobox "User"');
    expect(tree).toContain('combobox "Discord language"');
    expect(tree).toContain('combobox "Message"');
    const log = page.getByRole('log', { name: 'Messages in #reading' });
    expect(await log.getAttribute('aria-live')).toBe('polite');
  });

  it('works from the keyboard: skip link, tabs with arrow keys, the leaving dialog', async () => {
    const skip = page.getByRole('link', { name: 'Skip to the message box' });
    await skip.focus();
    expect(await skip.isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    expect(await isFocused(composer())).toBe(true);
    await page.getByRole('tab', { name: /Pinned/ }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { name: /Inspector/ }).getAttribute('aria-selected')).toBe('true');
    expect(await page.getByRole('tabpanel', { name: /Inspector/ }).isVisible()).toBe(true);
    await page.keyboard.press('ArrowLeft');
    expect(await page.getByRole('tab', { name: /Pinned/ }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('link', { name: 'the source' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(true);
    // The safe choice has the focus.
    expect(await isFocused(page.getByRole('button', { name: 'Go back' }))).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.getByRole('dialog').isVisible()).toBe(false);
  });
});

describe('the composer', () => {
  it('lists the commands on /, then the options of one, required ones marked', async () => {
    await type('/');
    const list = page.getByRole('listbox');
    await expect.poll(() => list.getByRole('option').count()).toBe(11);
    expect(await list.getByRole('option').first().textContent()).toContain(
      '/searchSearch the library in English, Armenian, Azerbaijani or Russian',
    );
    await type('/search ');
    await expect.poll(() => list.getByRole('option').first().textContent()).toContain('query:required');
    expect(await page.locator('#composer-hint').textContent()).toContain(
      '/search query* [document] [language] [public]',
    );
  });

  it('shows and accepts the localized names for the chosen Discord language', async () => {
    await page.getByLabel('Discord language').selectOption('ru');
    await type('/пои');
    const list = page.getByRole('listbox');
    await expect.poll(() => list.getByRole('option').first().textContent()).toContain('/поиск');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    expect(await composer().inputValue()).toBe('/поиск ');
    await composer().pressSequentially('запрос:Ходжалы язык:Русский');
    await page.keyboard.press('Enter');
    await expect.poll(() => commandsSent().length).toBe(1);
    expect(commandsSent()[0]).toMatchObject({
      name: 'search',
      locale: 'ru',
      options: [
        { name: 'query', type: 3, value: 'Ходжалы' },
        { name: 'language', type: 3, value: 'ru' },
      ],
    });
  });

  it('sends a subcommand with its options nested, as Discord does', async () => {
    await type('/notebook add citation:khojaly-1992:2 note:for Thursday');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    await expect.poll(() => commandsSent().length).toBe(1);
    expect(commandsSent()[0]).toMatchObject({
      type: 'command',
      name: 'notebook',
      display: '/notebook add citation:khojaly-1992:2 note:for Thursday',
      options: [
        {
          name: 'add',
          type: 1,
          options: [
            { name: 'citation', type: 3, value: 'khojaly-1992:2' },
            { name: 'note', type: 3, value: 'for Thursday' },
          ],
        },
      ],
    });
    expect(await composer().inputValue()).toBe('');
  });

  it.each([
    ['/nosuch', 'Unknown command /nosuch'],
    ['/quote', 'Missing required option: citation.'],
    ['/read document:khojaly-1992 paragraph:seven', 'paragraph must be a whole number'],
    ['/read document:khojaly-1992 paragraph:0', 'paragraph must be at least 1.'],
    [
      '/cite citation:khojaly-1992:2 style:Harvard',
      'style must be one of: APA (7th edition), MLA (9th edition)',
    ],
    ['/search query:x public:maybe', 'public must be true or false.'],
    ['/pins', '/pins needs a subcommand: list, remove.'],
    ['hello there', 'Only slash commands reach the bot'],
  ])('refuses %s locally and sends nothing', async (input, error) => {
    await composer().fill(input);
    await composer().press('Escape');
    await composer().press('Enter');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain(error);
    expect(commandsSent()).toEqual([]);
    expect(await composer().inputValue()).toBe(input);
  });

  it('refuses 6,000 characters in a 200-character option', async () => {
    await composer().fill(`/search query:${'Xocalı '.repeat(858)}`.slice(0, 6014));
    await composer().press('Enter');
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('query is too long: 6,000 characters, at most 200.');
    expect(commandsSent()).toEqual([]);
  });

  it('asks the bot for autocomplete choices and fills the chosen value', async () => {
    await type('/quote citation:kho');
    await expect.poll(() => sentOf(browser, 'autocomplete').length).toBeGreaterThan(0);
    expect(sentOf(browser, 'autocomplete').at(-1)).toMatchObject({
      name: 'quote',
      options: [{ name: 'citation', type: 3, value: 'kho', focused: true }],
    });
    const options = page.getByRole('listbox').getByRole('option');
    await expect.poll(() => options.count()).toBe(2);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await composer().getAttribute('aria-activedescendant')).toBe('suggestion-1');
    await page.keyboard.press('Enter');
    expect(await composer().inputValue()).toBe('/quote citation:khojaly-1992:3 ');
    await page.keyboard.press('Enter');
    await expect.poll(() => commandsSent().length).toBe(1);
    expect(commandsSent()[0]).toMatchObject({
      name: 'quote',
      options: [{ name: 'citation', value: 'khojaly-1992:3' }],
    });
  });

  it('picks static choices by their names and sends their values', async () => {
    await type('/language language:');
    const options = page.getByRole('listbox').getByRole('option');
    await expect
      .poll(() => options.allTextContents())
      .toEqual(['Automatic (from Discord)', 'English', 'Armenian', 'Azerbaijani', 'Russian']);
    await options.nth(2).click();
    expect(await composer().inputValue()).toBe('/language language:Armenian ');
    await page.keyboard.press('Enter');
    await expect.poll(() => commandsSent().length).toBe(1);
    expect(commandsSent()[0]).toMatchObject({
      name: 'language',
      options: [{ name: 'language', value: 'hy' }],
    });
  });

  it('shows a notice from the server as a message only this user sees', async () => {
    fixture.broadcast({ type: 'notice', nonce: null, text: 'The bot is not connected yet.' });
    const local = page.locator('.msg-local');
    await expect.poll(() => local.textContent()).toContain('The bot is not connected yet.');
    expect(await local.textContent()).toContain('Only you can see this');
  });
});
