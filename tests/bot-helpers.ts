import { pino } from 'pino';
import { PostCooldown } from '../src/bot/cooldown.js';
import { expect } from 'vitest';
import { embedLength, LIMITS } from '../src/bot/render.js';
import type { BotContext, Payload, Response } from '../src/bot/types.js';
import { createTranslations } from '../src/i18n/index.js';
import { openStore } from '../src/storage/store.js';
import { bundledRoom, tempDir } from './helpers.js';

/** What handlers get in production: the bundled library, the real locales, a fresh SQLite store. */
export async function testContext(): Promise<BotContext> {
  return {
    room: bundledRoom(),
    translations: await createTranslations(),
    store: await openStore(undefined, tempDir()),
    log: pino({ level: 'silent' }),
    cooldown: new PostCooldown(),
  };
}

/** The message of a handler's response; fails the test for choices or an unpin. */
export function payloadOf(r: Response): Payload {
  if (r.kind === 'choices' || r.kind === 'unpin') throw new Error('not a message');
  return r.payload;
}

/** Every limit and safety rule a payload must keep, whatever it says. */
export function expectSafe(p: Payload): void {
  expect(p.allowedMentions.parse).toEqual([]);
  expect((p.content ?? '').length).toBeLessThanOrEqual(LIMITS.content);
  expect((p.embeds ?? []).reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(LIMITS.embedsTotal);
  expect((p.components ?? []).length).toBeLessThanOrEqual(LIMITS.rows);
  for (const row of p.components ?? []) {
    for (const c of row.components)
      if ('custom_id' in c) expect(c.custom_id.length).toBeLessThanOrEqual(LIMITS.customId);
  }
}

/** Every custom id of a payload's components. */
export const customIds = (p: Payload): string[] =>
  (p.components ?? []).flatMap((row) =>
    row.components.flatMap((c) => ('custom_id' in c ? [c.custom_id] : [])),
  );
