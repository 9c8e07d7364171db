import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import type { StoredFile } from '../discord/index.js';

/** Content types of the files the page is made of; any other file is not served. */
const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

/** A file of the page, read for serving; null when there is no such file (or no page folder). */
export interface PageFile {
  readonly data: Buffer;
  readonly contentType: string;
}

/**
 * The page file a URL path names: `/` is `index.html`; `/<name>` a file of
 * the folder; `/assets/<path>` a file under `assets/` of the folder, or of
 * the folder itself. Only the types above, never a dot-file, never outside
 * the folder, read anew on every request (no caching surprises).
 */
export async function pageFile(pageDir: string, pathname: string): Promise<PageFile | null> {
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (path === '/') path = '/index.html';
  const segments = path.split('/').slice(1);
  if (segments.some((s) => s === '' || s.startsWith('.') || s.includes('\\') || s.includes('\0')))
    return null;
  const candidates =
    segments[0] === 'assets' && segments.length > 1
      ? [segments, segments.slice(1)]
      : segments.length === 1
        ? [segments]
        : [];
  const root = resolve(pageDir);
  for (const parts of candidates) {
    const file = resolve(join(root, ...parts));
    const type = TYPES[extname(file).toLowerCase()];
    if (!file.startsWith(root + sep) || type === undefined) continue;
    try {
      if (!(await stat(file)).isFile()) continue;
      return { data: await readFile(file), contentType: type };
    } catch {
      continue;
    }
  }
  return null;
}

/**
 * The page's headers: nothing but this origin may be loaded or connected to,
 * no inline script or style, no innerHTML-style sink, no framing, no caching.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join('; '),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

/** What {@link answerHttp} serves from. */
export interface HttpSources {
  readonly pageDir: string;
  /** The Host values this server answers to (127.0.0.1 and localhost, with its port). */
  readonly hosts: ReadonlySet<string>;
  /** An uploaded file, by id. */
  readonly attachment: (id: string) => StoredFile | undefined;
}

/** Answers a plain HTTP request of the page: its files, and attachments at their URL. */
export async function answerHttp(
  req: IncomingMessage,
  res: ServerResponse,
  from: HttpSources,
): Promise<void> {
  const text = (status: number, body: string, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...PAGE_HEADERS, ...headers });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  // A foreign Host is DNS rebinding: another site's name pointed at 127.0.0.1.
  if (!from.hosts.has(req.headers.host ?? '')) {
    text(403, 'This server answers only to its own address.\n');
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    text(405, 'Method not allowed.\n', { Allow: 'GET, HEAD' });
    return;
  }
  const { pathname } = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (pathname === '/ws') {
    text(426, 'This is the WebSocket of the page.\n', { Upgrade: 'websocket' });
    return;
  }
  const attachment = /^\/attachments\/\d+\/(\d+)\/[^/]+$/.exec(pathname);
  if (attachment) {
    const file = from.attachment(attachment[1] ?? '');
    if (!file) {
      text(404, 'No such attachment.\n');
      return;
    }
    res.writeHead(200, {
      ...PAGE_HEADERS,
      'Content-Type': file.contentType,
      'Content-Length': file.data.length,
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    });
    res.end(req.method === 'HEAD' ? undefined : file.data);
    return;
  }
  const file = await pageFile(from.pageDir, pathname);
  if (!file) {
    text(
      404,
      pathname === '/'
        ? `The playground page is missing: no index.html in ${from.pageDir}.\n`
        : 'Not found.\n',
    );
    return;
  }
  res.writeHead(200, {
    ...PAGE_HEADERS,
    'Content-Type': file.contentType,
    'Content-Length': file.data.length,
  });
  res.end(req.method === 'HEAD' ? undefined : file.data);
}
