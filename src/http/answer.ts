import {
  DiscordAPIError,
  InteractionResponseType,
  MessageFlags,
  RESTJSONErrorCodes,
  Routes,
  type REST,
} from 'discord.js';
import { isGone, pinMessage, unpinMessage } from '../bot/rest-pins.js';
import { filesOf, messageBody, type InitialResponse } from './message-body.js';

export { messageBody, type InitialResponse } from './message-body.js';
import type { Prepared } from '../bot/dispatch.js';
import {
  type Choice,
  type DiscordPort,
  type Payload,
  type PostedMessage,
  type Response,
} from '../bot/types.js';

/**
 * How often a call about the response just sent in the HTTP body is tried
 * while Discord still creates it: a follow-up, an edit or the id lookup can
 * reach Discord's REST API before the gateway side has made the response.
 */
const ORIGINAL_TRIES = 4;
const ORIGINAL_PAUSE_MS = 250;

/** The answers of a call that came too soon: the response, or its webhook, does not exist yet. */
const NOT_YET = new Set<number>([RESTJSONErrorCodes.UnknownMessage, RESTJSONErrorCodes.UnknownWebhook]);

/** Runs `call`, again after a pause while Discord answers that the response is not there yet. */
async function whenThere<R>(call: () => Promise<R>): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const early = error instanceof DiscordAPIError && NOT_YET.has(Number(error.code));
      if (!early || attempt >= ORIGINAL_TRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, ORIGINAL_PAUSE_MS * attempt));
    }
  }
}

/** What one interaction's answer needs of the HTTP exchange and of Discord's REST API. */
export interface HttpAnswerOptions {
  readonly rest: REST;
  readonly applicationId: string;
  /** The interaction token: valid 15 minutes for edits and follow-ups. */
  readonly token: string;
  /** A button or menu click: its deferral keeps the clicked message. */
  readonly component: boolean;
  /** Writes the HTTP response to Discord's POST; called at most once. */
  readonly respond: (body: InitialResponse) => Promise<void>;
}

/**
 * One interaction's answer in HTTP mode: the {@link DiscordPort} a handler
 * uses while it runs, and the sending of its response. The first answer goes
 * in the body of the HTTP response; everything after it goes through
 * `@discordjs/rest` (edit the original, follow up, delete, pin). The rules
 * are the gateway adapter's (`src/bot/gateway/answer.ts`), call for call:
 * a public deferral never turns into a private answer, a deferred click's
 * reply is a follow-up. Calls run one after another.
 */
