import type { RestContext } from './context.js';
import { attachment, channelMessages, pins } from './channels.js';
import { isKnownGuild, registrationErrors } from './commands.js';
import { userJson } from './guild.js';
import { discordError, ERRORS, ok, type ParsedRequest, type Reply } from './http.js';
import { APPLICATION_ID, BOT_NAME, BOT_USER_ID } from './ids.js';
import { invalidFormBody } from './limits.js';
import { callback, followUp, webhookMessage } from './responses.js';

type Handler = (ctx: RestContext, params: readonly string[], req: ParsedRequest) => Reply;

/** Routes that take the interaction token in the path instead of the bot's token, as on Discord. */
const TOKEN_IN_PATH = /^\/(interactions|webhooks)\//;

const ID = String.raw`(\d{17,20})`;
const TOKEN = String.raw`([^/]+)`;

/** The routes the bot uses, as Discord's API v10 has them. Paths are without `/api/v10`. */
const ROUTES: readonly (readonly [RegExp, Handler])[] = [
  [/^\/gateway(\/bot)?$/, () => ok()], // answered by the stand-in itself, which knows its URL
  [/^\/users\/@me$/, () => ok(userJson(BOT_USER_ID, BOT_NAME, true))],
  [
    new RegExp(`^/interactions/${ID}/${TOKEN}/callback$`),
    (ctx, [id = '', token = ''], req) =>
      req.method === 'POST' ? callback(ctx, id, token, req) : ERRORS.unknownRoute(),
  ],
  [
    new RegExp(`^/webhooks/${ID}/${TOKEN}$`),
    (ctx, [app, token = ''], req) =>
      app !== APPLICATION_ID
        ? ERRORS.unknownWebhook()
        : req.method === 'POST'
          ? followUp(ctx, token, req)
          : ERRORS.unknownRoute(),
  ],
  [
    new RegExp(`^/webhooks/${ID}/${TOKEN}/messages/(@original|\\d{17,20})$`),
    (ctx, [app, token = '', which = ''], req) =>
      app !== APPLICATION_ID ? ERRORS.unknownWebhook() : webhookMessage(ctx, token, which, req),
  ],
  [new RegExp(`^/channels/${ID}/messages/pins$`), (ctx, [c = ''], req) => pins(ctx, c, null, req)],
  [new RegExp(`^/channels/${ID}/messages/pins/${ID}$`), (ctx, [c = '', m = ''], req) => pins(ctx, c, m, req)],
  [new RegExp(`^/channels/${ID}/messages$`), (ctx, [c = ''], req) => channelMessages(ctx, c, null, req)],
  [
    new RegExp(`^/channels/${ID}/messages/${ID}$`),
    (ctx, [c = '', m = ''], req) => channelMessages(ctx, c, m, req),
  ],
  [new RegExp(`^/applications/${ID}/commands$`), (ctx, [app = ''], req) => commands(ctx, app, null, req)],
  [
    new RegExp(`^/applications/${ID}/guilds/${ID}/commands$`),
    (ctx, [app = '', guild = ''], req) => commands(ctx, app, guild, req),
  ],
];

/** Answers one REST request of the bot; attachments are public, as on Discord's CDN. */
export function route(ctx: RestContext, req: ParsedRequest): Reply {
  if (req.method === 'GET') {
    const file = /^\/attachments\/\d+\/(\d+)\/[^/]+$/.exec(req.path);
    if (file) return attachment(ctx, file[1] ?? '');
  }
  if (!TOKEN_IN_PATH.test(req.path) && !/^Bot \S+$/.test(req.authorization ?? ''))
    return ERRORS.unauthorized();
  if (req.body === undefined) return discordError(400, 50109, 'The request body contains invalid JSON.');
  for (const [pattern, handler] of ROUTES) {
    const match = pattern.exec(req.path);
    if (match) return handler(ctx, match.slice(1), req);
  }
  return ERRORS.unknownRoute();
}

/** PUT (replace all) and GET of global or server commands. */
function commands(ctx: RestContext, app: string, guild: string | null, req: ParsedRequest): Reply {
  if (app !== APPLICATION_ID) return ERRORS.unknownApplication();
  if (guild !== null && !isKnownGuild(guild)) return ERRORS.unknownGuild();
  if (req.method === 'GET') return ok(ctx.commands.list(guild));
  if (req.method !== 'PUT') return ERRORS.unknownRoute();
  const errors = registrationErrors(req.body);
  if (errors.length > 0) return { status: 400, body: invalidFormBody(errors) };
  const made = ctx.commands.put(req.body as Record<string, unknown>[], guild);
  ctx.onCommands(ctx.commands.available());
  return ok(made);
}
