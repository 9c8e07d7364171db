import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionType,
  MessageFlags,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTranslations, type Translations } from '../../src/i18n/index.js';
import { interactionBase, type DiscordStandIn } from '../../src/playground/discord/index.js';
import { callbackOf, PERMS, startBot, type Callback } from './harness.js';

let fake: DiscordStandIn;
let stop: () => Promise<void>;
let translations: Translations;
beforeAll(async () => {
  ({ fake, stop } = await startBot());
  translations = await createTranslations();
});
afterAll(async () => {
  await stop();
});

/** A slash command from a Russian Discord client, and the bot's answer as the stand-in recorded it. */
async function fromRussianClient(name: string, options: unknown[], permissions: bigint): Promise<Callback> {
  const base = interactionBase({
    userId: '640000000000000001',
    locale: 'ru',
    permissions,
    appPermissions: PERMS.bot,
  });
  fake.dispatchInteraction({
    ...base,
    type: InteractionType.ApplicationCommand,
    data: { id: '700000000000000009', name, type: ApplicationCommandType.ChatInput, options },
  });
  return (await callbackOf(fake, { id: String(base['id']), token: String(base['token']) })).body;
}

describe('a Russian client, as the stand-in records the bot’s answers', () => {
  it('GIVEN /поиск запрос:Карабах WHEN answered THEN the summary and the attribution labels are Russian, the passages verbatim', async () => {
    const reply = await fromRussianClient(
      'search',
      [{ name: 'query', type: ApplicationCommandOptionType.String, value: 'Карабах' }],
      PERMS.member,
    );
    const t = translations.t('ru');
    expect(reply.data?.content?.split('\n')[0]).toBe(t('search.title', { query: 'Карабах' }));
    expect(reply.data?.embeds?.[0]?.fields?.[0]?.name).toBe(t('attribution.citation'));
    expect(reply.data?.embeds?.[0]?.description).toMatch(/Karabakh/);
  });

  it('GIVEN a member without Pin Messages WHEN they /закрепить THEN the refusal names the permission as Discord’s Russian client does', async () => {
    const reply = await fromRussianClient(
      'pin',
      [{ name: 'citation', type: ApplicationCommandOptionType.String, value: 'sumgait-1988:3' }],
      PERMS.member,
    );
    expect(reply.data?.flags).toBe(MessageFlags.Ephemeral);
    const t = translations.t('ru');
    expect(reply.data?.content).toBe(
      t('errors.missingUserPermission', { permission: t('permission.PinMessages') }),
    );
    expect(reply.data?.content).not.toMatch(/Pin Messages/);
  });

  it('GIVEN /помощь WHEN answered THEN every command it names is the name the Russian client shows', async () => {
    const reply = await fromRussianClient('help', [], PERMS.member);
    const list = reply.data?.embeds?.[0]?.description ?? '';
    expect(list).toContain(translations.command('ru', 'search'));
    expect(list).toContain(translations.command('ru', 'pins remove'));
    expect(list).not.toMatch(/\/(search|quote|pins|notebook|settings)\b/);
  });
});
