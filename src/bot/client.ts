import {
  ApplicationCommandOptionType,
  ChannelType,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  GuildMember,
  MessageFlags,
  Partials,
  RESTJSONErrorCodes,
  Routes,
  type AutocompleteInteraction,
  type BaseInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  type MessageComponentInteraction,
  type MessageContextMenuCommandInteraction,
} from 'discord.js';
import { COMMANDS } from '../command-names.js';
import type { Command, MessageCommand, SlashCommand } from './command.js';
import { errorPayload, logFailure } from './errors.js';
import { routeComponent } from './components.js';
import { decode } from './custom-id.js';
import { LIMITS, MAX_AUTOCOMPLETE_VALUE } from './limits.js';
import { resolveLanguage } from './language.js';
import { postingRefusal } from './visibility.js';
import type { Store } from '../storage/store.js';
import {
  UserFacingError,
  type BotContext,
  type InteractionInput,
  type Payload,
  type Response,
} from './types.js';

/** Commands whose answer the whole channel sees, so a deferral must be public too. */
const PUBLIC_COMMANDS = new Set<string>([COMMANDS.quote.name, COMMANDS.pin.name]);

/** How long a handler may run before the interaction is deferred (Discord allows 3 s). */
const DEFER_AFTER_MS = 1500;

export type Repliable =
  ChatInputCommandInteraction | MessageContextMenuCommandInteraction | MessageComponentInteraction;

/**
 * The real discord.js client: no privileged intents (message content of
 * "Find sources" arrives with the interaction), plain JSON gateway, and no
 * mentions ever parsed, as a client default and on every payload.
 */
export function createClient(apiUrl: string): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    // The channel an interaction comes from is then always known, threads
    // the cache has not seen included: posting in a thread needs its own right.
    partials: [Partials.Channel],
    allowedMentions: { parse: [] },
    rest: { api: apiUrl },
  });
}

/** Routes every interaction to its handler, inside one error boundary. */
export function attachHandlers(client: Client, commands: readonly Command[], ctx: BotContext): void {
  const route = interactionRouter(commands, ctx);
  client.on(Events.InteractionCreate, (interaction) => {
    void route(interaction);
  });
}

/**
 * The function that answers one interaction: every interaction gets exactly
 * one answer, an unknown command or component included (a private "this no
 * longer works"), and an autocomplete at least an empty list.
 */
export function interactionRouter(
  commands: readonly Command[],
  ctx: BotContext,
): (interaction: BaseInteraction) => Promise<void> {
  const slash = new Map<string, SlashCommand>();
  const message = new Map<string, MessageCommand>();
  for (const c of commands) {
    if (c.kind === 'slash') slash.set(c.data.name, c);
    else message.set(c.data.name, c);
  }
  return (interaction) => handle(interaction, slash, message, ctx);
}

function baseInput(i: BaseInteraction): InteractionInput {
  const channel = i.channel;
  return {
    userId: i.user.id,
    guildId: i.guildId,
    channelId: i.channelId,
    channelName: channel && 'name' in channel ? channel.name : null,
    locale: i.locale,
    memberPermissions: i.memberPermissions?.bitfield ?? null,
    appPermissions: i.appPermissions.bitfield,
    guildPermissions: serverPermissions(i),
    // In a server, a channel the cache does not know might be a thread.
    inThread: channel ? channel.isThread() : i.guildId !== null ? null : false,
  };
}

/**
 * The member's server-level permissions, from their roles. Discord sends
 * only the channel's with the interaction; the roles come from the cache,
 * so an unknown role or guild means "cannot tell" (null), never "allowed".
 */
function serverPermissions(i: BaseInteraction): bigint | null {
  if (!(i.member instanceof GuildMember)) return null;
  try {
    return i.member.permissions.bitfield;
  } catch {
    return null;
  }
}

