import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  InteractionType,
  PermissionFlagsBits,
  PermissionsBitField,
  REST,
} from 'discord.js';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotContext } from '../../src/bot/types.js';
import { ServerPermissions } from '../../src/http/server-permissions.js';
import type { InteractionsServer } from '../../src/http/server.js';
import { testContext } from '../bot-helpers.js';
import { startFakeRest, type FakeRest } from './fake-rest.js';
import { listenEndpoint } from './endpoint.js';
import { APP, newSigner } from './signer.js';

// HTTP mode: Discord sends a member's permissions in the channel only, so who
// may read the whole server's pin log comes from the server's roles, fetched.

const signer = newSigner();
const MEMBER = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages;
const ROLE_MANAGERS = '400000000000000001';
const ROLE_READERS = '400000000000000002';
const GUILD = '400000000000000010';
const OWNER = '400000000000000020';
const [HERE, ELSEWHERE] = ['400000000000000030', '400000000000000031'];

let ctx: BotContext;
let rest: FakeRest;
let endpoint: InteractionsServer;
let url: string;

beforeAll(async () => {
  ctx = await testContext();
  rest = await startFakeRest();
  rest.setGuild(GUILD, {
    ownerId: OWNER,
    roles: { [GUILD]: MEMBER, [ROLE_MANAGERS]: PermissionFlagsBits.ManageGuild, [ROLE_READERS]: 0n },
  });
  ({ endpoint, url } = await listenEndpoint(ctx, signer.publicKeyHex, rest.api));
  // One pin in this channel and one in another.
  for (const [channelId, citation, messageId] of [
    [HERE, 'sumgait-1988:1', '400000000000000040'],
    [ELSEWHERE, 'khojaly-1992:2', '400000000000000041'],
  ] as const)
    await ctx.store.pins.add({
      guildId: GUILD,
      channelId,
      messageId,
      citation,
      pinnedBy: OWNER,
      pinnedAt: 1,
      note: null,
    });
});

afterAll(async () => {
  await endpoint.close();
  await ctx.store.close();
  await rest.close();
});

let n = 0;
/** `/pins list` by `userId` with `roles`, in the channel HERE of `guildId`; the answer's JSON. */
async function pinsList(userId: string, roles: string[], guildId = GUILD): Promise<string> {
  const body = JSON.stringify({
    id: String(500000000000000000n + BigInt(++n)),
    application_id: APP,
    type: InteractionType.ApplicationCommand,
    token: `token-${String(n)}`,
    version: 1,
    guild_id: guildId,
    channel_id: HERE,
    channel: { id: HERE, type: ChannelType.GuildText, name: 'reading-room' },
    member: { user: { id: userId, username: 'member' }, permissions: String(MEMBER), roles },
    app_permissions: String(MEMBER | PermissionFlagsBits.EmbedLinks),
    locale: 'en-US',
    data: {
      id: '400000000000000099',
      name: 'pins',
      type: ApplicationCommandType.ChatInput,
      options: [{ name: 'list', type: ApplicationCommandOptionType.Subcommand, options: [] }],
    },
  });
  const res = await fetch(`${url}/interactions`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...signer.headers(body) },
  });
  expect(res.status).toBe(200);
  return JSON.stringify(await res.json());
}

describe('HTTP mode: server-wide permissions for the pin log', () => {
  it('GIVEN a member whose role grants Manage Server (Discord’s channel permissions say nothing of it) WHEN they ask for the pin log THEN they see every channel’s pins', async () => {
    const shown = await pinsList('400000000000000050', [ROLE_MANAGERS]);
    expect(shown).toContain('sumgait-1988:1');
    expect(shown).toContain('khojaly-1992:2');
  });

  it('GIVEN a member without that right WHEN they ask THEN they see this channel’s pins only', async () => {
    const shown = await pinsList('400000000000000051', [ROLE_READERS]);
    expect(shown).toContain('sumgait-1988:1');
    expect(shown).not.toContain('khojaly-1992:2');
  });

  it('GIVEN the server’s owner, with no role at all, WHEN they ask THEN they see every channel’s pins', async () => {
    expect(await pinsList(OWNER, [])).toContain('khojaly-1992:2');
  });

  it('GIVEN a server whose roles cannot be read (the bot is not in it) WHEN a member with a manager role id asks THEN nothing is shown server-wide: the lookup fails closed', async () => {
    const before = rest.calls.length;
    const shown = await pinsList('400000000000000052', [ROLE_MANAGERS], '400000000000000011');
    expect(shown).not.toContain('khojaly-1992:2');
    expect(rest.calls.slice(before).some((c) => c.path === '/guilds/400000000000000011/roles')).toBe(true);
  });
});

describe('ServerPermissions', () => {
  it('GIVEN a server looked up once WHEN asked again within a minute THEN Discord is not asked again; an Administrator role gives every permission; after a minute it is asked anew', async () => {
    let now = 0;
    rest.setGuild('400000000000000012', {
      ownerId: OWNER,
      roles: { '400000000000000012': 0n, [ROLE_MANAGERS]: PermissionFlagsBits.Administrator },
    });
    const perms = new ServerPermissions(
      new REST({ api: rest.api, retries: 0 }).setToken('t'),
      pino({ level: 'silent' }),
      () => now,
    );
    const asked = (): number =>
      rest.calls.filter((c) => c.path.startsWith('/guilds/400000000000000012')).length;
    expect(await perms.of('400000000000000012', '1', [ROLE_MANAGERS])).toBe(PermissionsBitField.All);
    expect(await perms.of('400000000000000012', '1', [])).toBe(0n);
    expect(asked()).toBe(2);
    now += 61_000;
    await perms.of('400000000000000012', '1', []);
    expect(asked()).toBe(4);
  });
});
