import type { APIEmbed } from 'discord.js';
import { BOT_NAME, BOT_USER_ID, GUILD_ID } from './ids.js';

/** A file the bot uploaded, kept so that it can be downloaded. */
export interface StoredFile {
  readonly id: string;
  readonly channelId: string;
  readonly filename: string;
  readonly contentType: string;
  readonly data: Buffer;
}

/** Who ran what, for a message made by an interaction. */
export interface MessageInteraction {
  readonly id: string;
  /** InteractionType of the interaction. */
  readonly type: number;
  readonly userId: string;
  readonly userName: string;
  /** The command line, e.g. "/search query:Xocalı"; null for a click. */
  readonly command: string | null;
}

/** A message of the server, as the stand-in keeps it. */
export interface StoredMessage {
  readonly id: string;
  readonly channelId: string;
  readonly author: { readonly id: string; readonly name: string; readonly bot: boolean };
  readonly content: string;
  readonly embeds: readonly APIEmbed[];
  readonly components: readonly unknown[];
  readonly attachments: readonly StoredFile[];
  /** MessageFlags: 64 ephemeral, 128 loading ("thinking…"). */
  readonly flags: number;
  /** MessageType: 0 default, 20 a reply to a slash command. */
  readonly type: number;
  readonly pinnedAt: string | null;
  readonly timestamp: string;
  readonly editedTimestamp: string | null;
  readonly interaction: MessageInteraction | null;
  /** An ephemeral message is seen by this user only; null: by everyone who can view the channel. */
  readonly visibleTo: string | null;
}

/** What a payload sets on a message (a create, or an edit with only what it changes). */
export interface MessageFields {
  readonly content?: string;
  readonly embeds?: readonly APIEmbed[];
  readonly components?: readonly unknown[];
  readonly attachments?: readonly StoredFile[];
  readonly flags?: number;
}

export type MessageChange =
  | { readonly kind: 'create' | 'update'; readonly message: StoredMessage }
  | { readonly kind: 'delete'; readonly id: string; readonly channelId: string };

export const EPHEMERAL = 64;
export const LOADING = 128;

/**
 * Every message of the server, per channel, with ephemeral visibility, pins
 * and uploaded files. Every change is reported to `onChange`.
 */
export class MessageStore {
  private readonly byId = new Map<string, StoredMessage>();
  private readonly files = new Map<string, StoredFile>();
  private nextId = 300000000000000000n;

  constructor(private readonly onChange: (change: MessageChange) => void) {}

  /** A new snowflake-like id, increasing (messages and files share the sequence). */
  newId(): string {
    return String(++this.nextId);
  }

  create(
    channelId: string,
    fields: MessageFields,
    meta: {
      readonly author?: StoredMessage['author'];
      readonly type?: number;
      readonly interaction?: MessageInteraction | null;
      readonly visibleTo?: string | null;
      readonly id?: string;
    } = {},
  ): StoredMessage {
    const message: StoredMessage = {
      id: meta.id ?? this.newId(),
      channelId,
      author: meta.author ?? { id: BOT_USER_ID, name: BOT_NAME, bot: true },
      content: fields.content ?? '',
      embeds: fields.embeds ?? [],
      components: fields.components ?? [],
      attachments: fields.attachments ?? [],
      flags: fields.flags ?? 0,
      type: meta.type ?? 0,
      pinnedAt: null,
      timestamp: new Date().toISOString(),
      editedTimestamp: null,
      interaction: meta.interaction ?? null,
      visibleTo: meta.visibleTo ?? null,
    };
    for (const f of message.attachments) this.files.set(f.id, f);
    this.byId.set(message.id, message);
    this.onChange({ kind: 'create', message });
    return message;
  }

  /** Applies an edit; `edited` false for changes that are not edits (a pin, the end of loading). */
  update(id: string, fields: MessageFields & { pinnedAt?: string | null }, edited = true): StoredMessage {
    const old = this.byId.get(id);
    if (!old) throw new Error(`no message ${id}`);
    const message: StoredMessage = {
      ...old,
      content: fields.content ?? old.content,
      embeds: fields.embeds ?? old.embeds,
      components: fields.components ?? old.components,
      attachments: fields.attachments ?? old.attachments,
      flags: fields.flags ?? old.flags,
      pinnedAt: fields.pinnedAt !== undefined ? fields.pinnedAt : old.pinnedAt,
      editedTimestamp: edited ? new Date().toISOString() : old.editedTimestamp,
    };
    for (const f of message.attachments) this.files.set(f.id, f);
    this.byId.set(id, message);
    this.onChange({ kind: 'update', message });
    return message;
  }

  delete(id: string): void {
    const old = this.byId.get(id);
    if (!old) return;
    this.byId.delete(id);
    this.onChange({ kind: 'delete', id, channelId: old.channelId });
  }

  get(id: string): StoredMessage | undefined {
    return this.byId.get(id);
  }

  /** Every message, oldest first. */
  all(): StoredMessage[] {
    return [...this.byId.values()].sort((a, b) => compareIds(a.id, b.id));
  }

  /** A channel's messages everyone can see, newest first (as GET /channels/:id/messages). */
  channel(channelId: string): StoredMessage[] {
    return this.all()
      .filter((m) => m.channelId === channelId && m.visibleTo === null)
      .reverse();
  }

  /** A channel's pinned messages, most recently pinned first. */
  pins(channelId: string): StoredMessage[] {
    return this.channel(channelId)
      .filter((m) => m.pinnedAt !== null)
      .sort((a, b) => (b.pinnedAt ?? '').localeCompare(a.pinnedAt ?? '') || compareIds(b.id, a.id));
  }

  file(id: string): StoredFile | undefined {
    return this.files.get(id);
  }
}

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** The path a stored file is downloaded from, on the stand-in and on the playground server. */
export const attachmentPath = (f: StoredFile): string =>
  `/attachments/${f.channelId}/${f.id}/${encodeURIComponent(f.filename)}`;

/** A message object as Discord sends it, with attachment URLs on `origin`. */
export function messageToApi(m: StoredMessage, origin: string): Record<string, unknown> {
  return {
    id: m.id,
    channel_id: m.channelId,
    ...(m.visibleTo === null ? { guild_id: GUILD_ID } : {}),
    author: {
      id: m.author.id,
      username: m.author.name,
      discriminator: '0',
      global_name: m.author.name,
      avatar: null,
      ...(m.author.bot ? { bot: true } : {}),
    },
    content: m.content,
    timestamp: m.timestamp,
    edited_timestamp: m.editedTimestamp,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: m.attachments.map((f) => ({
      id: f.id,
      filename: f.filename,
      size: f.data.length,
      content_type: f.contentType,
      url: `${origin}${attachmentPath(f)}`,
      proxy_url: `${origin}${attachmentPath(f)}`,
    })),
    embeds: m.embeds,
    components: m.components,
    pinned: m.pinnedAt !== null,
    type: m.type,
    flags: m.flags,
  };
}