async function handle(
  interaction: BaseInteraction,
  slash: ReadonlyMap<string, SlashCommand>,
  message: ReadonlyMap<string, MessageCommand>,
  ctx: BotContext,
): Promise<void> {
  const where = {
    interaction: interaction.id,
    type: interaction.type,
    user: interaction.user.id,
    guild: interaction.guildId,
    command: 'commandName' in interaction ? interaction.commandName : undefined,
    customId: 'customId' in interaction ? interaction.customId : undefined,
  };
  try {
    if (interaction.isAutocomplete()) {
      await autocomplete(interaction, slash, ctx);
      return;
    }
    if (interaction.isChatInputCommand()) {
      const command = slash.get(interaction.commandName);
      // A command this version does not have (a client's stale command list).
      if (!command) throw new UserFacingError('outdated');
      const { subcommand, options, channelPermissions, privateThreads } = readOptions(
        interaction.options.data,
      );
      const input = { ...baseInput(interaction), subcommand, options, channelPermissions, privateThreads };
      // A deferral shows who will see the answer: decided by the same rule as the handler's.
      // (/search and /notebook name their public option alike.)
      const ephemeral =
        (!PUBLIC_COMMANDS.has(interaction.commandName) && options[COMMANDS.search.options.public] !== true) ||
        postingRefusal(input, { files: subcommand === COMMANDS.notebook.subcommands.export }) !== null;
      await run(interaction, ephemeral, () => command.execute(input, ctx), ctx.store);
      return;
    }
    if (interaction.isMessageContextMenuCommand()) {
      const command = message.get(interaction.commandName);
      if (!command) throw new UserFacingError('outdated');
      const input = { ...baseInput(interaction), messageContent: interaction.targetMessage.content };
      await run(interaction, true, () => command.execute(input, ctx));
      return;
    }
    if (interaction.isMessageComponent()) {
      // A button of an older version, or a malformed or truncated id.
      const id = decode(interaction.customId);
      if (id === null) throw new UserFacingError('outdated');
      const input = {
        ...baseInput(interaction),
        id,
        values: interaction.isStringSelectMenu() ? interaction.values : [],
        messageIsPublic: !interaction.message.flags.has(MessageFlags.Ephemeral),
      };
      await run(interaction, true, () => routeComponent(input, ctx), ctx.store);
      return;
    }
    // Anything else that expects an answer (a modal, a user command): nothing of this version.
    if (interaction.isRepliable()) throw new UserFacingError('outdated');
  } catch (error) {
    logFailure(ctx.log, error, where);
    await reportError(interaction, error, ctx).catch((e: unknown) => {
      ctx.log.error({ err: e, ...where }, 'could not tell the user about a failure');
    });
  }
}

async function autocomplete(
  interaction: AutocompleteInteraction,
  slash: ReadonlyMap<string, SlashCommand>,
  ctx: BotContext,
): Promise<void> {
  const command = slash.get(interaction.commandName);
  // A command or option this version does not complete: an empty list, never silence.
  if (!command?.autocomplete) {
    await interaction.respond([]);
    return;
  }
  const focused = interaction.options.getFocused(true);
  const response = await command.autocomplete(
    {
      ...baseInput(interaction),
      subcommand: interaction.options.getSubcommand(false),
      focused: focused.name,
      // What is typed so far arrives unchecked by max_length: a forged request
      // can send far more than any option allows, so the handlers never see it.
      value: focused.value.slice(0, MAX_AUTOCOMPLETE_VALUE),
    },
    ctx,
  );
  await interaction.respond(response.kind === 'choices' ? response.choices.slice(0, LIMITS.choices) : []);
}

/**
 * Runs a handler and sends its response. If the handler is slow the
 * interaction is deferred first, so Discord's 3-second window never closes.
 */
