import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';

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
});
