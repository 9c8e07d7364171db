import type { IncomingMessage, ServerResponse } from 'node:http';

/** Thrown by {@link readBody} when a body is larger than allowed. */
export class TooLarge extends Error {}

/** Reads a body up to `max` bytes, counting as it streams (a length header can lie or be absent). */
export function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > max) {
        req.off('data', onData);
        req.pause();
        reject(new TooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => {
      resolve(Buffer.concat(chunks));
    });
    req.once('error', reject);
    // A connection closed before the end (the client went away, or the timeout closed it).
    req.once('close', () => {
      reject(new Error('closed before the body ended'));
    });
  });
}

/** A header given once; a repeated one counts as absent. */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? undefined : value;
}

/** Writes a JSON answer; resolves once it is handed to the connection (or the connection is gone). */
export function sendJson(res: ServerResponse, status: number, body: unknown, close = false): Promise<void> {
  return new Promise((resolve) => {
    if (res.headersSent || res.destroyed) {
      resolve();
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      ...(close ? { connection: 'close' } : {}),
    });
    res.once('close', resolve);
    res.end(text, resolve);
  });
}

/**
 * Refuses a body that is too large without reading the rest of it: the
 * answer asks to close the connection, and the connection is closed once the
 * answer is out.
 */
export function refuseTooLarge(req: IncomingMessage, res: ServerResponse): Promise<void> {
  req.pause();
  res.once('finish', () => {
    req.socket.destroySoon();
  });
  return sendJson(res, 413, { error: 'payload too large' }, true);
}