export async function run(
  interaction: Repliable,
  ephemeral: boolean,
  work: () => Promise<Response>,
  locks?: Pick<Store, 'withLock'>,
): Promise<void> {
  const pending = work();
  const timer = new Promise<'late'>((resolve) =>
    setTimeout(() => {
      resolve('late');
    }, DEFER_AFTER_MS).unref(),
  );
  if ((await Promise.race([pending.then(() => 'done' as const), timer])) === 'late') {
    if (interaction.isMessageComponent()) await interaction.deferUpdate();
    else await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  }
  const response = await pending;
  if (response.kind === 'pin') {
    // Waiting for the lock and posting take time of their own: defer first,
    // so a moderator queued behind another pin still answers in time.
    if (!interaction.deferred && !interaction.replied) {
      if (interaction.isMessageComponent()) await interaction.deferUpdate();
      else await interaction.deferReply();
    }
    if (locks) await locks.withLock(response.lock, () => send(interaction, response));
    else await send(interaction, response);
  } else if (response.kind === 'unpin') {
    // Discord's answer to the unpin comes first, then the reply: defer it.
    if (!interaction.deferred && !interaction.replied)
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    if (locks) await locks.withLock(response.lock, () => send(interaction, response));
    else await send(interaction, response);
  } else await send(interaction, response);
}

/**
 * Reads a command's options; a subcommand's options are its own. A channel
 * option also brings the member's permissions in that channel, as Discord
 * resolved them.
 */
export function readOptions(data: readonly CommandInteractionOption[]): {
  subcommand: string | null;
  options: Record<string, string | number | boolean | undefined>;
  channelPermissions: Record<string, bigint>;
  privateThreads: string[];
} {
  const sub = data.find((o) => o.type === ApplicationCommandOptionType.Subcommand);
  const list = sub ? (sub.options ?? []) : data;
  const channelPermissions: Record<string, bigint> = {};
  const privateThreads: string[] = [];
  for (const o of list) {
    if (o.type !== ApplicationCommandOptionType.Channel || typeof o.value !== 'string' || !o.channel)
      continue;
    const resolved = 'permissions' in o.channel ? o.channel.permissions : null;
    if (resolved)
      channelPermissions[o.value] = typeof resolved === 'string' ? BigInt(resolved) : resolved.bitfield;
    if (o.channel.type === ChannelType.PrivateThread) privateThreads.push(o.value);
  }
  return {
    subcommand: sub?.name ?? null,
    options: Object.fromEntries(list.map((o) => [o.name, o.value])),
    channelPermissions,
    privateThreads,
  };
}

function common(
  payload: Payload,
  replacing = false,
): Pick<InteractionReplyOptions, 'content' | 'embeds' | 'components' | 'files'> & {
  allowedMentions: { parse: [] };
} {
  return {
    // An edit without content would keep the old text above the new view.
    ...(payload.content !== undefined ? { content: payload.content } : replacing ? { content: '' } : {}),
    embeds: [...(payload.embeds ?? [])],
    components: [...(payload.components ?? [])],
    ...(payload.files ? { files: payload.files.map((f) => ({ attachment: f.data, name: f.name })) } : {}),
    allowedMentions: { parse: [] },
  };
}

// No SuppressEmbeds flag: it would hide the bot's own embeds too. Link
// previews are prevented by escapeText, which unlinks URLs in quoted text.
function replyOptions(payload: Payload, ephemeral: boolean): InteractionReplyOptions {
  return { ...common(payload), ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) };
}

function editOptions(payload: Payload): InteractionEditReplyOptions {
  return common(payload, true);
}

/** Sends a handler's response with the call the interaction's state allows. */
export async function send(interaction: Repliable, response: Response): Promise<void> {
  switch (response.kind) {
    case 'reply':
      // A deferred button's reply is a new message: editing would replace the
      // message that was clicked, which others may see.
      if (interaction.isMessageComponent() && interaction.deferred)
        await interaction.followUp(replyOptions(response.payload, response.ephemeral));
      else if (interaction.deferred || interaction.replied)
        await interaction.editReply(editOptions(response.payload));
      else await interaction.reply(replyOptions(response.payload, response.ephemeral));
      return;
    case 'update':
      if (interaction.isMessageComponent() && !interaction.deferred && !interaction.replied) {
        await interaction.update(common(response.payload, true));
      } else await interaction.editReply(editOptions(response.payload));
      return;
    case 'post':
      if (interaction.deferred || interaction.replied)
        await interaction.followUp(replyOptions(response.payload, false));
      else await interaction.reply(replyOptions(response.payload, false));
      await interaction.followUp(replyOptions(response.confirmation, true));
      return;
    case 'pin':
      await pin(interaction, response);
      return;
    case 'unpin':
      await unpin(interaction, response);
      return;
    case 'choices':
      return;
  }
}

