import type { APIActionRowComponent, APIAttachment, APIComponentInMessageActionRow } from 'discord.js';
import {
  attachmentPath,
  CHANNEL_ID,
  channelPermissions,
  CHANNELS,
  GUILD_ID,
  GUILD_NAME,
  PAGE_LOCALES,
  USERS,
  type AnsweredRequest,
  type DiscordStandIn,
  type StoredMessage,
} from '../discord/index.js';
import type { InspectorEntry, PlaygroundMessage, ServerEvent } from '../protocol.js';

// What the page is shown: the stand-in's messages in the protocol's form,
// the inspector's entries, and the hello a page gets on connecting.

/** A message as the page shows it; attachments at their same-origin URL. */
export function toPlaygroundMessage(m: StoredMessage): PlaygroundMessage {
  return {
    id: m.id,
    channelId: m.channelId,
    author: m.author,
    content: m.content,
    embeds: m.embeds,
    components: m.components as APIActionRowComponent<APIComponentInMessageActionRow>[],
    attachments: m.attachments.map((f): APIAttachment => ({
      id: f.id,
      filename: f.filename,
      size: f.data.length,
      content_type: f.contentType,
      url: attachmentPath(f),
      proxy_url: attachmentPath(f),
    })),
    flags: m.flags,
    interaction:
      m.interaction?.command != null
        ? { userId: m.interaction.userId, userName: m.interaction.userName, command: m.interaction.command }
        : null,
    visibleTo: m.visibleTo,
    pinned: m.pinnedAt !== null,
    timestamp: m.timestamp,
    editedTimestamp: m.editedTimestamp,
  };
}

/** An interaction the stand-in sent the bot. */
export function interactionEntry(payload: Record<string, unknown>): InspectorEntry {
  return {
    at: new Date().toISOString(),
    direction: 'to-bot',
    method: 'GATEWAY',
    path: 'INTERACTION_CREATE',
    status: null,
    body: payload,
  };
}

/** A REST request the bot sent, with Discord's status; a multipart body as its form fields. */
export function requestEntry(r: AnsweredRequest): InspectorEntry {
  return {
    at: new Date().toISOString(),
    direction: 'from-bot',
    method: r.method,
    path: r.path,
    status: r.status,
    body:
      r.files.length > 0
        ? {
            payload_json: r.body,
            files: r.files.map((f) => ({
              name: f.name,
              contentType: f.contentType,
              size: Buffer.byteLength(f.text),
            })),
          }
        : r.body,
  };
}

/** The first event of every page connection. */
export function hello(standIn: DiscordStandIn): Extract<ServerEvent, { type: 'hello' }> {
  return {
    type: 'hello',
    guild: { id: GUILD_ID, name: GUILD_NAME },
    channels: CHANNELS.map((c) => ({
      id: c.id,
      name: c.name,
      kind: c.parentId === null ? 'channel' : 'thread',
    })),
    users: USERS.map((u) => ({
      id: u.id,
      name: u.name,
      role: u.role,
      permissions: String(channelPermissions(u.id, u.roles, CHANNEL_ID)),
    })),
    locales: PAGE_LOCALES,
    commands: standIn.commands.available(),
    messages: standIn.messages.all().map(toPlaygroundMessage),
  };
}
