import { InteractionResponseType, MessageFlags, REST, RESTJSONErrorCodes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserFacingError, type Payload } from '../../src/bot/types.js';
import { HttpAnswer, type InitialResponse } from '../../src/http/answer.js';
import { startFakeRest, type FakeRest } from './fake-rest.js';

const APP = '100000000000000001';
let rest: FakeRest;
let client: REST;

beforeAll(async () => {
  rest = await startFakeRest();
  client = new REST({ api: rest.api, retries: 0 }).setToken('test-bot-token');
});
afterAll(async () => {
  await rest.close();
});

let n = 0;
/** An answer to a fresh interaction, and what went in its HTTP response body. */
function answer(component = false): {
  a: HttpAnswer;
  bodies: InitialResponse[];
  token: string;
  calls: () => string[];
} {
  const token = `token-${String(++n)}`;
  const bodies: InitialResponse[] = [];
  const a = new HttpAnswer({
    rest: client,
    applicationId: APP,
    token,
    component,
    respond: (body) => {
      bodies.push(body);
      return Promise.resolve();
    },
  });
  const calls = (): string[] =>
    rest.calls
      .filter((c) => c.path.includes(`/${token}`))
      .map((c) => `${c.method} ${c.path.replace(`/webhooks/${APP}/${token}`, '')}`);
  return { a, bodies, token, calls };
}

const card: Payload = { embeds: [{ description: 'a card' }], allowedMentions: { parse: [] } };
const note = (content: string): Payload => ({ content, allowedMentions: { parse: [] } });

