import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import { parseShardedConfig } from '../src/sharded/config.js';

const TOKEN = { DISCORD_TOKEN: 'a-token' };

/** The variable names of a result's problems, or null when it parsed. */
const problems = (result: { errors: string[] } | object): string[] | null =>
  'errors' in result ? result.errors.map((e) => e.split(':')[0] ?? '') : null;

describe('SHARD_COUNT in the configuration', () => {
  it('GIVEN SHARD_COUNT unset, blank, auto or a whole number WHEN parsed THEN it is undefined, auto or that number', () => {
    const count = (value: string | undefined): unknown => {
      const result = parseConfig(value === undefined ? {} : { SHARD_COUNT: value });
      return 'config' in result ? result.config.SHARD_COUNT : result.errors;
    };
    expect(count(undefined)).toBeUndefined();
    expect(count('  ')).toBeUndefined();
    expect(count('auto')).toBe('auto');
    expect(count('1')).toBe(1);
    expect(count(' 12 ')).toBe(12);
  });

  it('GIVEN SHARD_COUNT that is not a positive whole number nor auto WHEN parsed THEN it is a problem', () => {
    for (const bad of ['0', '-2', '1.5', 'two', 'AUTO', '1e3'])
      expect(parseConfig({ SHARD_COUNT: bad })).toEqual({
        errors: ['SHARD_COUNT: a whole number of shards (1 or more), or auto'],
      });
  });
});

describe('the sharded mode configuration', () => {
  it('GIVEN a token and no DISCORD_API_URL WHEN parsed THEN the count is the one given, or auto when unset', () => {
    const shards = (env: Record<string, string>): unknown => {
      const result = parseShardedConfig({ ...TOKEN, ...env });
      return 'sharded' in result ? result.sharded.shards : result.errors;
    };
    expect(shards({})).toBe('auto');
    expect(shards({ SHARD_COUNT: 'auto' })).toBe('auto');
    expect(shards({ SHARD_COUNT: '3' })).toBe(3);
    const result = parseShardedConfig({ ...TOKEN, SHARD_COUNT: '3' });
    expect('sharded' in result && result.sharded.token).toBe('a-token');
  });

  it('GIVEN DISCORD_API_URL set WHEN SHARD_COUNT is unset or auto THEN that is a problem, since auto would ask discord.com itself; a number is fine', () => {
    const api = { ...TOKEN, DISCORD_API_URL: 'http://127.0.0.1:8080/api' };
    expect(problems(parseShardedConfig(api))).toEqual(['SHARD_COUNT']);
    expect(problems(parseShardedConfig({ ...api, SHARD_COUNT: 'auto' }))).toEqual(['SHARD_COUNT']);
    const result = parseShardedConfig({ ...api, SHARD_COUNT: '2' });
    expect('sharded' in result && result.sharded).toMatchObject({
      shards: 2,
      config: { DISCORD_API_URL: 'http://127.0.0.1:8080/api' },
    });
  });

  it('GIVEN no token WHEN parsed THEN the token is required, though npm start does without one', () => {
    expect(problems(parseShardedConfig({ SHARD_COUNT: '2' }))).toEqual(['DISCORD_TOKEN']);
    expect(problems(parseShardedConfig({ DISCORD_TOKEN: '  ', SHARD_COUNT: '2' }))).toEqual([
      'DISCORD_TOKEN',
    ]);
    expect(problems(parseConfig({ SHARD_COUNT: '2' }))).toBeNull();
  });

  it('GIVEN ordinary problems and sharded ones WHEN parsed THEN every problem is reported at once', () => {
    const result = parseShardedConfig({
      LOG_LEVEL: 'loud',
      DISCORD_API_URL: 'http://127.0.0.1:8080/api',
      SHARD_COUNT: 'auto',
    });
    expect(problems(result)).toEqual(['LOG_LEVEL', 'DISCORD_TOKEN', 'SHARD_COUNT']);
  });
});
