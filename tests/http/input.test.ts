import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  InteractionType,
  MessageFlags,
} from 'discord.js';
import { describe, expect, it } from 'vitest';
import { envelopeSchema, readInteraction, type Read } from '../../src/http/input.js';

const APP = '100000000000000001';
const GUILD = '200000000000000001';
const CHANNEL = '300000000000000001';
const USER = '400000000000000001';
const THREAD = '500000000000000001';

/** Reads an interaction as the endpoint does, after verification. */
function read(json: Record<string, unknown>): Read | null {
  const envelope = envelopeSchema.safeParse({ id: '1', application_id: APP, token: 'tok', ...json });
  return envelope.success ? readInteraction(envelope.data) : null;
}

const inGuild = (channelType: ChannelType = ChannelType.GuildText): Record<string, unknown> => ({
  guild_id: GUILD,
  channel_id: CHANNEL,
  channel: { id: CHANNEL, type: channelType, name: 'reading-room' },
  member: { user: { id: USER }, permissions: '8192' },
  app_permissions: '3072',
  locale: 'hy',
});

describe('HTTP mode: reading an interaction', () => {
  it('GIVEN /pins list with a private-thread channel option, from a thread WHEN read THEN the subcommand, the options, the resolved permissions and the thread are the dispatcher’s', () => {
    const r = read({
      ...inGuild(ChannelType.PublicThread),
      type: InteractionType.ApplicationCommand,
      data: {
        name: 'pins',
        type: ApplicationCommandType.ChatInput,
        options: [
          {
            name: 'list',
            type: ApplicationCommandOptionType.Subcommand,
            options: [{ name: 'channel', type: ApplicationCommandOptionType.Channel, value: THREAD }],
          },
        ],
        resolved: {
          channels: { [THREAD]: { id: THREAD, type: ChannelType.PrivateThread, permissions: '1024' } },
        },
      },
    });
    expect(r).toEqual({
      kind: 'command',
      raw: {
        userId: USER,
        guildId: GUILD,
        channelId: CHANNEL,
        channelName: 'reading-room',
        locale: 'hy',
        memberPermissions: 8192n,
        appPermissions: 3072n,
        guildPermissions: null,
        inThread: true,
        command: 'pins',
        subcommand: 'list',
        options: { channel: THREAD },
        channelPermissions: { [THREAD]: 1024n },
        privateThreads: [THREAD],
      },
    });
  });

  it('GIVEN a command in the bot’s DM WHEN read THEN the user is `user`, there are no member permissions and no thread', () => {
    const r = read({
      type: InteractionType.ApplicationCommand,
      channel_id: CHANNEL,
      user: { id: USER },
      locale: 'ru',
      data: { name: 'help', type: ApplicationCommandType.ChatInput },
    });
    expect(r).toMatchObject({
      kind: 'command',
      raw: { userId: USER, guildId: null, memberPermissions: null, appPermissions: null, inThread: false },
    });
  });

  it('GIVEN a server channel Discord did not describe WHEN read THEN whether it is a thread is unknown', () => {
    const rest = { ...inGuild(), channel: undefined };
    const r = read({ ...rest, type: InteractionType.ApplicationCommand, data: { name: 'help', type: 1 } });
    expect(r).toMatchObject({ raw: { inThread: null, channelId: CHANNEL, channelName: null } });
  });

  it('GIVEN "Find sources" on a message WHEN read THEN the message’s text comes from resolved.messages', () => {
    const r = read({
      ...inGuild(),
      type: InteractionType.ApplicationCommand,
      data: {
        name: 'Find sources',
        type: ApplicationCommandType.Message,
        target_id: '600000000000000001',
        resolved: {
          messages: { '600000000000000001': { id: '600000000000000001', content: 'Khojaly 1992' } },
        },
      },
    });
    expect(r).toMatchObject({
      kind: 'messageCommand',
      raw: { command: 'Find sources', messageContent: 'Khojaly 1992' },
    });
  });

  it('GIVEN a menu choice on a private message and a button on a public one WHEN read THEN the values and the message’s audience', () => {
    const menu = read({
      ...inGuild(),
      type: InteractionType.MessageComponent,
      message: { id: '7', flags: MessageFlags.Ephemeral },
      data: { custom_id: 'rr:x', component_type: ComponentType.StringSelect, values: ['a', 'b'] },
    });
    expect(menu).toMatchObject({
      kind: 'component',
      raw: { customId: 'rr:x', values: ['a', 'b'], messageIsPublic: false },
    });
    const button = read({
      ...inGuild(),
      type: InteractionType.MessageComponent,
      message: { id: '7', flags: 0 },
      data: { custom_id: 'rr:y', component_type: ComponentType.Button },
    });
    expect(button).toMatchObject({
      kind: 'component',
      raw: { customId: 'rr:y', values: [], messageIsPublic: true },
    });
  });

  it('GIVEN an autocomplete in a subcommand WHEN read THEN the focused option and what is typed; with none focused, nothing to complete', () => {
    const data = (focused: boolean): unknown => ({
      name: 'notebook',
      type: ApplicationCommandType.ChatInput,
      options: [
        {
          name: 'remove',
          type: ApplicationCommandOptionType.Subcommand,
          options: [{ name: 'citation', type: ApplicationCommandOptionType.String, value: 'kho', focused }],
        },
      ],
    });
    const type = InteractionType.ApplicationCommandAutocomplete;
    expect(read({ ...inGuild(), type, data: data(true) })).toMatchObject({
      kind: 'autocomplete',
      raw: { command: 'notebook', subcommand: 'remove', focused: 'citation', value: 'kho' },
    });
    expect(read({ ...inGuild(), type, data: data(false) })).toEqual({ kind: 'autocomplete', raw: null });
  });

  it('GIVEN a modal or a user command WHEN read THEN a command this version does not have', () => {
    expect(
      read({ ...inGuild(), type: InteractionType.ModalSubmit, data: { custom_id: 'm', components: [] } }),
    ).toMatchObject({
      kind: 'unknownCommand',
      raw: { command: '' },
    });
    expect(
      read({
        ...inGuild(),
        type: InteractionType.ApplicationCommand,
        data: { name: 'Profile', type: ApplicationCommandType.User },
      }),
    ).toMatchObject({ kind: 'unknownCommand' });
  });

  it('GIVEN no user, an unknown type or permissions that are not a number WHEN read THEN malformed', () => {
    const noUser = { ...inGuild(), member: undefined };
    expect(
      read({ ...noUser, type: InteractionType.ApplicationCommand, data: { name: 'help', type: 1 } }),
    ).toBeNull();
    expect(read({ ...inGuild(), type: 42, data: {} })).toBeNull();
    expect(
      read({ ...inGuild(), member: { user: { id: USER }, permissions: 'all' }, type: InteractionType.Ping }),
    ).toBeNull();
  });
});

describe('HTTP mode: who installed the app', () => {
  const help = { type: InteractionType.ApplicationCommand, data: { name: 'help', type: 1 } };

  it('GIVEN authorizing_integration_owners with a GUILD_INSTALL owner WHEN read THEN installed to the server', () => {
    const r = read({ ...inGuild(), ...help, authorizing_integration_owners: { '0': GUILD, '1': USER } });
    expect(r).toMatchObject({ raw: { installedToGuild: true } });
  });

  it('GIVEN authorizing_integration_owners with only a USER_INSTALL owner WHEN read THEN not installed to the server', () => {
    const r = read({ ...inGuild(), ...help, authorizing_integration_owners: { '1': USER } });
    expect(r).toMatchObject({ raw: { installedToGuild: false } });
  });

  it('GIVEN no authorizing_integration_owners WHEN read THEN nothing is said about the install', () => {
    const r = read({ ...inGuild(), ...help });
    expect(r).toMatchObject({ kind: 'command' });
    expect(r).not.toHaveProperty('raw.installedToGuild');
  });
});
