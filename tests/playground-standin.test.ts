import { PermissionFlagsBits } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  APPLICATION_ID,
  BOT_PERMISSIONS,
  CHANNEL_ID,
  DiscordStandIn,
  interactionBase,
  type StandInOptions,
} from '../src/playground/discord/index.js';
import { upgradeRefusal } from './playground-helpers.js';

// The stand-in alone, answering REST as Discord would; no bot connected, so
// each test plays the bot's part with plain HTTP requests.

let standIn: DiscordStandIn;

async function start(options: StandInOptions = {}): Promise<void> {
  standIn = new DiscordStandIn(options);
  await standIn.listen();
}
beforeEach(async () => {
  await start();
});
afterEach(async () => {
  await standIn.close();
});

/** An interaction as if dispatched to the bot: a slash command from an ordinary member. */
function dispatched(type = 2): { id: string; token: string } {
  const base = interactionBase({
    userId: '600000000000000101',
    locale: 'en-US',
    permissions: PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel,
    appPermissions: BOT_PERMISSIONS,
  });
  standIn.dispatchInteraction({
    ...base,
    type,
    data: { id: '700000000000000001', name: 'help', type: 1, options: [] },
  });
  return { id: String(base['id']), token: String(base['token']) };
}

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = { Authorization: 'Bot test-token' },
): Promise<{
  status: number;
  json: { code?: number; errors?: unknown; id?: string } & Record<string, unknown>;
}> {
  const res = await fetch(`${standIn.apiUrl}/v10${path}`, {
    method,
    headers: { ...headers, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

const callback = (i: { id: string; token: string }, body: unknown) =>
  call('POST', `/interactions/${i.id}/${i.token}/callback`, body);

const long = (n: number): string => 'x'.repeat(n);

describe('the Discord stand-in: acknowledgements', () => {
  it('GIVEN an interaction answered once WHEN a second callback comes THEN it is refused with 400 and code 40060, and the first reply stands', async () => {
    const i = dispatched();
    expect((await callback(i, { type: 4, data: { content: 'first' } })).status).toBe(204);
    const second = await callback(i, { type: 4, data: { content: 'second' } });
    expect(second.status).toBe(400);
    expect(second.json.code).toBe(40060);
    expect(standIn.messages.all().map((m) => m.content)).toEqual(['first']);
  });

  it('GIVEN an interaction whose window has closed WHEN the bot answers THEN Discord no longer knows it: 404 and code 10062', async () => {
    await standIn.close();
    await start({ ackWindowMs: 50 });
    const i = dispatched();
    await new Promise((resolve) => setTimeout(resolve, 120));
    const late = await callback(i, { type: 4, data: { content: 'too late' } });
    expect(late.status).toBe(404);
    expect(late.json.code).toBe(10062);
    expect(standIn.messages.all()).toEqual([]);
    // …and a follow-up has no webhook to go to.
    expect((await call('POST', `/webhooks/${APPLICATION_ID}/${i.token}`, { content: 'x' })).json.code).toBe(
      10015,
    );
  });

  it('GIVEN a callback type the interaction does not take WHEN sent THEN it is refused with 50035 and the interaction stays open', async () => {
    const i = dispatched();
    const wrong = await callback(i, { type: 7, data: { content: 'update of what?' } });
    expect(wrong.status).toBe(400);
    expect(wrong.json.code).toBe(50035);
    expect((await callback(i, { type: 4, data: { content: 'ok' } })).status).toBe(204);
  });

  it('GIVEN a deferral WHEN the first follow-up comes THEN it replaces the "thinking…" message in place; a later one is a new message', async () => {
    const i = dispatched();
    await callback(i, { type: 5, data: { flags: 64 } });
    const [thinking] = standIn.messages.all();
    expect(thinking?.flags).toBe(64 | 128);
    const first = await call('POST', `/webhooks/${APPLICATION_ID}/${i.token}`, { content: 'done' });
    expect(first.json.id).toBe(thinking?.id);
    expect(standIn.messages.get(thinking?.id ?? '')).toMatchObject({ content: 'done', flags: 64 });
    const second = await call('POST', `/webhooks/${APPLICATION_ID}/${i.token}`, { content: 'more' });
    expect(second.json.id).not.toBe(thinking?.id);
    const original = await call('GET', `/webhooks/${APPLICATION_ID}/${i.token}/messages/@original`);
    expect(original.json['content']).toBe('done');
  });
});

describe('the Discord stand-in: size limits', () => {
  const field = (name: string, value: string) => ({ name, value });
  it.each([
    ['content over 2,000 characters', { content: long(2001) }, 'data.content'],
    [
      'an embed description over 4,096',
      { embeds: [{ description: long(4097) }] },
      'data.embeds.0.description',
    ],
    [
      'more than 10 embeds',
      { embeds: Array.from({ length: 11 }, () => ({ description: 'x' })) },
      'data.embeds',
    ],
    [
      'embeds over 6,000 characters in all',
      { embeds: [{ description: long(4000) }, { description: long(1500), fields: [field('a', long(600))] }] },
      'data.embeds',
    ],
    [
      'a custom_id over 100',
      { components: [{ type: 1, components: [{ type: 2, style: 1, label: 'a', custom_id: long(101) }] }] },
      'data.components.0.components.0.custom_id',
    ],
    [
      'more than 5 rows',
      {
        components: Array.from({ length: 6 }, (_, r) => ({
          type: 1,
          components: [{ type: 2, style: 1, label: 'a', custom_id: `b${r}` }],
        })),
      },
      'data.components',
    ],
  ])(
    'GIVEN a reply with %s WHEN sent THEN Discord refuses it with 400 and code 50035 at its field',
    async (_what, data, path) => {
      const i = dispatched();
      const refused = await callback(i, { type: 4, data });
      expect(refused.status).toBe(400);
      expect(refused.json.code).toBe(50035);
      let node: unknown = refused.json.errors;
      for (const key of path.split('.')) node = (node as Record<string, unknown>)[key];
      expect((node as { _errors: { code: string }[] })._errors[0]?.code).toMatch(
        /^(BASE_TYPE_MAX_LENGTH|MAX_EMBED_SIZE_EXCEEDED)$/,
      );
      // A refused reply acknowledges nothing: a good one still can.
      expect((await callback(i, { type: 4, data: { content: 'fits' } })).status).toBe(204);
    },
  );

  it('GIVEN 26 autocomplete choices WHEN sent THEN they are refused with 50035', async () => {
    const i = dispatched(4);
    const choices = Array.from({ length: 26 }, (_, n) => ({ name: `c${n}`, value: `c${n}` }));
    const refused = await callback(i, { type: 8, data: { choices } });
    expect(refused.status).toBe(400);
    expect(refused.json.code).toBe(50035);
    expect((await callback(i, { type: 8, data: { choices: choices.slice(0, 25) } })).status).toBe(204);
  });

  it('GIVEN an edit of the reply with content over 2,000 WHEN sent THEN it is refused and the reply is unchanged', async () => {
    const i = dispatched();
    await callback(i, { type: 4, data: { content: 'short' } });
    const edit = await call('PATCH', `/webhooks/${APPLICATION_ID}/${i.token}/messages/@original`, {
      content: long(2001),
    });
    expect(edit.json.code).toBe(50035);
    expect(standIn.messages.all()[0]?.content).toBe('short');
  });
});

describe('the Discord stand-in: pins and files', () => {
  it('GIVEN a channel with 250 pinned messages WHEN one more is pinned THEN Discord refuses with 30003; an unpin makes room', async () => {
    const ids: string[] = [];
    for (let n = 0; n <= 250; n++) {
      const posted = await call('POST', `/channels/${CHANNEL_ID}/messages`, { content: `m${n}` });
      ids.push(String(posted.json.id));
    }
    for (const id of ids.slice(0, 250))
      expect((await call('PUT', `/channels/${CHANNEL_ID}/messages/pins/${id}`)).status).toBe(204);
    const full = await call('PUT', `/channels/${CHANNEL_ID}/messages/pins/${ids[250] ?? ''}`);
    expect(full.status).toBe(400);
    expect(full.json.code).toBe(30003);
    expect((await call('DELETE', `/channels/${CHANNEL_ID}/messages/pins/${ids[0] ?? ''}`)).status).toBe(204);
    expect((await call('PUT', `/channels/${CHANNEL_ID}/messages/pins/${ids[250] ?? ''}`)).status).toBe(204);
    const listed = await call('GET', `/channels/${CHANNEL_ID}/messages/pins?limit=2`);
    expect(listed.json['has_more']).toBe(true);
    expect((listed.json['items'] as { message: { id: string } }[])[0]?.message.id).toBe(ids[250]);
  });

  it('GIVEN a reply with a file WHEN it is uploaded as multipart THEN the message carries it and it downloads from its URL', async () => {
    const i = dispatched();
    const form = new FormData();
    form.append(
      'payload_json',
      JSON.stringify({
        type: 4,
        data: { content: 'export', attachments: [{ id: 0, filename: 'notes.md' }] },
      }),
    );
    form.append('files[0]', new Blob(['# Notebook — Ходжалы\n']), 'notes.md');
    const res = await fetch(`${standIn.apiUrl}/v10/interactions/${i.id}/${i.token}/callback`, {
      method: 'POST',
      body: form,
    });
    expect(res.status).toBe(204);
    const original = await call('GET', `/webhooks/${APPLICATION_ID}/${i.token}/messages/@original`);
    const [file] = original.json['attachments'] as { filename: string; url: string }[];
    expect(file?.filename).toBe('notes.md');
    const download = await fetch(file?.url ?? '');
    expect(download.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(await download.text()).toBe('# Notebook — Ходжалы\n');
  });

  it('GIVEN a command registration Discord would refuse WHEN put THEN it is refused with 50035 and the commands stay as they were', async () => {
    const good = await call('PUT', `/applications/${APPLICATION_ID}/commands`, [
      { name: 'help', description: 'Help' },
    ]);
    expect(good.status).toBe(200);
    const bad = await call('PUT', `/applications/${APPLICATION_ID}/commands`, [
      { name: 'Help Me', description: 'x' },
    ]);
    expect(bad.json.code).toBe(50035);
    expect(standIn.commands.available().map((c) => c.name)).toEqual(['help']);
  });
});

describe('the Discord stand-in: who may call it', () => {
  it('GIVEN a request without the bot token WHEN it asks for a bot route THEN it gets 401, while interaction routes take their token in the path', async () => {
    expect((await call('POST', `/channels/${CHANNEL_ID}/messages`, { content: 'x' }, {})).status).toBe(401);
    const i = dispatched();
    expect(
      (
        await call(
          'POST',
          `/interactions/${i.id}/${i.token}/callback`,
          { type: 4, data: { content: 'x' } },
          {},
        )
      ).status,
    ).toBe(204);
  });

  it('GIVEN a web page in the browser WHEN it posts to the stand-in or opens its gateway THEN it is refused, and nothing is recorded', async () => {
    const posted = await call(
      'POST',
      `/channels/${CHANNEL_ID}/messages`,
      { content: 'x' },
      {
        Authorization: 'Bot stolen',
        Origin: 'http://evil.example',
      },
    );
    expect(posted.status).toBe(403);
    expect(standIn.requests).toEqual([]);
    expect(await upgradeRefusal(standIn.gatewayUrl, { origin: 'http://evil.example' })).toBe(401);
    expect(await upgradeRefusal(standIn.gatewayUrl, {})).toBeNull();
  });
});
