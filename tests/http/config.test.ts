import { describe, expect, it } from 'vitest';
import { DEFAULT_HTTP_PORT, parseConfig } from '../../src/config.js';

describe('config: the HTTP interactions mode', () => {
  it('GIVEN PORT, HTTP_HOST and DISCORD_PUBLIC_KEY unset WHEN parsed THEN port 8080 on every address and no key', () => {
    const result = parseConfig({});
    expect('config' in result && result.config).toMatchObject({
      PORT: DEFAULT_HTTP_PORT,
      HTTP_HOST: '0.0.0.0',
    });
    expect('config' in result && result.config.DISCORD_PUBLIC_KEY).toBeUndefined();
  });

  it('GIVEN a port and a 64-digit hex key WHEN parsed THEN they are kept', () => {
    const key = 'aB'.repeat(32);
    const result = parseConfig({ PORT: '0', HTTP_HOST: '127.0.0.1', DISCORD_PUBLIC_KEY: key });
    expect('config' in result && result.config).toMatchObject({
      PORT: 0,
      HTTP_HOST: '127.0.0.1',
      DISCORD_PUBLIC_KEY: key,
    });
  });

  it('GIVEN a bad port and a key that is not hex WHEN parsed THEN both problems are reported at once', () => {
    const result = parseConfig({ PORT: '70000', DISCORD_PUBLIC_KEY: 'z'.repeat(64), LOG_LEVEL: 'loud' });
    expect('errors' in result && result.errors.map((e) => e.split(':')[0])).toEqual([
      'LOG_LEVEL',
      'PORT',
      'DISCORD_PUBLIC_KEY',
    ]);
  });
});
