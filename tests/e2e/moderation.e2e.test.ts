import {
  ApplicationCommandOptionType,
  ChannelType,
  InteractionResponseType,
  MessageFlags,
  PermissionFlagsBits,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageError, type NotebookRepository, type Store } from '../../src/storage/store.js';
import {
  APPLICATION_ID,
  CHANNEL_ID,
  GUILD_ID,
  PRIVATE_CHANNEL_ID,
  type DiscordStandIn,
} from '../../src/playground/discord/index.js';
import {
  callbackOf,
  dispatchClick,
  dispatchSlash,
  hasAction,
  idWith,
  PERMS,
  startBot,
  withRepository,
  type Callback,
} from './harness.js';

/** Responses that carry no message: deferrals and autocomplete results. */
const NO_MESSAGE: readonly number[] = [
  InteractionResponseType.DeferredChannelMessageWithSource,
  InteractionResponseType.DeferredMessageUpdate,
  InteractionResponseType.ApplicationCommandAutocompleteResult,
];

const S = ApplicationCommandOptionType.String;
let fake: DiscordStandIn;
let store: Store;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ fake, store, stop } = await startBot());
});
afterAll(async () => {
  await stop();
});

const followUp = async (token: string): Promise<Callback['data']> =>
  (await fake.next((r) => r.method === 'POST' && r.path === `/webhooks/${APPLICATION_ID}/${token}`))
    .body as Callback['data'];

describe('moderators: the pin log against a local fake Discord', () => {
  it('GIVEN a pinned excerpt WHEN /pins list and then /pins remove run THEN the list links to it, Discord gets DELETE on the pin route, and the log keeps it marked removed', async () => {
    const mod = '620000000000000001';
    const pin = dispatchSlash(fake, 'pin', [{ name: 'citation', type: S, value: 'sumgait-1988:4' }], {
      userId: mod,
      permissions: PERMS.moderator,
    });
    await callbackOf(fake, pin);
    await followUp(pin.token);
    const messageId = (await store.pins.list(GUILD_ID)).find(
      (p) => p.citation === 'sumgait-1988:4',
    )?.messageId;
    expect(messageId).toBeDefined();

    const list = await callbackOf(
      fake,
      dispatchSlash(fake, 'pins', [], { userId: '620000000000000002', sub: 'list' }),
    );
    expect(list.body.data?.embeds?.[0]?.description).toContain(
      `https://discord.com/channels/${GUILD_ID}/${CHANNEL_ID}/${messageId ?? ''}`,
    );
    expect(list.body.data?.flags).toBe(MessageFlags.Ephemeral);

    const start = fake.requests.length;
    const remove = dispatchSlash(
      fake,
      'pins',
      [{ name: 'citation', type: S, value: `pin:${messageId ?? ''}` }],
      {
        userId: mod,
        permissions: PERMS.moderator,
        sub: 'remove',
      },
    );
    // Deferred privately, then the answer replaces the deferral once Discord unpinned.
    expect((await callbackOf(fake, remove)).body.data?.flags).toBe(MessageFlags.Ephemeral);
    const done = await fake.next(
      (r) =>
        r.method === 'PATCH' && r.path === `/webhooks/${APPLICATION_ID}/${remove.token}/messages/@original`,
    );
    expect((done.body as Callback['data'])?.content).toBe(
      `Unpinned sumgait-1988:4 in <#${CHANNEL_ID}>. The pin log keeps the record, marked as removed.`,
    );
    const calls = fake.requests.slice(start).filter((r) => r.path.includes('/messages/pins/'));
    expect(calls.map((r) => [r.method, r.path])).toEqual([
      ['DELETE', `/channels/${CHANNEL_ID}/messages/pins/${messageId ?? ''}`],
    ]);
    const record = (await store.pins.list(GUILD_ID)).find((p) => p.messageId === messageId);
    expect(record?.removedBy).toBe(mod);
  });

  it('GIVEN a moderator with an opened passage WHEN the Pin button is clicked THEN a new public card is posted and pinned, and the private list stays', async () => {
    const mod = '620000000000000003';
    const search = await callbackOf(
      fake,
      dispatchSlash(fake, 'search', [{ name: 'query', type: S, value: 'Faradzhev' }], {
        userId: mod,
        permissions: PERMS.moderator,
      }),
    );
    const open = idWith(search.body, 'open');
    const opened = await callbackOf(
      fake,
      dispatchClick(fake, open, { userId: mod, permissions: PERMS.moderator, values: ['khojaly-1992:20'] }),
    );
    const pinButton = idWith(opened.body, 'pin');
    const start = fake.requests.length;
    const click = dispatchClick(fake, pinButton, { userId: mod, permissions: PERMS.moderator });
    // The click is acknowledged without touching the private list (6), and the
    // card is a new public message, its passage under a spoiler (warnings are on).
    expect((await callbackOf(fake, click)).body.type).toBe(InteractionResponseType.DeferredMessageUpdate);
    const card = await followUp(click.token);
    expect((card?.flags ?? 0) & MessageFlags.Ephemeral).toBe(0);
    expect(card?.embeds?.[0]?.description).toMatch(
      /^-# ⚠ Content warning: killing, mutilation\n\|\|“Women and children had been scalped/,
    );
    expect(fake.requests.some((r) => r.method === 'PATCH' && r.path.includes(click.token))).toBe(false);
    expect((await followUp(click.token))?.content).toBe('Pinned khojaly-1992:20.');
    expect(
      fake.requests.slice(start).filter((r) => r.method === 'PUT' && r.path.includes('/pins/')),
    ).toHaveLength(1);
  });

  it('GIVEN the pin log cannot be written WHEN a moderator pins THEN the pin is undone and the card withdrawn, and the moderator is told', async () => {
    // A second bot whose store refuses to log pins (the database went away mid-pin).
    const broken = await startBot((store) =>
      withRepository(store, 'pins', {
        add: () => Promise.reject(new StorageError(new Error('disk full'))),
      }),
    );
    try {
      const pin = dispatchSlash(
        broken.fake,
        'pin',
        [{ name: 'citation', type: S, value: 'sumgait-1988:9' }],
        {
          userId: '620000000000000009',
          permissions: PERMS.moderator,
        },
      );
      await callbackOf(broken.fake, pin);
      const told = await broken.fake.next(
        (r) => r.method === 'POST' && r.path === `/webhooks/${APPLICATION_ID}/${pin.token}`,
      );
      expect((told.body as Callback['data'])?.content).toContain('Nothing was lost');
      const calls = broken.fake.requests
        .filter((r) => r.path.includes('/pins/') || (r.method === 'DELETE' && r.path.includes(pin.token)))
        .map((r) => `${r.method} ${r.path.includes('/pins/') ? 'pin' : 'card'}`);
      expect(calls.slice(0, 3)).toEqual(['PUT pin', 'DELETE pin', 'DELETE card']);
    } finally {
      await broken.stop();
    }
  });

  it('GIVEN a member without Pin Messages WHEN a passage is opened THEN no Pin button is offered', async () => {
    const search = await callbackOf(
      fake,
      dispatchSlash(fake, 'search', [{ name: 'query', type: S, value: 'Faradzhev' }], {
        userId: '620000000000000004',
      }),
    );
    const open = idWith(search.body, 'open');
    const opened = await callbackOf(
      fake,
      dispatchClick(fake, open, { userId: '620000000000000004', values: ['khojaly-1992:20'] }),
    );
    expect(hasAction(opened.body, 'pin')).toBe(false);
    expect(hasAction(opened.body, 'notebookAdd')).toBe(true);
  });
});

