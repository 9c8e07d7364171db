import type { APIApplicationCommandOptionChoice, APIEmbed } from 'discord.js';
import type { RestContext } from './context.js';
import { ERRORS, guessContentType, ok, type ParsedRequest, type Reply, type UploadedFile } from './http.js';
import type { InteractionRecord } from './interactions.js';
import { choiceErrors, invalidFormBody, messageErrors, type FieldError } from './limits.js';
import { EPHEMERAL, LOADING, messageToApi, type MessageFields, type StoredFile } from './messages.js';

// Interaction responses: the callback that acknowledges an interaction, then
// the webhook routes of its token (follow-ups, @original, messages/:id).

/** Callback types each interaction type accepts, by InteractionType. */
const ALLOWED: Record<number, readonly number[]> = {
  1: [1],
  2: [4, 5, 9],
  3: [4, 5, 6, 7, 9],
  4: [8],
  5: [4, 5, 6, 7],
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The message fields a payload sets; files matched to `attachments` entries by their `files[n]` index. */
export function fieldsOf(
  ctx: RestContext,
  body: Record<string, unknown>,
  files: readonly UploadedFile[],
  channelId: string,
  kept: readonly StoredFile[] | null,
): MessageFields {
  const declared = Array.isArray(body['attachments']) ? (body['attachments'] as unknown[]) : null;
  const uploaded = files.map((f): StoredFile => {
    const index = /\[(\d+)\]$/.exec(f.field)?.[1] ?? '';
    const entry = declared?.find((a) => isObject(a) && String(a['id']) === index);
    const name = isObject(entry) && typeof entry['filename'] === 'string' ? entry['filename'] : f.name;
    return {
      id: ctx.messages.newId(),
      channelId,
      filename: name,
      contentType: guessContentType(name, f.contentType),
      data: f.data,
    };
  });
  const keep =
    kept === null
      ? []
      : declared === null
        ? kept
        : kept.filter((k) => declared.some((a) => isObject(a) && String(a['id']) === k.id));
  const changesFiles = kept === null || declared !== null || uploaded.length > 0;
  return {
    ...(typeof body['content'] === 'string' ? { content: body['content'] } : {}),
    ...(Array.isArray(body['embeds']) ? { embeds: body['embeds'] as APIEmbed[] } : {}),
    ...(Array.isArray(body['components']) ? { components: body['components'] as unknown[] } : {}),
    ...(changesFiles ? { attachments: [...keep, ...uploaded] } : {}),
  };
}

const formError = (errors: readonly FieldError[]): Reply => ({ status: 400, body: invalidFormBody(errors) });

/** POST /interactions/:id/:token/callback: the one acknowledgement, within the window. */
export function callback(ctx: RestContext, id: string, token: string, req: ParsedRequest): Reply {
  const record = ctx.interactions.get(id);
  if (record?.token !== token) return ERRORS.unknownInteraction();
  if (ctx.takeFailure()) return { status: 500, body: { message: 'Internal Server Error', code: 0 } };
  if (ctx.now() - record.dispatchedAt > ctx.timing.ackWindowMs) return ERRORS.unknownInteraction();
  if (record.acknowledged !== null) return ERRORS.alreadyAcknowledged();
  const body = isObject(req.body) ? req.body : {};
  const type = body['type'];
  const data = isObject(body['data']) ? body['data'] : {};
  if (typeof type !== 'number' || !(ALLOWED[record.type] ?? []).includes(type))
    return formError([
      {
        path: 'type',
        code: 'INTERACTION_CALLBACK_TYPE_INVALID',
        message: 'Invalid interaction callback type',
      },
    ]);
  const errors =
    type === 4 || type === 7
      ? messageErrors(data, 'data')
      : type === 8
        ? choiceErrors(data)
        : type === 9
          ? modalErrors(data)
          : [];
  if (errors.length > 0) return formError(errors);
  const clicked = record.messageId === null ? undefined : ctx.messages.get(record.messageId);
  const flags = typeof data['flags'] === 'number' ? data['flags'] : 0;
  const meta = {
    type: record.type === 2 ? 20 : 19,
    interaction: interactionOf(record),
    visibleTo: (flags & EPHEMERAL) !== 0 ? record.userId : null,
  };
  if (type === 4) {
    const fields = fieldsOf(ctx, data, req.files, record.channelId, null);
    const m = ctx.messages.create(record.channelId, { ...fields, flags: flags & EPHEMERAL }, meta);
    record.originalId = m.id;
    record.own.add(m.id);
  } else if (type === 5) {
    const m = ctx.messages.create(record.channelId, { flags: (flags & EPHEMERAL) | LOADING }, meta);
    record.originalId = m.id;
    record.loading = true;
    record.own.add(m.id);
  } else if (type === 6 || type === 7) {
    if (!clicked) return ERRORS.unknownMessage();
    record.originalId = clicked.id;
    record.own.add(clicked.id);
    if (type === 7)
      ctx.messages.update(clicked.id, fieldsOf(ctx, data, req.files, clicked.channelId, clicked.attachments));
  } else if (type === 8) {
    record.choices = (data['choices'] ?? []) as APIApplicationCommandOptionChoice[];
  }
  record.acknowledged = type;
  ctx.onAcknowledged(record, type, data);
  if (req.query.get('with_response') !== 'true') return ok();
  const message = record.originalId === null ? undefined : ctx.messages.get(record.originalId);
  return ok({
    interaction: {
      id: record.id,
      type: record.type,
      activity_instance_id: null,
      response_message_id: message?.id ?? null,
      response_message_loading: message ? (message.flags & LOADING) !== 0 : null,
      response_message_ephemeral: message ? (message.flags & EPHEMERAL) !== 0 : null,
    },
    resource: { type, ...(message && type !== 6 ? { message: messageToApi(message, ctx.origin()) } : {}) },
  });
}

/** Who ran what, as a reply to an interaction shows it above itself. */
function interactionOf(record: InteractionRecord) {
  return {
    id: record.id,
    type: record.type,
    userId: record.userId,
    userName: record.userName,
    command: record.command,
  };
}

function modalErrors(data: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  if (typeof data['custom_id'] !== 'string' || [...data['custom_id']].length > 100)
    errors.push({
      path: 'data.custom_id',
      code: 'BASE_TYPE_BAD_LENGTH',
      message: 'Must be between 1 and 100 in length.',
    });
  if (typeof data['title'] !== 'string' || [...data['title']].length > 45)
    errors.push({
      path: 'data.title',
      code: 'BASE_TYPE_BAD_LENGTH',
      message: 'Must be between 1 and 45 in length.',
    });
  return errors;
}

/** The interaction of a webhook token, if the token still works. */
function tokenOwner(ctx: RestContext, token: string): InteractionRecord | Reply {
  const record = ctx.interactions.withToken(token);
  // Until the interaction is acknowledged its webhook does not exist.
  if (!record || record.acknowledged === null) return ERRORS.unknownWebhook();
  if (ctx.now() - record.dispatchedAt > ctx.timing.tokenLifetimeMs) return ERRORS.invalidWebhookToken();
  return record;
}

const isReply = (x: InteractionRecord | Reply): x is Reply => 'status' in x;

/** POST /webhooks/:app/:token: a follow-up (after a type-5 deferral, the first one replaces "thinking…"). */
export function followUp(ctx: RestContext, token: string, req: ParsedRequest): Reply {
  const record = tokenOwner(ctx, token);
  if (isReply(record)) return record;
  const body = isObject(req.body) ? req.body : {};
  const errors = messageErrors(body);
  if (errors.length > 0) return formError(errors);
  const original = record.originalId === null ? undefined : ctx.messages.get(record.originalId);
  if (record.loading && original) {
    record.loading = false;
    const fields = fieldsOf(ctx, body, req.files, original.channelId, original.attachments);
    return ok(
      messageToApi(
        ctx.messages.update(original.id, { ...fields, flags: original.flags & ~LOADING }, false),
        ctx.origin(),
      ),
    );
  }
  const flags = typeof body['flags'] === 'number' ? body['flags'] & EPHEMERAL : 0;
  const m = ctx.messages.create(
    record.channelId,
    { ...fieldsOf(ctx, body, req.files, record.channelId, null), flags },
    {
      type: 19,
      interaction: interactionOf(record),
      visibleTo: flags !== 0 ? record.userId : null,
    },
  );
  record.own.add(m.id);
  return ok(messageToApi(m, ctx.origin()));
}

/** GET, PATCH and DELETE /webhooks/:app/:token/messages/(@original|:id). */
export function webhookMessage(ctx: RestContext, token: string, which: string, req: ParsedRequest): Reply {
  const record = tokenOwner(ctx, token);
  if (isReply(record)) return record;
  const id = which === '@original' ? record.originalId : which;
  const message = id === null ? undefined : ctx.messages.get(id);
  if (!message || !record.own.has(message.id)) return ERRORS.unknownMessage();
  if (req.method === 'GET') return ok(messageToApi(message, ctx.origin()));
  if (req.method === 'DELETE') {
    ctx.messages.delete(message.id);
    return ok();
  }
  if (req.method !== 'PATCH') return ERRORS.unknownRoute();
  const body = isObject(req.body) ? req.body : {};
  const errors = messageErrors(body);
  if (errors.length > 0) return formError(errors);
  const finishing = record.loading && message.id === record.originalId;
  if (finishing) record.loading = false;
  const fields = fieldsOf(ctx, body, req.files, message.channelId, message.attachments);
  const updated = ctx.messages.update(
    message.id,
    finishing ? { ...fields, flags: message.flags & ~LOADING } : fields,
    !finishing,
  );
  return ok(messageToApi(updated, ctx.origin()));
}