export class HttpAnswer implements DiscordPort {
  /** The HTTP response has been written. */
  private responded = false;
  /** It was a deferral (type 5 or 6), not a message. */
  private deferred = false;
  /** The original response is seen only by the user; null before there is one. */
  private originalEphemeral: boolean | null = null;
  /** The original response holds a message the channel sees (a posted card). */
  private originalUsed = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: HttpAnswerOptions) {}

  /** Whether the HTTP response has been written (a transport's fallback needs to know). */
  get answered(): boolean {
    return this.responded;
  }

  private serial<R>(work: () => Promise<R>): Promise<R> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async respond(body: InitialResponse, ephemeral: boolean): Promise<void> {
    this.responded = true;
    this.originalEphemeral = ephemeral;
    await this.o.respond(body);
  }

  private get webhook(): `/${string}` {
    return Routes.webhook(this.o.applicationId, this.o.token);
  }

  private original(id = '@original'): `/${string}` {
    return Routes.webhookMessage(this.o.applicationId, this.o.token, id);
  }

  private async followUp(payload: Payload, ephemeral: boolean): Promise<string> {
    const files = filesOf(payload);
    // Not created when Discord refuses it, so trying again cannot post twice.
    const message = (await whenThere(() =>
      this.o.rest.post(this.webhook, {
        body: messageBody(payload, { ephemeral }),
        ...(files ? { files } : {}),
        auth: false,
      }),
    )) as { id: string };
    return message.id;
  }

  private async editOriginal(payload: Payload): Promise<string> {
    const files = filesOf(payload);
    const message = (await whenThere(() =>
      this.o.rest.patch(this.original(), {
        body: messageBody(payload, { replacing: true }),
        ...(files ? { files } : {}),
        auth: false,
      }),
    )) as { id: string };
    return message.id;
  }

  /**
   * Deletes a public deferral before a private answer follows it. Gone
   * already is fine; any other failure is thrown, because a follow-up sent
   * while the deferral is still there could take its place, and with it its
   * visibility: the private answer would show to the channel.
   */
  private async dropDeferral(): Promise<void> {
    try {
      await this.deleteMessage('@original');
    } catch (error) {
      if (!isGone(error)) throw error;
    }
  }

  private async deleteMessage(id: string): Promise<void> {
    await this.o.rest.delete(this.original(id), { auth: false });
  }

  /**
   * The first answer as a message: in the response body, or, with files
   * (which the JSON body cannot carry), a deferral there and the message as
   * a multipart edit of it.
   */
  private async firstMessage(payload: Payload, ephemeral: boolean): Promise<void> {
    if (payload.files?.length) {
      await this.respondDeferred(ephemeral);
      await this.editOriginal(payload);
      return;
    }
    await this.respond(
      {
        type: InteractionResponseType.ChannelMessageWithSource,
        data: messageBody(payload, { ephemeral }),
      },
      ephemeral,
    );
  }

  private async respondDeferred(ephemeral: boolean): Promise<void> {
    this.deferred = true;
    if (this.o.component) await this.respond({ type: InteractionResponseType.DeferredMessageUpdate }, true);
    else
      await this.respond(
        {
          type: InteractionResponseType.DeferredChannelMessageWithSource,
          ...(ephemeral ? { data: { flags: MessageFlags.Ephemeral } } : {}),
        },
        ephemeral,
      );
  }

  /** The id of the message just sent as the response body, once Discord has made it. */
  private async originalId(): Promise<string> {
    return ((await whenThere(() => this.o.rest.get(this.original(), { auth: false }))) as { id: string }).id;
  }

  /** Tells Discord an answer is coming; a component's keeps the clicked message as it is. */
  defer(prepared: Pick<Prepared, 'ephemeral'>): Promise<void> {
    return this.serial(async () => {
      if (this.responded) return;
      await this.respondDeferred(prepared.ephemeral);
    });
  }

  /** An autocomplete's suggestions, in the response body. */
  choices(choices: readonly Choice[]): Promise<void> {
    return this.serial(async () => {
      if (this.responded) return;
      await this.respond(
        { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } },
        true,
      );
    });
  }

  readonly post = (payload: Payload): Promise<PostedMessage> =>
    this.serial(async () => {
      // A command's original response, not yet sent or a public deferral, becomes the message itself.
      if (
        !this.o.component &&
        !this.originalUsed &&
        (!this.responded || (this.deferred && this.originalEphemeral !== true))
      ) {
        let id: string;
        if (this.responded) id = await this.editOriginal(payload);
        else if (payload.files?.length) {
          await this.respondDeferred(false);
          id = await this.editOriginal(payload);
        } else {
          await this.firstMessage(payload, false);
          id = await this.originalId();
        }
        this.originalUsed = true;
        return { id, withdraw: () => this.deleteMessage('@original').catch(() => undefined) };
      }
      if (this.o.component && !this.responded) await this.respondDeferred(true);
      const id = await this.followUp(payload, false);
      return { id, withdraw: () => this.deleteMessage(id).catch(() => undefined) };
    });

  readonly pin = (channelId: string, messageId: string): Promise<void> =>
    pinMessage(this.o.rest, channelId, messageId);

  readonly unpin = (channelId: string, messageId: string): Promise<'unpinned' | 'gone'> =>
    unpinMessage(this.o.rest, channelId, messageId);

  /** Sends a handler's response; never overwrites what others can see with a private answer. */
  send(response: Response): Promise<void> {
    return this.serial(async () => {
      switch (response.kind) {
        case 'reply': {
          const { payload, ephemeral } = response;
          if (!this.responded) await this.firstMessage(payload, ephemeral);
          // A deferred click's reply is a new message: editing would replace
          // the message that was clicked, which others may see.
          else if (this.o.component || this.originalUsed) await this.followUp(payload, ephemeral);
          else if (ephemeral && this.originalEphemeral !== true) {
            // A public deferral never turns into a private answer: it goes, and the answer follows privately.
            await this.dropDeferral();
            await this.followUp(payload, true);
          } else await this.editOriginal(payload);
          return;
        }
        case 'update':
          if (this.o.component && !this.responded && !response.payload.files?.length)
            await this.respond(
              {
                type: InteractionResponseType.UpdateMessage,
                data: messageBody(response.payload, { replacing: true }),
              },
              true,
            );
          else {
            if (!this.responded) await this.respondDeferred(true);
            await this.editOriginal(response.payload);
          }
          return;
        case 'post':
          if (this.responded) await this.followUp(response.payload, false);
          else await this.firstMessage(response.payload, false);
          await this.followUp(response.confirmation, true);
          return;
      }
    });
  }

  /**
   * Tells the user privately that their answer could not be sent, with the
   * call the state still allows, never overwriting what others can see.
   */
  tellPrivately(payload: Payload): Promise<void> {
    return this.serial(async () => {
      if (!this.responded) {
        await this.firstMessage(payload, true);
        return;
      }
      if (this.deferred && !this.o.component && this.originalEphemeral === true && !this.originalUsed) {
        await this.editOriginal(payload);
        return;
      }
      if (this.deferred && !this.o.component && !this.originalUsed) await this.dropDeferral();
      await this.followUp(payload, true);
    });
  }
}