describe('study groups: notebooks against a local fake Discord', () => {
  it('GIVEN three passages added WHEN the notebook is exported in APA THEN a markdown file is attached with the quotes verbatim, their references and notes, and a bibliography', async () => {
    const user = '630000000000000001';
    for (const [citation, note] of [
      ['sumgait-1988:3', 'Opening of the Sumgait article'],
      ['khojaly-1992:2', null],
      ['khojaly-1992:20', 'The reprinted NYT report'],
    ] as const) {
      const add = dispatchSlash(
        fake,
        'notebook',
        [
          { name: 'citation', type: S, value: citation },
          ...(note ? [{ name: 'note', type: S, value: note }] : []),
        ],
        { userId: user, sub: 'add' },
      );
      expect((await callbackOf(fake, add)).body.data?.content).toContain(`Added ${citation}`);
    }
    const exported = await callbackOf(
      fake,
      dispatchSlash(fake, 'notebook', [{ name: 'style', type: S, value: 'apa' }], {
        userId: user,
        sub: 'export',
      }),
    );
    expect(exported.body.data?.content).toContain('3 entries');
    expect(exported.files).toHaveLength(1);
    const file = exported.files[0];
    expect(file?.name).toBe('notebook-reading-apa.md');
    const text = file?.text ?? '';
    expect(text).toMatch(/^# Notebook — reading\n/);
    expect(text).toContain('The reprinted NYT report');
    expect(text).toContain('As cited in Awan, Z. A.');
    expect(text.indexOf('## Bibliography')).toBeGreaterThan(text.indexOf('khojaly-1992:20'));
    const show = await callbackOf(
      fake,
      dispatchSlash(fake, 'notebook', [], { userId: '630000000000000002', sub: 'show' }),
    );
    expect(show.body.data?.embeds?.map((e) => e.title?.split(' ')[0])).toEqual([
      'sumgait-1988:3',
      'khojaly-1992:2',
      'khojaly-1992:20',
    ]);
  });
});

describe('citations and notebook removal against a local fake Discord', () => {
  it('GIVEN /cite in MLA and the Cite button WHEN used THEN private references come back, the reprinted report quoted in the article', async () => {
    const user = '660000000000000001';
    const cite = await callbackOf(
      fake,
      dispatchSlash(
        fake,
        'cite',
        [
          { name: 'citation', type: S, value: 'khojaly-1992:20' },
          { name: 'style', type: S, value: 'mla' },
        ],
        { userId: user },
      ),
    );
    expect(cite.body.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(cite.body.data?.content).toContain('Quoted in Awan, Zamir Ahmed.');
    const search = await callbackOf(
      fake,
      dispatchSlash(fake, 'search', [{ name: 'query', type: S, value: 'Faradzhev' }], { userId: user }),
    );
    const open = idWith(search.body, 'open');
    const opened = await callbackOf(
      fake,
      dispatchClick(fake, open, { userId: user, values: ['khojaly-1992:20'] }),
    );
    const citeButton = idWith(opened.body, 'cite');
    const all = await callbackOf(fake, dispatchClick(fake, citeButton, { userId: user }));
    expect(all.body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(all.body.data?.flags).toBe(MessageFlags.Ephemeral);
    for (const style of ['APA', 'MLA', 'Chicago']) expect(all.body.data?.content).toContain(style);
  });

  it('GIVEN an entry added by one member WHEN another removes it THEN they are refused by name; WHEN its author removes it THEN it is gone', async () => {
    const author = '660000000000000002';
    const other = '660000000000000003';
    await callbackOf(
      fake,
      dispatchSlash(fake, 'notebook', [{ name: 'citation', type: S, value: 'sumgait-1988:12' }], {
        userId: author,
        sub: 'add',
      }),
    );
    const remove = (userId: string): Promise<{ body: Callback }> =>
      callbackOf(
        fake,
        dispatchSlash(fake, 'notebook', [{ name: 'citation', type: S, value: 'sumgait-1988:12' }], {
          userId,
          sub: 'remove',
        }),
      );
    expect((await remove(other)).body.data?.content).toBe(
      'You need the Manage Messages permission for this.',
    );
    expect((await remove(author)).body.data?.content).toBe(
      "Removed sumgait-1988:12 from this channel's notebook.",
    );
    expect(
      (await store.notebooks.list(`${GUILD_ID}:${CHANNEL_ID}`)).some((e) => e.citation === 'sumgait-1988:12'),
    ).toBe(false);
  });
});

describe('a slow button', () => {
  it('GIVEN storage slower than Discord allows WHEN Add to notebook is clicked THEN the click is deferred and the answer comes as a private follow-up, leaving the clicked message alone', async () => {
    const slow = await startBot((store) =>
      withRepository(store, 'notebooks', {
        add: async (...args: Parameters<NotebookRepository['add']>) => {
          await new Promise((r) => setTimeout(r, 2000));
          return store.notebooks.add(...args);
        },
      }),
    );
    try {
      const user = '650000000000000001';
      const search = await callbackOf(
        slow.fake,
        dispatchSlash(slow.fake, 'search', [{ name: 'query', type: S, value: 'Faradzhev' }], {
          userId: user,
        }),
      );
      const open = idWith(search.body, 'open');
      const opened = await callbackOf(
        slow.fake,
        dispatchClick(slow.fake, open, { userId: user, values: ['khojaly-1992:20'] }),
      );
      const add = idWith(opened.body, 'notebookAdd');
      const click = dispatchClick(slow.fake, add, { userId: user });
      expect((await callbackOf(slow.fake, click)).body.type).toBe(
        InteractionResponseType.DeferredMessageUpdate,
      );
      const answer = await slow.fake.next(
        (r) => r.method === 'POST' && r.path === `/webhooks/${APPLICATION_ID}/${click.token}`,
      );
      expect((answer.body as Callback['data'])?.content).toContain('Added khojaly-1992:20');
      expect(((answer.body as Callback['data'])?.flags ?? 0) & MessageFlags.Ephemeral).toBe(
        MessageFlags.Ephemeral,
      );
      expect(slow.fake.requests.some((r) => r.method === 'PATCH' && r.path.includes(click.token))).toBe(
        false,
      );
    } finally {
      await slow.stop();
    }
  }, 20_000);
});

describe('content warnings against a local fake Discord', () => {
  it('GIVEN a marked passage WHEN quoted publicly THEN it is under a spoiler with a warning line; WHEN the server turns warnings off THEN it is not', async () => {
    const quote = async (): Promise<string> =>
      (
        await callbackOf(
          fake,
          dispatchSlash(fake, 'quote', [{ name: 'citation', type: S, value: 'khojaly-1992:20' }], {
            userId: '640000000000000001',
          }),
        )
      ).body.data?.embeds?.[0]?.description ?? '';
    const on = await quote();
    expect(on).toMatch(/^-# ⚠ Content warning: .*mutilation.*\n\|\|[\s\S]*scalped[\s\S]*\|\|$/);
    const admin = dispatchSlash(fake, 'settings', [{ name: 'content-warnings', type: S, value: 'off' }], {
      userId: '640000000000000002',
      permissions: PERMS.member | PermissionFlagsBits.ManageGuild,
    });
    expect((await callbackOf(fake, admin)).body.data?.content).toContain('off');
    const off = await quote();
    expect(off).not.toContain('||');
    expect(off).not.toContain('Content warning');
  });
});

describe('every payload of these features', () => {
  it('GIVEN a pin with a note in a private channel WHEN members list the log THEN channel-level Pin Messages sees neither it nor its name; Manage Server from a role sees it', async () => {
    const C = ApplicationCommandOptionType.Channel;
    await store.pins.add({
      guildId: GUILD_ID,
      channelId: PRIVATE_CHANNEL_ID,
      messageId: '300000000000009001',
      citation: 'khojaly-1992:5',
      pinnedBy: '620000000000000001',
      pinnedAt: Date.now(),
      note: 'staff-only note',
    });
    const staff = (permissions: bigint): Record<string, unknown> => ({
      channels: {
        [PRIVATE_CHANNEL_ID]: {
          id: PRIVATE_CHANNEL_ID,
          type: ChannelType.GuildText,
          name: 'staff',
          permissions: String(permissions),
        },
      },
    });
    const option = [{ name: 'channel', type: C, value: PRIVATE_CHANNEL_ID }];
    // Pin Messages through this channel's override; Discord says the member cannot view #staff.
    const hidden = await callbackOf(
      fake,
      dispatchSlash(fake, 'pins', option, {
        userId: '620000000000000021',
        permissions: PERMS.moderator,
        sub: 'list',
        resolved: staff(0n),
      }),
    );
    expect(hidden.body.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(hidden.body.data?.content).toBe('You can see the pin log only for channels you can view.');
    const server = await callbackOf(
      fake,
      dispatchSlash(fake, 'pins', [], {
        userId: '620000000000000021',
        permissions: PERMS.moderator,
        sub: 'list',
      }),
    );
    expect(JSON.stringify(server.body)).not.toContain('staff-only note');
    expect(JSON.stringify(server.body)).not.toContain(PRIVATE_CHANNEL_ID);
    // Manage Server comes from a role in the server, not from the channel.
    const manager = await callbackOf(
      fake,
      dispatchSlash(fake, 'pins', [], {
        userId: '620000000000000022',
        permissions: PERMS.member | PermissionFlagsBits.ManageGuild,
        sub: 'list',
      }),
    );
    expect(manager.body.data?.embeds?.[0]?.description).toContain('staff-only note');
  });

  it('GIVEN a member who cannot post in a channel or a thread WHEN they /quote or search publicly THEN the answer is private and says why', async () => {
    const quote = [{ name: 'citation', type: S, value: 'sumgait-1988:3' }];
    const readOnly = await callbackOf(
      fake,
      dispatchSlash(fake, 'quote', quote, {
        userId: '620000000000000031',
        permissions: PermissionFlagsBits.ViewChannel,
      }),
    );
    expect(readOnly.body.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(readOnly.body.data?.content).toContain(
      'posting in this channel needs the Send Messages permission',
    );
    expect(readOnly.body.data?.embeds?.[0]?.description).toContain('The Sumgait massacre lasted three days');
    const thread = await callbackOf(
      fake,
      dispatchSlash(
        fake,
        'search',
        [
          { name: 'query', type: S, value: 'Karabakh' },
          { name: 'public', type: ApplicationCommandOptionType.Boolean, value: true },
        ],
        { userId: '620000000000000032', permissions: PERMS.member, inThread: true },
      ),
    );
    expect(thread.body.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(thread.body.data?.content).toContain('Send Messages in Threads');
  });

  it('GIVEN all the requests the bot sent above WHEN inspected THEN none allows a mention', () => {
    const payloads = fake.requests
      .filter((r) => r.method === 'POST' || r.method === 'PATCH')
      .flatMap((r) => {
        const body = r.body as (Callback & { allowed_mentions?: unknown }) | null;
        if (!body) return [];
        if ('type' in body && typeof body.type === 'number')
          return body.data && !NO_MESSAGE.includes(body.type) ? [body.data] : [];
        return [body as NonNullable<Callback['data']>];
      });
    expect(payloads.length).toBeGreaterThan(10);
    for (const p of payloads) expect(p.allowed_mentions).toEqual({ parse: [] });
  });
});