describe('HttpAnswer', () => {
  it('GIVEN a deferral Discord has not made yet WHEN the answer edits it THEN the edit that came too soon (Unknown Message) is tried again and lands once', async () => {
    const { a, calls, token } = answer();
    await a.defer({ ephemeral: true });
    rest.failNext(
      (c) => c.method === 'PATCH' && c.path.includes(`/${token}/messages/@original`),
      404,
      RESTJSONErrorCodes.UnknownMessage,
    );
    await a.send({ kind: 'reply', payload: note('first'), ephemeral: true });
    expect(calls()).toEqual(['PATCH /messages/@original', 'PATCH /messages/@original']);
  });

  it('GIVEN a click deferred in the body WHEN its follow-up reaches Discord before the webhook exists (Unknown Webhook) THEN it is tried again and posted once', async () => {
    const { a, calls, token } = answer(true);
    rest.failNext(
      (c) => c.method === 'POST' && c.path === `/webhooks/${APP}/${token}`,
      404,
      RESTJSONErrorCodes.UnknownWebhook,
    );
    const posted = await a.post(card);
    expect(calls()).toEqual(['POST ', 'POST ']);
    expect(posted.id).toMatch(/^\d+$/);
  });

  it('GIVEN a command not yet answered WHEN a handler posts THEN the body is the public message and its id is asked of Discord; withdrawing deletes it', async () => {
    const { a, bodies, calls } = answer();
    const posted = await a.post(card);
    expect(bodies).toEqual([
      {
        type: InteractionResponseType.ChannelMessageWithSource,
        data: { embeds: [{ description: 'a card' }], components: [], allowed_mentions: { parse: [] } },
      },
    ]);
    expect(posted.id).toMatch(/^\d+$/);
    expect(calls()).toEqual(['GET /messages/@original']);
    await posted.withdraw();
    expect(calls()).toEqual(['GET /messages/@original', 'DELETE /messages/@original']);
  });

  it('GIVEN a click not yet answered WHEN a handler posts THEN the click is deferred as an update and the message is a public follow-up', async () => {
    const { a, bodies, calls, token } = answer(true);
    await a.post(card);
    expect(bodies).toEqual([{ type: InteractionResponseType.DeferredMessageUpdate }]);
    expect(calls()).toEqual(['POST ']);
    const followUp = rest.calls.find((c) => c.path === `/webhooks/${APP}/${token}`);
    expect(followUp?.body).not.toHaveProperty('flags');
  });

  it('GIVEN a public deferral WHEN the answer is private THEN the deferral is deleted and the answer follows privately, never edited in', async () => {
    const { a, bodies, calls, token } = answer();
    await a.defer({ ephemeral: false });
    await a.send({ kind: 'reply', payload: note('only you'), ephemeral: true });
    expect(bodies).toEqual([{ type: InteractionResponseType.DeferredChannelMessageWithSource }]);
    expect(calls()).toEqual(['DELETE /messages/@original', 'POST ']);
    const followUp = rest.calls.find((c) => c.path === `/webhooks/${APP}/${token}`);
    expect(followUp?.body).toMatchObject({ content: 'only you', flags: MessageFlags.Ephemeral });
  });

  it('GIVEN a private deferral WHEN the private answer comes THEN the deferral is edited into it', async () => {
    const { a, bodies, calls } = answer();
    await a.defer({ ephemeral: true });
    await a.send({ kind: 'reply', payload: note('done'), ephemeral: true });
    expect(bodies).toEqual([
      {
        type: InteractionResponseType.DeferredChannelMessageWithSource,
        data: { flags: MessageFlags.Ephemeral },
      },
    ]);
    expect(calls()).toEqual(['PATCH /messages/@original']);
  });

  it('GIVEN a deferred click WHEN its update comes THEN the clicked message is edited', async () => {
    const { a, bodies, calls, token } = answer(true);
    await a.defer({ ephemeral: true });
    await a.send({ kind: 'update', payload: card });
    expect(bodies).toEqual([{ type: InteractionResponseType.DeferredMessageUpdate }]);
    expect(calls()).toEqual(['PATCH /messages/@original']);
    // Replacing a message without text clears the old text.
    expect(rest.calls.find((c) => c.path.includes(token))?.body).toMatchObject({ content: '' });
  });

  it('GIVEN a private reply with a file WHEN sent first THEN the body defers privately and the file goes as a multipart edit', async () => {
    const { a, bodies, calls, token } = answer();
    const files = [{ name: 'notebook.md', data: Buffer.from('# Notebook\n') }];
    await a.send({ kind: 'reply', payload: { ...note('your notebook'), files }, ephemeral: true });
    expect(bodies).toEqual([
      {
        type: InteractionResponseType.DeferredChannelMessageWithSource,
        data: { flags: MessageFlags.Ephemeral },
      },
    ]);
    expect(calls()).toEqual(['PATCH /messages/@original']);
    const edit = rest.calls.find((c) => c.path.includes(token));
    expect(edit?.files).toEqual(['notebook.md']);
    expect(edit?.body).toMatchObject({
      content: 'your notebook',
      attachments: [{ id: 0, filename: 'notebook.md' }],
      allowed_mentions: { parse: [] },
    });
  });

  it('GIVEN a post response WHEN sent first THEN the body is the public message and the confirmation a private follow-up', async () => {
    const { a, bodies, calls, token } = answer();
    await a.send({ kind: 'post', payload: card, confirmation: note('posted') });
    expect(bodies[0]?.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(bodies[0]).not.toHaveProperty('data.flags');
    expect(calls()).toEqual(['POST ']);
    expect(rest.calls.find((c) => c.path === `/webhooks/${APP}/${token}`)?.body).toMatchObject({
      flags: MessageFlags.Ephemeral,
    });
  });

  it.each([
    [RESTJSONErrorCodes.MissingPermissions, 403, 'PinMessages'],
    [RESTJSONErrorCodes.MissingAccess, 403, 'ViewChannel'],
  ])(
    'GIVEN Discord refuses an unpin with %i WHEN unpinning THEN the missing right is named',
    async (code, status, permission) => {
      const { a } = answer();
      rest.failNext((c) => c.method === 'DELETE' && c.path === '/channels/11/messages/pins/22', status, code);
      const error = await a.unpin('11', '22').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserFacingError);
      expect(error).toMatchObject({ code: 'missingBotPermission', args: { permission } });
    },
  );

  it.each([RESTJSONErrorCodes.UnknownMessage, RESTJSONErrorCodes.UnknownChannel])(
    'GIVEN the message or channel is gone (%i) WHEN unpinning THEN "gone"',
    async (code) => {
      const { a } = answer();
      rest.failNext((c) => c.method === 'DELETE' && c.path === '/channels/11/messages/pins/23', 404, code);
      expect(await a.unpin('11', '23')).toBe('gone');
      expect(await a.unpin('11', '23')).toBe('unpinned');
    },
  );
});
