import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ComponentType,
  InteractionType,
  PermissionFlagsBits,
  type Client,
} from 'discord.js';
import { pino } from 'pino';
import { PostCooldown } from '../../src/bot/cooldown.js';
import { attachHandlers, createClient } from '../../src/bot/gateway/client.js';
import { registry } from '../../src/bot/registry.js';
import { decode, type Action, type Decoded } from '../../src/bot/custom-id.js';
import { createTranslations } from '../../src/i18n/index.js';
import { openStore, type Store } from '../../src/storage/store.js';
import { bundledRoom, tempDir } from '../helpers.js';
import {
  BOT_USER_ID,
  DiscordStandIn,
  interactionBase,
  messageJson,
  type RecordedRequest,
} from '../../src/playground/discord/index.js';

/** A reply or update as the bot posted it to Discord. */
export interface Callback {
  type: number;
  data?: {
    content?: string;
    embeds?: { title?: string; description?: string; fields?: { name: string; value: string }[] }[];
    components?: { components: { custom_id?: string; label?: string }[] }[];
    flags?: number;
    allowed_mentions?: { parse: unknown[] };
    choices?: { name: string; value: string }[];
    attachments?: { id: string | number; filename: string }[];
  };
}

/** A heartbeat interval short enough for a test to see heartbeats and their acknowledgements. */
export const HEARTBEAT_MS = 300;

type Option = { name: string; type: number; value?: string | number | boolean; options?: Option[] };

/** Permissions of an ordinary member, of a moderator, and of the bot. */
export const PERMS = {
  member: PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel,
  moderator:
    PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel | PermissionFlagsBits.PinMessages,
  bot:
    PermissionFlagsBits.SendMessages |
    PermissionFlagsBits.EmbedLinks |
    PermissionFlagsBits.ViewChannel |
    PermissionFlagsBits.PinMessages,
} as const;

/**
 * The real client, in this process, against a fresh fake Discord and store.
 * `adapt` may change the store the bot sees, e.g. to make one write fail.
 */
export async function startBot(adapt: (store: Store) => Store = (s) => s): Promise<{
  fake: DiscordStandIn;
  client: Client;
  store: Store;
  stop: () => Promise<void>;
}> {
  const fake = new DiscordStandIn();
  await fake.listen();
  const store = await openStore(undefined, tempDir());
  const client = createClient(fake.apiUrl);
  attachHandlers(client, registry, {
    room: bundledRoom(),
    translations: await createTranslations(),
    store: adapt(store),
    log: pino({ level: 'silent' }),
    cooldown: new PostCooldown(),
  });
  await client.login('fake-token');
  await fake.ready;
  return {
    fake,
    client,
    store,
    stop: async () => {
      await client.destroy();
      await store.close();
      await fake.close();
    },
  };
}

/** The repositories of a store that {@link withRepository} can change. */
type RepositoryName = 'preferences' | 'sessions' | 'pins' | 'notebooks';

/**
 * The store with some methods of one repository replaced (the rest, and the
 * other repositories, are the store's own): for `startBot`'s `adapt`, to make
 * one write slow or fail.
 */
export function withRepository<K extends RepositoryName>(
  store: Store,
  name: K,
  methods: Partial<Store[K]>,
): Store {
  const repository = Object.assign(Object.create(store[name]) as Store[K], methods);
  return Object.assign(Object.create(store) as Store, { [name]: repository });
}

/** A slash command (with a subcommand when `sub` is given); returns its id and token. */
export function dispatchSlash(
  fake: DiscordStandIn,
  name: string,
  options: Option[],
  {
    userId,
    permissions = PERMS.member,
    sub,
    resolved,
    inThread = false,
  }: {
    userId: string;
    permissions?: bigint;
    sub?: string;
    /** Discord's resolved objects of the options (channels with the member's permissions there). */
    resolved?: Record<string, unknown>;
    inThread?: boolean;
  },
): { id: string; token: string } {
  const base = interactionBase({ userId, locale: 'en-US', permissions, appPermissions: PERMS.bot, inThread });
  fake.dispatchInteraction({
    ...base,
    type: InteractionType.ApplicationCommand,
    data: {
      id: '700000000000000009',
      name,
      type: ApplicationCommandType.ChatInput,
      options: sub ? [{ name: sub, type: ApplicationCommandOptionType.Subcommand, options }] : options,
      ...(resolved ? { resolved } : {}),
    },
  });
  return { id: String(base['id']), token: String(base['token']) };
}

/** A click on a component of a bot message (private unless `publicMessage`). */
export function dispatchClick(
  fake: DiscordStandIn,
  customId: string,
  {
    userId,
    permissions = PERMS.member,
    values = [] as string[],
    publicMessage = false,
  }: { userId: string; permissions?: bigint; values?: string[]; publicMessage?: boolean },
): { id: string; token: string } {
  const base = interactionBase({ userId, locale: 'en-US', permissions, appPermissions: PERMS.bot });
  fake.dispatchInteraction({
    ...base,
    type: InteractionType.MessageComponent,
    message: messageJson({
      id: '800000000000000001',
      authorId: BOT_USER_ID,
      content: '',
      flags: publicMessage ? 0 : 64,
    }),
    data: values.length
      ? { custom_id: customId, component_type: ComponentType.StringSelect, values }
      : { custom_id: customId, component_type: ComponentType.Button },
  });
  return { id: String(base['id']), token: String(base['token']) };
}

/** The interaction callback of a dispatched interaction. */
export async function callbackOf(
  fake: DiscordStandIn,
  { id, token }: { id: string; token: string },
): Promise<RecordedRequest & { body: Callback }> {
  return (await fake.next((r) => r.path === `/interactions/${id}/${token}/callback`)) as RecordedRequest & {
    body: Callback;
  };
}

/** Every custom id of a reply's components. */
export const idsOf = (c: Callback): string[] =>
  (c.data?.components ?? []).flatMap((row) =>
    row.components.flatMap((x) => (x.custom_id ? [x.custom_id] : [])),
  );

/** The custom id of a reply's first component with this action (and matching `where`); fails the test if none. */
export function idWith<A extends Action>(
  c: Callback,
  action: A,
  where: (id: Decoded<A>) => boolean = () => true,
): string {
  const found = idsOf(c).find((id) => {
    const decoded = decode(id);
    // Checked by its action: TypeScript cannot narrow to one action's ids generically.
    return decoded?.action === action && where(decoded as unknown as Decoded<A>);
  });
  if (found === undefined) throw new Error(`no ${action} component in ${JSON.stringify(idsOf(c))}`);
  return found;
}

/** Whether a reply has a component with this action. */
export const hasAction = (c: Callback, action: Action): boolean =>
  idsOf(c).some((id) => decode(id)?.action === action);
