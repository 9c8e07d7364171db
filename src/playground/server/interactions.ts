import {
  ApplicationCommandOptionType as T,
  PermissionFlagsBits,
  type APIApplicationCommand,
  type APIApplicationCommandOption,
} from 'discord.js';
import {
  BOT_PERMISSIONS,
  channelById,
  channelJson,
  channelPermissions,
  GUILD_ID,
  interactionBase,
  member,
  messageToApi,
  userById,
  userJson,
  type DiscordStandIn,
  type StandInUser,
  type StoredMessage,
} from '../discord/index.js';
import type { CheckedEvent, CheckedOption } from './events.js';

// A person's action on the page, as the interaction Discord would send the
// bot: the member with their permissions in the channel, the locale, the
// channel (a thread with its parent), and for options the resolved objects.
// What Discord's client would not send is refused here with a reason.

type Built = { readonly payload: Record<string, unknown> } | { readonly problem: string };
type Command = Extract<CheckedEvent, { type: 'command' | 'autocomplete' }>;
type Component = Extract<CheckedEvent, { type: 'component' }>;

interface Actor {
  readonly user: StandInUser;
  readonly permissions: bigint;
  readonly base: Record<string, unknown>;
}

function actor(e: { userId: string; channelId: string; locale: string }): Actor | string {
  const user = userById(e.userId);
  if (!user) return `There is no user ${e.userId} in this server.`;
  const channel = channelById(e.channelId);
  if (!channel) return `There is no channel ${e.channelId} in this server.`;
  const permissions = channelPermissions(user.id, user.roles, channel.id);
  if ((permissions & PermissionFlagsBits.ViewChannel) === 0n)
    return `${user.name} cannot view #${channel.name}.`;
  if ((permissions & PermissionFlagsBits.UseApplicationCommands) === 0n)
    return `${user.name} may not use application commands in #${channel.name}.`;
  const base = interactionBase({
    userId: user.id,
    userName: user.name,
    roles: user.roles,
    locale: e.locale,
    permissions,
    appPermissions: BOT_PERMISSIONS,
    channelId: channel.id,
  });
  return { user, permissions, base };
}

const chars = (s: string): number => [...s].length;
/** Option and command types as plain numbers, the page's and Discord's enums alike. */
const sameType = (a: number, b: number): boolean => a === b;

/** Checks options against the registered command and collects what Discord resolves. */
class OptionChecker {
  readonly resolved = {
    channels: {} as Record<string, unknown>,
    users: {} as Record<string, unknown>,
    members: {} as Record<string, unknown>,
  };
  focused = 0;

  constructor(
    private readonly user: StandInUser,
    private readonly autocomplete: boolean,
    private readonly channelId: string,
  ) {}

  check(
    defs: readonly APIApplicationCommandOption[],
    given: readonly CheckedOption[],
    at: string,
  ): string | null {
    const groups = defs.filter((d) => d.type === T.Subcommand || d.type === T.SubcommandGroup);
    if (groups.length > 0) {
      const [only, ...rest] = given;
      const def = groups.find((d) => d.name === only?.name);
      if (!only || rest.length > 0 || !def || !sameType(only.type, def.type))
        return `${at} takes one of: ${groups.map((g) => g.name).join(', ')}.`;
      const inner = 'options' in def ? (def.options ?? []) : [];
      return this.check(inner, only.options ?? [], `${at} ${def.name}`);
    }
    const seen = new Set<string>();
    for (const o of given) {
      const def = defs.find((d) => d.name === o.name);
      if (!def) return `${at} has no option "${o.name}".`;
      if (seen.has(o.name)) return `${at}: "${o.name}" is given twice.`;
      seen.add(o.name);
      const problem = this.value(def, o, at);
      if (problem !== null) return problem;
    }
    if (!this.autocomplete)
      for (const d of defs)
        if ('required' in d && d.required && !seen.has(d.name)) return `${at} needs the option "${d.name}".`;
    return null;
  }

  private value(def: APIApplicationCommandOption, o: CheckedOption, at: string): string | null {
    const name = `${at} ${def.name}`;
    if (!sameType(o.type, def.type)) return `${name} is of type ${def.type}, not ${o.type}.`;
    if (o.focused === true) {
      if (!this.autocomplete) return `${name} is marked focused outside autocomplete.`;
      if (!('autocomplete' in def) || !def.autocomplete) return `${name} has no autocomplete.`;
      this.focused++;
      return typeof o.value === 'string' ? null : `${name}: the focused value is the text typed so far.`;
    }
    const v = o.value;
    if (v === undefined) return `${name} has no value.`;
    switch (def.type) {
      case T.String:
        if (typeof v !== 'string') return `${name} takes text.`;
        if (def.min_length !== undefined && chars(v) < def.min_length)
          return `${name} takes at least ${def.min_length} characters.`;
        if (chars(v) > (def.max_length ?? 6000))
          return `${name} takes at most ${def.max_length ?? 6000} characters.`;
        break;
      case T.Integer:
      case T.Number:
        if (typeof v !== 'number' || (def.type === T.Integer && !Number.isSafeInteger(v)))
          return `${name} takes ${def.type === T.Integer ? 'a whole number' : 'a number'}.`;
        if (def.min_value !== undefined && v < def.min_value) return `${name} is at least ${def.min_value}.`;
        if (def.max_value !== undefined && v > def.max_value) return `${name} is at most ${def.max_value}.`;
        break;
      case T.Boolean:
        if (typeof v !== 'boolean') return `${name} takes true or false.`;
        break;
      case T.Channel:
        return this.channel(def, v, name);
      case T.User:
        return this.member(v, name);
      default:
        return `${name}: options of type ${def.type} are not available in the playground.`;
    }
    const choices = 'choices' in def ? def.choices : undefined;
    if (choices && choices.length > 0 && !choices.some((c) => c.value === v))
      return `${name} takes one of: ${choices.map((c) => String(c.value)).join(', ')}.`;
    return null;
  }

