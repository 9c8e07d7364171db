import { z } from 'zod';
import { join } from 'node:path';
import { ROOT } from './paths.js';

const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

/** A port number from the environment (0: any free one), or `fallback` when unset. */
function port(fallback: number) {
  return optionalText
    .pipe(
      z
        .string()
        .regex(/^\d{1,5}$/, 'a port number, or 0 for any free port')
        .transform(Number)
        .pipe(z.number().max(65535, 'a port number, or 0 for any free port'))
        .optional(),
    )
    .transform((value) => value ?? fallback);
}

/** The playground page's default port: fixed, so that a bookmark keeps working. */
export const DEFAULT_PLAYGROUND_PORT = 5717;

/** The HTTP interactions endpoint's default port (`npm run start:http`). */
export const DEFAULT_HTTP_PORT = 8080;

/** The environment the bot reads, parsed once at start-up. */
export const configSchema = z.object({
  /** Bot token; without it the bot cannot connect (the CLI needs none). */
  DISCORD_TOKEN: optionalText,
  /** Application id, for registering slash commands. */
  DISCORD_APPLICATION_ID: optionalText.pipe(
    z
      .string()
      .regex(/^\d{17,20}$/, 'a Discord snowflake (17–20 digits)')
      .optional(),
  ),
  /** REST base URL, for a REST proxy or a local fake Discord in tests. */
  DISCORD_API_URL: z.url().default('https://discord.com/api'),
  /** keyv store: sqlite://path, redis://… or postgres://…; default a SQLite file under STATE_DIR. */
  STORAGE_URL: optionalText.pipe(
    z
      .string()
      .regex(
        /^(sqlite|redis|rediss|postgres|postgresql):\/\//,
        'must start with sqlite://, redis:// or postgres://',
      )
      .optional(),
  ),
  /**
   * The key prefix of this bot's records in a shared database: two bots (or
   * staging beside production) on one Redis keep apart by it.
   */
  STORAGE_NAMESPACE: optionalText.pipe(
    z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes, at most 40')
      .default('reading-room'),
  ),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Folder with documents/ and glossary.yaml. */
  DATA_DIR: z.string().min(1).default(join(ROOT, 'data')),
  /** Folder for the index and local storage; git ignores the default. */
  STATE_DIR: z.string().min(1).default(join(ROOT, 'state')),
  /** The playground page's port on 127.0.0.1; 0: any free port. */
  PLAYGROUND_PORT: port(DEFAULT_PLAYGROUND_PORT),
  /** `npm run start:http`: the interactions endpoint's port; 0: any free port. */
  PORT: port(DEFAULT_HTTP_PORT),
  /** `npm run start:http`: the address the endpoint listens on. */
  HTTP_HOST: optionalText.transform((host) => host ?? '0.0.0.0'),
  /** The application's public key (General Information → Public Key): 64 hex digits; `start:http` needs it. */
  DISCORD_PUBLIC_KEY: optionalText.pipe(
    z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'the public key from the developer portal (64 hex digits)')
      .optional(),
  ),
  /** `npm run start:sharded`: how many shards (one process each), or `auto` for Discord's recommendation. */
  SHARD_COUNT: optionalText.pipe(
    z
      .string()
      .regex(/^(auto|[1-9]\d{0,4})$/, 'a whole number of shards (1 or more), or auto')
      .transform((value) => (value === 'auto' ? value : Number(value)))
      .optional(),
  ),
  /** `none`: the playground does not open a browser. */
  BROWSER: optionalText,
  /** Set on CI machines: the playground does not open a browser. */
  CI: optionalText,
});

/** Parsed configuration. */
export type Config = z.infer<typeof configSchema>;

/**
 * Parses the environment. On failure the message lists every problem at once,
 * one per line, so an operator fixes them in one go.
 */
export function parseConfig(
  env: Record<string, string | undefined>,
): { config: Config } | { errors: string[] } {
  const result = configSchema.safeParse(env);
  if (result.success) return { config: result.data };
  return { errors: result.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`) };
}

/**
 * Prints every configuration problem at once, pointing at .env.example, and
 * exits 1: what each entry point does before it starts anything.
 */
export function exitWithProblems(problems: readonly string[]): never {
  process.stderr.write(
    `Configuration problems (see .env.example):\n${problems.map((e) => `  - ${e}`).join('\n')}\n`,
  );
  process.exit(1);
}