/**
 * Posts the card, pins it, then writes the pin log, all under one lock, on an
 * interaction already deferred (see {@link run}). If Discord refuses the pin,
 * or the log cannot be written, the card is withdrawn and unpinned: a pin is
 * either logged or gone. From a button the card is a new message, and the
 * private result list stays as it was.
 */
async function pin(interaction: Repliable, response: Extract<Response, { kind: 'pin' }>): Promise<void> {
  const channelId = interaction.channelId;
  const fromButton = interaction.isMessageComponent();
  const already = await response.alreadyPinned();
  if (already) {
    // The deferral of /pin is public: replace it with a private notice.
    if (!fromButton) await interaction.deleteReply();
    await interaction.followUp(replyOptions(already, true));
    return;
  }
  let messageId: string;
  let withdraw: () => Promise<unknown>;
  if (fromButton) {
    const posted = await interaction.followUp(replyOptions(response.payload, false));
    messageId = posted.id;
    withdraw = () => interaction.deleteReply(posted.id);
  } else {
    messageId = (await interaction.editReply(editOptions(response.payload))).id;
    withdraw = () => interaction.deleteReply();
  }
  const route = Routes.channelMessagesPin(channelId, messageId);
  try {
    await interaction.client.rest.put(route);
  } catch (error) {
    await withdraw().catch(() => undefined);
    throw error;
  }
  let confirmation: Payload;
  try {
    confirmation = await response.pinned(messageId);
  } catch (error) {
    await interaction.client.rest.delete(route).catch(() => undefined);
    await withdraw().catch(() => undefined);
    throw error;
  }
  await interaction.followUp(replyOptions(confirmation, true));
}

/** Discord's codes for a message or channel that no longer exists. */
const GONE = new Set<number>([RESTJSONErrorCodes.UnknownChannel, RESTJSONErrorCodes.UnknownMessage]);

/**
 * Unpins a logged message, then marks the record removed. A message deleted
 * meanwhile is no longer pinned either, so that counts as done.
 */
async function unpin(interaction: Repliable, response: Extract<Response, { kind: 'unpin' }>): Promise<void> {
  try {
    await interaction.client.rest.delete(Routes.channelMessagesPin(response.channelId, response.messageId));
  } catch (error) {
    if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.MissingPermissions)
      throw new UserFacingError('missingBotPermission', { permission: 'PinMessages' });
    if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.MissingAccess)
      throw new UserFacingError('missingBotPermission', { permission: 'ViewChannel' });
    if (!(error instanceof DiscordAPIError && typeof error.code === 'number' && GONE.has(error.code)))
      throw error;
  }
  await send(interaction, { kind: 'reply', payload: await response.unpinned(), ephemeral: true });
}

/** Tells the user about a failure privately, without overwriting anything others can see. */
export async function reportError(
  interaction: BaseInteraction,
  error: unknown,
  ctx: BotContext,
): Promise<void> {
  if (interaction.isAutocomplete()) {
    if (!interaction.responded) await interaction.respond([]);
    return;
  }
  if (!interaction.isRepliable()) return;
  const { t } = await resolveLanguage(ctx, baseInput(interaction)).catch(() => ({
    t: ctx.translations.t('en'),
  }));
  const payload = errorPayload(error, t);
  if (!interaction.deferred && !interaction.replied) {
    await interaction.reply(replyOptions(payload, true));
    return;
  }
  // Never overwrite what others can see: a deferred button's message or a
  // public deferral gets the error as a private follow-up instead.
  if (interaction.deferred && !interaction.isMessageComponent() && interaction.ephemeral === true) {
    await interaction.editReply(editOptions(payload));
    return;
  }
  // The deferral may already be gone (a withdrawn pin card): that is fine.
  if (interaction.deferred && !interaction.replied && !interaction.isMessageComponent())
    await interaction.deleteReply().catch(() => undefined);
  await interaction.followUp(replyOptions(payload, true));
}
