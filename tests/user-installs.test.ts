import {
  ApplicationIntegrationType,
  AuthorizingIntegrationOwners,
  InteractionContextType,
  PermissionFlagsBits,
  subtext,
  type BaseInteraction,
} from 'discord.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { baseInput } from '../src/bot/gateway/input.js';
import { permissionName } from '../src/bot/permissions.js';
import { registry } from '../src/bot/registry.js';
import type { BotContext, InteractionInput } from '../src/bot/types.js';
import { createTranslations, type T } from '../src/i18n/index.js';
import { encode } from '../src/bot/custom-id.js';
import { click, decodedIds, h, idOf, payloadOf, refusalOf, testContext } from './bot-helpers.js';

interface Registered {
  readonly name: string;
  readonly integration_types?: readonly ApplicationIntegrationType[];
  readonly contexts?: readonly InteractionContextType[] | null;
}

const json = registry.commands.map((c) => c.data as unknown as Registered);
const byName = (name: string): Registered => {
  const found = json.find((c) => c.name === name);
  if (!found) throw new Error(`no command ${name}`);
  return found;
};

const BOTH_INSTALLS = [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall];
const ANYWHERE = [
  InteractionContextType.Guild,
  InteractionContextType.BotDM,
  InteractionContextType.PrivateChannel,
];
const READING = ['search', 'quote', 'cite', 'read', 'sources', 'help', 'language', 'Find sources'];
const SERVER_ONLY = ['pin', 'pins', 'settings'];

describe('where each command can be used (integration_types and contexts)', () => {
  it('GIVEN the reading commands and "Find sources" WHEN registered THEN they work in server and user installs, in servers, the bot’s DM and private channels', () => {
    for (const name of READING) {
      const c = byName(name);
      expect(c.integration_types, name).toEqual(BOTH_INSTALLS);
      expect(c.contexts, name).toEqual(ANYWHERE);
    }
  });

  it('GIVEN moderation and the server’s settings WHEN registered THEN they are server installs only, in servers only', () => {
    for (const name of SERVER_ONLY) {
      const c = byName(name);
      expect(c.integration_types, name).toEqual([ApplicationIntegrationType.GuildInstall]);
      expect(c.contexts, name).toEqual([InteractionContextType.Guild]);
    }
  });

  it('GIVEN /notebook WHEN registered THEN only where the bot was invited: a server install, in a server or the bot’s DM', () => {
    const c = byName('notebook');
    expect(c.integration_types).toEqual([ApplicationIntegrationType.GuildInstall]);
    expect(c.contexts).toEqual([InteractionContextType.Guild, InteractionContextType.BotDM]);
  });

  it('GIVEN every registered command WHEN registered THEN each declares both fields (none is left to Discord’s defaults)', () => {
    expect(json.map((c) => c.name).sort()).toEqual([...READING, ...SERVER_ONLY, 'notebook'].sort());
    for (const c of json) {
      expect(c.integration_types?.length ?? 0, c.name).toBeGreaterThan(0);
      expect(c.contexts?.length ?? 0, c.name).toBeGreaterThan(0);
    }
  });
});

let ctx: BotContext;
let en: T;
beforeAll(async () => {
  ctx = await testContext();
  en = (await createTranslations()).t('en');
});

let next = 710000000000000000n;
const id = (): string => String(next++);
const BOT = PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks;

/** A member of a server, in a text channel, with these permissions; the app installed as said. */
function member(permissions: bigint, installedToGuild?: boolean): InteractionInput {
  return {
    userId: id(),
    guildId: id(),
    channelId: id(),
    locale: 'en-US',
    memberPermissions: permissions,
    appPermissions: BOT,
    inThread: false,
    ...(installedToGuild === undefined ? {} : { installedToGuild }),
  };
}

