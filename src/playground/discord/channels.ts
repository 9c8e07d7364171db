import { PermissionFlagsBits } from 'discord.js';
import type { RestContext } from './context.js';
import { channelById } from './guild.js';
import { ERRORS, ok, type ParsedRequest, type Reply } from './http.js';
import { BOT_PERMISSIONS, BOT_USER_ID, MAX_PINS } from './ids.js';
import { invalidFormBody, messageErrors } from './limits.js';
import { messageToApi } from './messages.js';
import { fieldsOf } from './responses.js';

// Channel routes: messages the bot posts, reads, edits and deletes itself,
// and pins on the current routes (/channels/:id/messages/pins…).

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const botMay = (permission: bigint): boolean => (BOT_PERMISSIONS & permission) !== 0n;

/** /channels/:c/messages and /channels/:c/messages/:m. */
export function channelMessages(
  ctx: RestContext,
  channelId: string,
  messageId: string | null,
  req: ParsedRequest,
): Reply {
  const channel = channelById(channelId);
  if (!channel) return ERRORS.unknownChannel();
  if (messageId === null) {
    if (req.method === 'GET') {
      const limit = Math.min(100, Math.max(1, Number(req.query.get('limit') ?? 50) || 50));
      return ok(
        ctx.messages
          .channel(channelId)
          .slice(0, limit)
          .map((m) => messageToApi(m, ctx.origin())),
      );
    }
    if (req.method !== 'POST') return ERRORS.unknownRoute();
    const send =
      channel.parentId !== null
        ? PermissionFlagsBits.SendMessagesInThreads
        : PermissionFlagsBits.SendMessages;
    if (!botMay(send)) return ERRORS.missingPermissions();
    const body = isObject(req.body) ? req.body : {};
    const errors = messageErrors(body);
    if (errors.length > 0) return { status: 400, body: invalidFormBody(errors) };
    const m = ctx.messages.create(channelId, fieldsOf(ctx, body, req.files, channelId, null));
    return ok(messageToApi(m, ctx.origin()));
  }
  const message = ctx.messages.get(messageId);
  // An ephemeral message is no message of the channel.
  if (message?.channelId !== channelId || message.visibleTo !== null) return ERRORS.unknownMessage();
  if (req.method === 'GET') return ok(messageToApi(message, ctx.origin()));
  if (req.method === 'DELETE') {
    if (message.author.id !== BOT_USER_ID && !botMay(PermissionFlagsBits.ManageMessages))
      return ERRORS.missingPermissions();
    ctx.messages.delete(message.id);
    return ok();
  }
  if (req.method !== 'PATCH') return ERRORS.unknownRoute();
  if (message.author.id !== BOT_USER_ID) return ERRORS.cannotEditOthers();
  const body = isObject(req.body) ? req.body : {};
  const errors = messageErrors(body);
  if (errors.length > 0) return { status: 400, body: invalidFormBody(errors) };
  const updated = ctx.messages.update(
    message.id,
    fieldsOf(ctx, body, req.files, channelId, message.attachments),
  );
  return ok(messageToApi(updated, ctx.origin()));
}

/** PUT and DELETE /channels/:c/messages/pins/:m, GET /channels/:c/messages/pins. */
export function pins(
  ctx: RestContext,
  channelId: string,
  messageId: string | null,
  req: ParsedRequest,
): Reply {
  if (!channelById(channelId)) return ERRORS.unknownChannel();
  if (messageId === null) {
    if (req.method !== 'GET') return ERRORS.unknownRoute();
    const limit = Math.min(50, Math.max(1, Number(req.query.get('limit') ?? 50) || 50));
    const before = req.query.get('before');
    const all = ctx.messages.pins(channelId).filter((m) => before === null || (m.pinnedAt ?? '') < before);
    return ok({
      items: all
        .slice(0, limit)
        .map((m) => ({ pinned_at: m.pinnedAt, message: messageToApi(m, ctx.origin()) })),
      has_more: all.length > limit,
    });
  }
  if (req.method !== 'PUT' && req.method !== 'DELETE') return ERRORS.unknownRoute();
  if (!botMay(PermissionFlagsBits.PinMessages)) return ERRORS.missingPermissions();
  const message = ctx.messages.get(messageId);
  if (message?.channelId !== channelId || message.visibleTo !== null) return ERRORS.unknownMessage();
  if (req.method === 'DELETE') {
    if (message.pinnedAt !== null) ctx.messages.update(message.id, { pinnedAt: null }, false);
    return ok();
  }
  if (message.pinnedAt !== null) return ok();
  if (ctx.pinsFull() || ctx.messages.pins(channelId).length >= MAX_PINS) return ERRORS.maxPins(MAX_PINS);
  ctx.messages.update(message.id, { pinnedAt: new Date().toISOString() }, false);
  return ok();
}

/** GET /attachments/:channel/:id/:name: an uploaded file, as Discord's CDN serves it. */
export function attachment(ctx: RestContext, fileId: string): Reply {
  const file = ctx.messages.file(fileId);
  if (!file) return ERRORS.unknownRoute();
  return { status: 200, raw: { data: file.data, contentType: file.contentType, filename: file.filename } };
}
