import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAYGROUND_PORT, parseConfig } from '../src/config.js';

describe('config', () => {
  it('GIVEN an empty environment WHEN parsed THEN the embedded defaults apply and no token is required', () => {
    const result = parseConfig({});
    expect('config' in result && result.config).toMatchObject({
      DISCORD_API_URL: 'https://discord.com/api',
      LOG_LEVEL: 'info',
    });
    expect('config' in result && result.config.DISCORD_TOKEN).toBeUndefined();
  });

  it('GIVEN several bad values WHEN parsed THEN every problem is reported at once', () => {
    const result = parseConfig({
      DISCORD_APPLICATION_ID: 'abc',
      DISCORD_API_URL: 'not a url',
      STORAGE_URL: 'mysql://x',
      LOG_LEVEL: 'loud',
    });
    expect('errors' in result && result.errors.map((e) => e.split(':')[0])).toEqual([
      'DISCORD_APPLICATION_ID',
      'DISCORD_API_URL',
      'STORAGE_URL',
      'LOG_LEVEL',
    ]);
  });

  it('GIVEN blank optional values as in a copied .env.example WHEN parsed THEN they count as unset', () => {
    const result = parseConfig({ DISCORD_TOKEN: '', DISCORD_APPLICATION_ID: '  ', STORAGE_URL: '' });
    expect('config' in result && result.config.DISCORD_TOKEN).toBeUndefined();
  });

  it('GIVEN STORAGE_NAMESPACE unset, blank, a name or a bad one WHEN parsed THEN reading-room, reading-room, that name, or a problem naming it', () => {
    const ns = (value: string | undefined): unknown => {
      const result = parseConfig(value === undefined ? {} : { STORAGE_NAMESPACE: value });
      return 'config' in result ? result.config.STORAGE_NAMESPACE : result.errors.map((e) => e.split(':')[0]);
    };
    expect(ns(undefined)).toBe('reading-room');
    expect(ns(' ')).toBe('reading-room');
    expect(ns('staging-2')).toBe('staging-2');
    expect(ns('Has Spaces')).toEqual(['STORAGE_NAMESPACE']);
    expect(ns('a'.repeat(41))).toEqual(['STORAGE_NAMESPACE']);
  });

  it('GIVEN PLAYGROUND_PORT unset, blank, 0 or a port WHEN parsed THEN the fixed default, any free port or that port applies; anything else is a problem', () => {
    const port = (value: string | undefined): unknown => {
      const result = parseConfig(value === undefined ? {} : { PLAYGROUND_PORT: value });
      return 'config' in result ? result.config.PLAYGROUND_PORT : result.errors;
    };
    expect(port(undefined)).toBe(DEFAULT_PLAYGROUND_PORT);
    expect(port('')).toBe(DEFAULT_PLAYGROUND_PORT);
    expect(port('0')).toBe(0);
    expect(port(' 8123 ')).toBe(8123);
    for (const bad of ['65536', '-1', 'http', '80.5'])
      expect(port(bad)).toEqual([expect.stringMatching(/^PLAYGROUND_PORT: a port number/) as string]);
  });
});
