import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  InteractionType,
  MessageFlags,
} from 'discord.js';
import { z } from 'zod';
import type {
  InteractionInput,
  OptionValue,
  RawAutocomplete,
  RawCommand,
  RawComponent,
  RawMessageCommand,
} from '../bot/types.js';

/**
 * Reads an interaction's JSON, as Discord POSTs it, into the dispatcher's
 * plain inputs: the HTTP twin of `src/bot/gateway/input.ts`. Only the fields
 * the bot reads are checked; a payload without them is malformed (400).
 */

const bits = z.string().regex(/^\d{1,40}$/);

/**
 * A number of one of discord-api-types' enums. Discord adds values over time:
 * one this version does not know stays as it came and matches none of ours.
 */
const known = <E extends number>(): z.ZodType<E> =>
  z
    .number()
    .int()
    .transform((n) => n as E);
const user = z.object({ id: z.string().min(1) });
const channel = z.object({
  id: z.string().min(1),
  type: known<ChannelType>().optional(),
  name: z.string().nullish(),
});

/** The envelope every interaction has; `data` is read per type below. */
export const envelopeSchema = z.object({
  id: z.string().min(1),
  application_id: z.string().min(1),
  /** A type this version does not know is a bad request. */
  type: z.enum(InteractionType),
  token: z.string().min(1),
  guild_id: z.string().min(1).optional(),
  channel_id: z.string().min(1).optional(),
  channel: channel.optional(),
  member: z
    .object({ user: user.optional(), permissions: bits.optional(), roles: z.array(z.string()).optional() })
    .optional(),
  user: user.optional(),
  locale: z.string().optional(),
  app_permissions: bits.optional(),
  /** Who installed the app for this interaction: "0" a server (GUILD_INSTALL), "1" a user (USER_INSTALL). */
  authorizing_integration_owners: z.record(z.string(), z.string()).optional(),
  data: z.unknown().optional(),
  message: z.object({ flags: z.number().int().optional() }).optional(),
});

export type Envelope = z.infer<typeof envelopeSchema>;

/** One option as Discord sends it; a subcommand's options are nested. */
interface RawOption {
  readonly name: string;
  readonly type: ApplicationCommandOptionType;
  readonly value?: OptionValue | undefined;
  readonly focused?: boolean | undefined;
  readonly options?: readonly RawOption[] | undefined;
}

const leafOption = z.object({
  name: z.string(),
  type: known<ApplicationCommandOptionType>(),
  value: z.union([z.string(), z.number(), z.boolean()]).optional(),
  focused: z.boolean().optional(),
});
const withOptions = <O extends z.ZodType<RawOption>>(inner: O) =>
  leafOption.extend({ options: z.array(inner).optional() });
// As deep as Discord nests (a group, its subcommand, their options) and no
// deeper: a recursive schema would follow a signed body nested 20,000 deep
// into a stack overflow.
const optionSchema: z.ZodType<RawOption> = withOptions(withOptions(leafOption));

const commandData = z.object({
  name: z.string(),
  type: known<ApplicationCommandType>(),
  options: z.array(optionSchema).optional(),
  target_id: z.string().optional(),
  resolved: z
    .object({
      channels: z
        .record(z.string(), z.object({ type: known<ChannelType>().optional(), permissions: bits.optional() }))
        .optional(),
      messages: z.record(z.string(), z.object({ content: z.string().optional() })).optional(),
    })
    .optional(),
});

const componentData = z.object({
  custom_id: z.string(),
  component_type: known<ComponentType>(),
  values: z.array(z.string()).optional(),
});

/** The thread channel types: posting there needs Send Messages in Threads. */
const THREADS: ReadonlySet<ChannelType> = new Set([
  ChannelType.AnnouncementThread,
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
]);

/** What the HTTP mode reads of an interaction, ready for the dispatcher; null: malformed. */
export type Read =
  | { readonly kind: 'ping' }
  | { readonly kind: 'command'; readonly raw: RawCommand }
  | { readonly kind: 'messageCommand'; readonly raw: RawMessageCommand }
  | { readonly kind: 'component'; readonly raw: RawComponent }
  | { readonly kind: 'autocomplete'; readonly raw: RawAutocomplete | null }
  /** A modal or a user command: nothing of this version, answered "outdated". */
  | { readonly kind: 'unknownCommand'; readonly raw: RawCommand };

