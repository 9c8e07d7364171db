import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  chromium,
  type BrowserContext,
  type Locator,
  type Page,
  type WebSocket as PageSocket,
} from 'playwright-core';

/** Debian's Chromium; CHROMIUM_PATH overrides it. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/** The flags the issue asks for: headless, nothing phoned home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
];

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors, uncaught page errors and failed requests, as text. */
  readonly errors: string[];
  /** Every URL the page asked for whose host was not 127.0.0.1 (each was aborted). */
  readonly outside: string[];
  /** Every frame the page sent over its WebSocket, parsed. */
  readonly sent: Record<string, unknown>[];
  close(): Promise<void>;
}

/** Whether a URL stays on this machine's loopback address. */
export function isLocal(url: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank') return false;
  try {
    return new URL(url).hostname === '127.0.0.1';
  } catch {
    return false;
  }
}

/**
 * Chromium with a fresh profile and a 1280×800 window, a guard that aborts
 * and records any request leaving 127.0.0.1, and recorders for console
 * errors and the page's WebSocket frames.
 */
export async function openBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'reading-room-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
    locale: 'en-US',
    timezoneId: 'UTC',
    reducedMotion: 'reduce',
  });
  const errors: string[] = [];
  const outside: string[] = [];
  const sent: Record<string, unknown>[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (isLocal(url)) {
      await route.continue();
    } else {
      outside.push(url);
      await route.abort('blockedbyclient');
    }
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
  page.on('requestfailed', (r) => {
    if (isLocal(r.url())) errors.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`);
  });
  page.on('websocket', (ws: PageSocket) => {
    if (!isLocal(ws.url())) outside.push(ws.url());
    ws.on('framesent', (f) => {
      if (typeof f.payload === 'string') sent.push(JSON.parse(f.payload) as Record<string, unknown>);
    });
  });
  return {
    context,
    page,
    errors,
    outside,
    sent,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The page events of one type the page sent so far. */
export function sentOf(b: Browser, type: string): Record<string, unknown>[] {
  return b.sent.filter((e) => e['type'] === type);
}

/** A computed style property of the first element a locator finds (the tests have no DOM types). */
export function css(locator: Locator, property: string): Promise<string> {
  return locator.evaluate((element, name) => {
    const view = globalThis as unknown as {
      getComputedStyle(e: unknown): Record<string, string | undefined>;
    };
    return view.getComputedStyle(element)[name] ?? '';
  }, property);
}

/** Polls until `check` returns true (for hooks, where expect.poll is not allowed). */
export async function waitUntil(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Scrolls the element to the top of its scrolling box (for screenshots that show a reply from its start). */
export async function scrollToTop(locator: Locator): Promise<void> {
  await locator.evaluate((element) => {
    (element as unknown as { scrollIntoView(o: unknown): void }).scrollIntoView({ block: 'start' });
  });
}

/** Whether the element a locator finds has the keyboard focus. */
export function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => {
    const e = element as unknown as { ownerDocument: { activeElement: unknown } };
    return e.ownerDocument.activeElement === element;
  });
}
