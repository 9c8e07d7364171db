import { parseConfig, type Config } from '../config.js';

/** What `npm run start:sharded` runs with: the ordinary configuration, a token, and the shard count. */
export interface ShardedConfig {
  readonly config: Config;
  readonly token: string;
  /** A number, or `auto`: Discord's recommendation, asked at start-up. */
  readonly shards: number | 'auto';
}

/**
 * Parses the environment for the sharded gateway: the rules of
 * {@link parseConfig}, and those only this mode has, all reported at once.
 * `auto` is refused with DISCORD_API_URL set because discord.js asks
 * discord.com itself for the recommended count, past any proxy or fake
 * Discord the shards would use.
 */
export function parseShardedConfig(
  env: Record<string, string | undefined>,
): { sharded: ShardedConfig } | { errors: string[] } {
  const parsed = parseConfig(env);
  const errors = 'errors' in parsed ? [...parsed.errors] : [];
  const blank = (name: string): boolean => (env[name] ?? '').trim() === '';
  if (blank('DISCORD_TOKEN')) errors.push('DISCORD_TOKEN: required by npm run start:sharded');
  const count = (env['SHARD_COUNT'] ?? '').trim();
  if (!blank('DISCORD_API_URL') && (count === '' || count === 'auto'))
    errors.push(
      'SHARD_COUNT: a number is needed when DISCORD_API_URL is set (auto asks discord.com itself, not DISCORD_API_URL)',
    );
  if (errors.length > 0 || 'errors' in parsed) return { errors };
  const { config } = parsed;
  return {
    sharded: { config, token: config.DISCORD_TOKEN ?? '', shards: config.SHARD_COUNT ?? 'auto' },
  };
}
