import {
  pino,
  type Bindings,
  type ChildLoggerOptions,
  type DestinationStream,
  type LevelWithSilentOrString,
  type Logger,
} from 'pino';

/**
 * The interaction token (and a webhook's token) in a Discord API path:
 * `/webhooks/<id>/<token>` and `/interactions/<id>/<token>`. Whoever has it can
 * edit or delete the bot's replies for 15 minutes, so it never reaches a log.
 */
const TOKEN_IN_PATH = /(\/(?:webhooks|interactions)\/[^/\s?#]+\/)[^/\s?#"'<>\\]+/g;
/**
 * The same token after its snowflake without the route's name, as
 * @discordjs/rest's rate-limit data has it (`majorParameter: "<id>/<token>"`).
 * Tokens are long (a webhook's 68 characters, an interaction's well over 100),
 * path words after an id are short.
 */
const TOKEN_AFTER_ID = /(\b\d{17,20}\/)[\w.-]{32,}/g;

/** What replaces a token. Pino's own censor, so every redaction reads the same. */
export const REDACTED = '[Redacted]';

/** Keys whose values carry what the bot sent (reply text, attachments): dropped wherever they are. */
const DROPPED = new Set(['requestBody']);

/** The fields pino's serializer makes itself rather than copies from the error. */
const STD_KEYS = new Set(['type', 'message', 'stack', 'aggregateErrors']);

/** How deep {@link errSerializer} follows nested objects before it stops. */
const MAX_DEPTH = 8;

/** Masks the token segment of every Discord webhook or interaction path in `text`. */
export function maskTokens(text: string): string {
  return text.replace(TOKEN_IN_PATH, `$1${REDACTED}`).replace(TOKEN_AFTER_ID, `$1${REDACTED}`);
}

function isErrorLike(value: unknown): value is Error {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/** A copy of `value` with every string masked and every {@link DROPPED} key left out; never mutates. */
function scrub(value: unknown, seen: Set<object>, depth: number): unknown {
  if (typeof value === 'string') return maskTokens(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Object]';
  // An Error nested in a field; pino's own serialized errors are plain objects.
  if (value instanceof Error) return serialize(value, seen, depth + 1, false);
  if (ArrayBuffer.isView(value)) return `[${value.constructor.name} of ${value.byteLength} bytes]`;
  seen.add(value);
  try {
    const { toJSON } = value as { toJSON?: unknown };
    // A Date, a URL: what JSON would write, scrubbed.
    if (typeof toJSON === 'function') return scrub(toJSON.call(value), seen, depth + 1);
    if (Array.isArray(value)) return value.map((v: unknown) => scrub(v, seen, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (!DROPPED.has(key)) out[key] = scrub(v, seen, depth + 1);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

function serialize(
  error: Error,
  seen: Set<object>,
  depth: number,
  withStack: boolean,
): Record<string, unknown> {
  seen.add(error);
  try {
    // pino's serializer: type, message and stack (with the causes'), and the
    // error's own fields (DiscordAPIError: code, status, method, url, rawError,
    // requestBody). It skips an Error `cause`; here it comes back scrubbed, so
    // a wrapped DiscordAPIError keeps its code and status.
    const std = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
    const own = error as unknown as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(std)) {
      if (DROPPED.has(key) || (key === 'stack' && !withStack)) continue;
      // A field as the error has it (pino would make rawError, which has a
      // message, into an "error" of type Object); an Error in it, serialized.
      const field = STD_KEYS.has(key) ? v : own[key];
      out[key] = scrub(field, seen, depth);
    }
    const { cause } = error as { cause?: unknown };
    // The parent's stack already holds the cause's, after "caused by:".
    if (isErrorLike(cause) && !seen.has(cause)) out['cause'] = serialize(cause, seen, depth + 1, false);
    return out;
  } finally {
    seen.delete(error);
  }
}

/**
 * Pino's `err` serializer (`pino.stdSerializers.err`) made safe for Discord
 * errors: the token segment of `/webhooks/<id>/<token>` and
 * `/interactions/<id>/<token>` is replaced by `[Redacted]` in the url, the
 * message, the stack and every other string field, nested ones and a
 * `cause` chain included; `requestBody` (the reply's JSON and files, which
 * @discordjs/rest's DiscordAPIError and HTTPError keep) is dropped wherever it
 * is. `code`, `status`, `method`, `rawError` (Discord's answer) and the masked
 * `url` stay, so the log still says what failed. A value that is not an error
 * is scrubbed the same way.
 */
export function errSerializer(value: unknown): unknown {
  return isErrorLike(value) ? serialize(value, new Set(), 0, true) : scrub(value, new Set(), 0);
}

/** The keys errors are logged under in this code base (`{ err }`), and the other common one. */
const ERROR_KEYS = ['err', 'error'] as const;

/** Every field of a log line but the error keys (their serializer comes after) scrubbed. */
function scrubFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (DROPPED.has(key)) continue;
    out[key] = (ERROR_KEYS as readonly string[]).includes(key) ? value : scrub(value, new Set(), 0);
  }
  return out;
}

/**
 * The bot's logger: pino at `level`, writing to `destination` (standard output
 * by default), with
 * - the token redaction `npm start` always had (`token`, `*.token`,
 *   `config.DISCORD_TOKEN`, `headers.authorization`);
 * - {@link errSerializer} under `err` and `error`, the keys errors are logged
 *   under, so a failed REST call logs its code, status and masked url but
 *   neither the interaction token nor the reply;
 * - every other field of a log line and of a child logger's bindings scrubbed
 *   the same way (an error under another key, a url in `{ where: { url } }`);
 *   pino applies the `err`/`error` serializer to bindings itself;
 * - the message string and its format arguments masked with
 *   {@link maskTokens}, for a url interpolated into a message.
 */
export function createLogger(level: LevelWithSilentOrString, destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: ['token', '*.token', 'config.DISCORD_TOKEN', 'headers.authorization'],
    serializers: Object.fromEntries(ERROR_KEYS.map((key) => [key, errSerializer])),
    formatters: { log: scrubFields },
    hooks: {
      logMethod(this: Logger, args: unknown[], method: (...args: unknown[]) => void): void {
        method.apply(
          this,
          args.map((a) => (typeof a === 'string' ? maskTokens(a) : a)),
        );
      },
    },
  };
  const logger = destination === undefined ? pino(options) : pino(options, destination);
  // pino gives a child logger no bindings formatter of its parent's, so the
  // bindings are scrubbed on the way in. Children inherit this method and
  // call it with themselves as `this`.
  type Child = (this: Logger, bindings: Bindings, options?: ChildLoggerOptions) => Logger;
  const child = Reflect.get(logger, 'child') as unknown as Child;
  const scrubbedChild: Child = function (bindings, childOptions) {
    return child.call(this, scrubFields(bindings), childOptions);
  };
  logger.child = scrubbedChild as unknown as Logger['child'];
  return logger;
}