describe('a public answer where only the member installed the app', () => {
  const notice = (): string =>
    subtext(en('visibility.privateInstead', { permission: permissionName('UseExternalApps', en) }));
  const search = { query: 'Sumgait', public: true };

  it('GIVEN a user-installed app in a server and a member without Use External Apps WHEN /search public:true THEN the answer comes privately, saying Use External Apps is needed', async () => {
    const r = await h.search({ ...member(PermissionFlagsBits.SendMessages, false), options: search }, ctx);
    expect(r).toMatchObject({ kind: 'reply', ephemeral: true });
    expect(payloadOf(r).content?.split('\n')[0]).toBe(notice());
    expect(notice()).toContain('Use External Apps');
  });

  it('GIVEN a user-installed app in a server and a member with Use External Apps WHEN /search public:true THEN the answer is public, with no notice', async () => {
    const perms = PermissionFlagsBits.SendMessages | PermissionFlagsBits.UseExternalApps;
    const r = await h.search({ ...member(perms, false), options: search }, ctx);
    expect(r).toMatchObject({ kind: 'reply', ephemeral: false });
    expect(payloadOf(r).content ?? '').not.toContain(notice());
  });

  it('GIVEN the app installed to the server (or the transport not saying) and a member without Use External Apps WHEN /search public:true THEN it is public as before', async () => {
    for (const installed of [true, undefined]) {
      const r = await h.search(
        { ...member(PermissionFlagsBits.SendMessages, installed), options: search },
        ctx,
      );
      expect(r, String(installed)).toMatchObject({ kind: 'reply', ephemeral: false });
      expect(payloadOf(r).content ?? '').not.toContain(notice());
    }
  });

  it('GIVEN a user-installed app and a member without Send Messages either WHEN /search public:true THEN the notice names Send Messages, the first right missing', async () => {
    const r = await h.search({ ...member(PermissionFlagsBits.ViewChannel, false), options: search }, ctx);
    expect(r).toMatchObject({ kind: 'reply', ephemeral: true });
    expect(payloadOf(r).content?.split('\n')[0]).toBe(
      subtext(en('visibility.privateInstead', { permission: permissionName('SendMessages', en) })),
    );
  });
});

describe('what belongs to the server, where only the member installed the app', () => {
  const MOD =
    PermissionFlagsBits.SendMessages | PermissionFlagsBits.PinMessages | PermissionFlagsBits.UseExternalApps;

  /** A result list and the passage opened from it, by this member. */
  async function opened(who: InteractionInput) {
    const list = payloadOf(await h.search({ ...who, options: { query: 'Sumgait' } }, ctx));
    const open = idOf(list, 'open');
    const title = list.embeds?.[0]?.title ?? '';
    return payloadOf(await h.click(click(who, open, [title]), ctx));
  }

  it('GIVEN a moderator using their own install in a server WHEN they open a passage THEN it offers neither Pin nor Add to notebook; with the server’s install it offers both', async () => {
    const actions = async (installed: boolean) =>
      decodedIds(await opened(member(MOD, installed))).map((d) => d.action);
    const userOnly = await actions(false);
    expect(userOnly).toContain('post');
    expect(userOnly).not.toContain('pin');
    expect(userOnly).not.toContain('notebookAdd');
    expect(await actions(true)).toEqual(expect.arrayContaining(['post', 'pin', 'notebookAdd']));
  });

  it('GIVEN a Pin or Add to notebook button clicked through a user install WHEN handled THEN it is refused as needing the bot in the server, and nothing is pinned or kept', async () => {
    const who = member(MOD, false);
    const list = payloadOf(await h.search({ ...who, options: { query: 'Sumgait' } }, ctx));
    const page = idOf(list, 'page');
    const pin = await refusalOf(h.click(click(who, encode.pin(page.key, 'sumgait-1988:3')), ctx));
    expect(pin.code).toBe('notInvited');
    const note = await refusalOf(h.click(click(who, encode.notebookAdd(page.key, 'sumgait-1988:3')), ctx));
    expect(note.code).toBe('notInvited');
    expect(await ctx.store.notebooks.list(`${who.guildId ?? ''}:${who.channelId ?? ''}`)).toEqual([]);
  });
});

describe('the gateway reader: who installed the app', () => {
  /** The part of a discord.js interaction `baseInput` reads, with Discord's owners map as discord.js builds it. */
  function interaction(owners: Record<string, string>): BaseInteraction {
    const client = {};
    const Owners = AuthorizingIntegrationOwners as unknown as new (
      client: unknown,
      data: Record<string, string>,
    ) => AuthorizingIntegrationOwners;
    return {
      user: { id: '720000000000000001' },
      guildId: '720000000000000002',
      channelId: '720000000000000003',
      channel: { name: 'reading', isThread: () => false },
      member: null,
      locale: 'en-US',
      memberPermissions: { bitfield: PermissionFlagsBits.SendMessages },
      appPermissions: { bitfield: BOT },
      authorizingIntegrationOwners: new Owners(client, owners),
    } as unknown as BaseInteraction;
  }

  it('GIVEN an interaction authorized by the server’s install WHEN read THEN installed to the server', () => {
    const owners = { '0': '720000000000000002', '1': '720000000000000001' };
    expect(baseInput(interaction(owners)).installedToGuild).toBe(true);
  });

  it('GIVEN an interaction authorized only by the user’s install WHEN read THEN not installed to the server', () => {
    expect(baseInput(interaction({ '1': '720000000000000001' })).installedToGuild).toBe(false);
  });
});