/** What every interaction tells a handler. */
export function baseInput(e: Envelope): InteractionInput | null {
  const userId = e.member?.user?.id ?? e.user?.id;
  if (userId === undefined) return null;
  const guildId = e.guild_id ?? null;
  const permissions = e.member?.permissions;
  return {
    userId,
    guildId,
    channelId: e.channel_id ?? e.channel?.id ?? null,
    channelName: e.channel?.name ?? null,
    locale: e.locale ?? 'en-US',
    memberPermissions: permissions === undefined ? null : BigInt(permissions),
    appPermissions: e.app_permissions === undefined ? null : BigInt(e.app_permissions),
    // Discord sends the member's permissions in the channel only; the server
    // fills in the roles' server-wide ones for handlers that read them
    // (server-permissions.ts), and everything else never looks.
    guildPermissions: null,
    // A channel Discord did not describe might be a thread.
    inThread: e.channel?.type !== undefined ? THREADS.has(e.channel.type) : guildId !== null ? null : false,
    // A GUILD_INSTALL owner: the server installed the app; only a user's: the member brought it.
    ...(e.authorizing_integration_owners === undefined
      ? {}
      : {
          installedToGuild:
            e.authorizing_integration_owners[String(ApplicationIntegrationType.GuildInstall)] !== undefined,
        }),
  };
}

type CommandData = z.infer<typeof commandData>;

/** A command's options, a subcommand's being its own, with what Discord resolved for channel options. */
function readOptions(data: CommandData): {
  subcommand: string | null;
  options: Record<string, OptionValue | undefined>;
  channelPermissions: Record<string, bigint>;
  privateThreads: string[];
  focused: { name: string; value: string } | null;
} {
  const top = data.options ?? [];
  const sub = top.find((o) => o.type === ApplicationCommandOptionType.Subcommand);
  const list = sub ? (sub.options ?? []) : top;
  const channelPermissions: Record<string, bigint> = {};
  const privateThreads: string[] = [];
  for (const o of list) {
    if (o.type !== ApplicationCommandOptionType.Channel || typeof o.value !== 'string') continue;
    const resolved = data.resolved?.channels?.[o.value];
    if (resolved?.permissions !== undefined) channelPermissions[o.value] = BigInt(resolved.permissions);
    if (resolved?.type === ChannelType.PrivateThread) privateThreads.push(o.value);
  }
  const focused = list.find((o) => o.focused === true);
  return {
    subcommand: sub?.name ?? null,
    options: Object.fromEntries(list.map((o) => [o.name, o.value])),
    channelPermissions,
    privateThreads,
    focused: focused ? { name: focused.name, value: String(focused.value ?? '') } : null,
  };
}

/**
 * Reads a verified interaction; null when it is malformed or of a type this
 * version does not know (a 400). An autocomplete without a focused option
 * reads as `raw: null`: nothing to complete.
 */
export function readInteraction(e: Envelope): Read | null {
  if (e.type === InteractionType.Ping) return { kind: 'ping' };
  const base = baseInput(e);
  if (base === null) return null;
  switch (e.type) {
    case InteractionType.ApplicationCommand:
    case InteractionType.ApplicationCommandAutocomplete: {
      const parsed = commandData.safeParse(e.data);
      if (!parsed.success) return null;
      const data = parsed.data;
      const { focused, ...read } = readOptions(data);
      if (e.type === InteractionType.ApplicationCommandAutocomplete) {
        if (focused === null) return { kind: 'autocomplete', raw: null };
        const raw = {
          ...base,
          command: data.name,
          subcommand: read.subcommand,
          focused: focused.name,
          value: focused.value,
        };
        return { kind: 'autocomplete', raw };
      }
      if (data.type === ApplicationCommandType.ChatInput)
        return { kind: 'command', raw: { ...base, command: data.name, ...read } };
      if (data.type === ApplicationCommandType.Message) {
        const target = data.target_id === undefined ? undefined : data.resolved?.messages?.[data.target_id];
        return {
          kind: 'messageCommand',
          raw: { ...base, command: data.name, messageContent: target?.content ?? '' },
        };
      }
      return { kind: 'unknownCommand', raw: { ...base, command: '', options: {} } };
    }
    case InteractionType.MessageComponent: {
      const parsed = componentData.safeParse(e.data);
      if (!parsed.success) return null;
      const data = parsed.data;
      return {
        kind: 'component',
        raw: {
          ...base,
          customId: data.custom_id,
          values: data.component_type === ComponentType.StringSelect ? (data.values ?? []) : [],
          messageIsPublic: ((e.message?.flags ?? 0) & MessageFlags.Ephemeral) === 0,
        },
      };
    }
    case InteractionType.ModalSubmit:
      return { kind: 'unknownCommand', raw: { ...base, command: '', options: {} } };
    default:
      return null;
  }
}