  private channel(def: APIApplicationCommandOption, v: unknown, name: string): string | null {
    const channel = typeof v === 'string' ? channelById(v) : undefined;
    if (!channel) return `${name} takes a channel of this server.`;
    const types = 'channel_types' in def ? def.channel_types : undefined;
    if (types && types.length > 0 && !(types as readonly number[]).includes(channel.type))
      return `${name} does not take #${channel.name}.`;
    // As Discord: the channel with the member's own permissions there.
    this.resolved.channels[channel.id] = channelJson(
      channel,
      channelPermissions(this.user.id, this.user.roles, channel.id),
    );
    return null;
  }

  private member(v: unknown, name: string): string | null {
    const user = typeof v === 'string' ? userById(v) : undefined;
    if (!user) return `${name} takes a member of this server.`;
    this.resolved.users[user.id] = userJson(user.id, user.name);
    // A resolved member comes without its user, with its permissions in the interaction's channel.
    const partial = member(user.id, channelPermissions(user.id, user.roles, this.channelId), {
      name: user.name,
      roles: user.roles,
    });
    delete partial['user'];
    this.resolved.members[user.id] = partial;
    return null;
  }
}

/** A slash command (type 2) or an autocomplete request (type 4) from the composer. */
export function commandInteraction(standIn: DiscordStandIn, e: Command): Built {
  const who = actor(e);
  if (typeof who === 'string') return { problem: who };
  const command = standIn.commands.available().find((c) => c.name === e.name && sameType(c.type, 1));
  if (!command)
    return {
      problem:
        standIn.commands.available().length === 0
          ? 'The bot has not registered its commands yet.'
          : `/${e.name} is not a command of this server.`,
    };
  const checker = new OptionChecker(who.user, e.type === 'autocomplete', e.channelId);
  const problem = checker.check(command.options ?? [], e.options, `/${command.name}`);
  if (problem !== null) return { problem };
  if (e.type === 'autocomplete' && checker.focused !== 1)
    return { problem: 'An autocomplete request has exactly one focused option.' };
  const { channels, users, members } = checker.resolved;
  const resolved = {
    ...(Object.keys(channels).length > 0 ? { channels } : {}),
    ...(Object.keys(users).length > 0 ? { users, members } : {}),
  };
  return {
    payload: {
      ...who.base,
      type: e.type === 'command' ? 2 : 4,
      data: {
        id: command.id,
        name: command.name,
        type: 1,
        options: e.options,
        ...(Object.keys(resolved).length > 0 ? { resolved } : {}),
        ...(commandGuild(command) !== null ? { guild_id: GUILD_ID } : {}),
      },
    },
  };
}

const commandGuild = (c: APIApplicationCommand): string | null => c.guild_id ?? null;

interface RawComponent {
  type?: number;
  custom_id?: string;
  disabled?: boolean;
  style?: number;
  options?: { value?: string }[];
  min_values?: number;
  max_values?: number;
  components?: RawComponent[];
}

function findComponent(message: StoredMessage, customId: string): RawComponent | undefined {
  const walk = (list: readonly unknown[]): RawComponent | undefined => {
    for (const c of list as RawComponent[]) {
      if (c.custom_id === customId) return c;
      const inner = walk(c.components ?? []);
      if (inner) return inner;
    }
    return undefined;
  };
  return walk(message.components);
}

/** A click on a button, or a choice in a select, of a message the actor can see. */
export function componentInteraction(standIn: DiscordStandIn, e: Component): Built {
  const message = standIn.messages.get(e.messageId);
  if (!message) return { problem: 'That message is gone.' };
  const who = actor({ ...e, channelId: message.channelId });
  if (typeof who === 'string') return { problem: who };
  if (message.visibleTo !== null && message.visibleTo !== who.user.id)
    return { problem: `${who.user.name} cannot see that message.` };
  const component = findComponent(message, e.customId);
  if (!component) return { problem: 'That message has no such component.' };
  if (component.disabled === true) return { problem: 'That component is disabled.' };
  if (component.type !== e.componentType) return { problem: 'That component is of another type.' };
  const values = e.values ?? [];
  if (e.componentType === 2) {
    if (component.style === 5 || component.style === 6)
      return { problem: 'A link button sends no interaction.' };
    if (values.length > 0) return { problem: 'A button has no values.' };
  } else {
    const offered = new Set((component.options ?? []).map((o) => o.value));
    if (values.some((v) => !offered.has(v))) return { problem: 'That is not a choice of the menu.' };
    const min = component.min_values ?? 1;
    const max = component.max_values ?? 1;
    if (values.length < min || values.length > max)
      return { problem: `Choose ${min === max ? min : `${min} to ${max}`} of the menu.` };
  }
  return {
    payload: {
      ...who.base,
      type: 3,
      message: messageToApi(message, standIn.origin),
      data: {
        custom_id: e.customId,
        component_type: e.componentType,
        ...(e.componentType === 3 ? { values } : {}),
      },
    },
  };
}
