import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTranslations } from '../../src/i18n/index.js';
import { interactionBase, type DiscordStandIn } from '../../src/playground/discord/index.js';
import { callbackOf, dispatchClick, dispatchSlash, PERMS, startBot, type Callback } from './harness.js';

let fake: DiscordStandIn;
let stop: () => Promise<void>;
let outdated: string;

beforeAll(async () => {
  ({ fake, stop } = await startBot());
  outdated = (await createTranslations()).t('en')('errors.outdated');
});
afterAll(async () => {
  await stop();
});

const USER = '660000000000000001';

function expectPrivateNotice(body: Callback): void {
  expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
  expect((body.data?.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
  expect(body.data?.content).toBe(outdated);
  expect(body.data?.allowed_mentions).toEqual({ parse: [] });
}

describe('no interaction goes unanswered, against a local fake Discord', () => {
  it.each(['rr:zz:whatever', 'rr:p:abc', 'rr:post:abc:sumgait-1988', 'not-ours'])(
    'GIVEN a button whose custom id %j the bot does not know WHEN clicked THEN the user is told privately that it no longer works',
    async (customId) => {
      const { body } = await callbackOf(fake, dispatchClick(fake, customId, { userId: USER }));
      expectPrivateNotice(body);
    },
  );

  it('GIVEN a slash command this version does not have WHEN run THEN the user gets a private reply, not silence', async () => {
    const { body } = await callbackOf(fake, dispatchSlash(fake, 'no-such-command', [], { userId: USER }));
    expectPrivateNotice(body);
  });

  it('GIVEN an autocomplete for a command this version does not have WHEN typed THEN an empty choice list comes back', async () => {
    const base = interactionBase({
      userId: USER,
      locale: 'en-US',
      permissions: PERMS.member,
      appPermissions: PERMS.bot,
    });
    fake.dispatchInteraction({
      ...base,
      type: InteractionType.ApplicationCommandAutocomplete,
      data: {
        id: '700000000000000019',
        name: 'no-such-command',
        type: ApplicationCommandType.ChatInput,
        options: [{ name: 'x', type: ApplicationCommandOptionType.String, value: 'a', focused: true }],
      },
    });
    const { body } = await callbackOf(fake, { id: String(base['id']), token: String(base['token']) });
    expect(body.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    expect(body.data?.choices).toEqual([]);
  });
});
