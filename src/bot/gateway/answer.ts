import {
  MessageFlags,
  type CommandInteraction,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  type MessageComponentInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import { isGone, pinMessage, unpinMessage } from '../rest-pins.js';
import type { Prepared } from '../dispatch.js';
import type { DiscordPort, Payload, PostedMessage, Response } from '../types.js';

/** An interaction that takes a message in answer. */
export type Repliable = CommandInteraction | MessageComponentInteraction | ModalSubmitInteraction;

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

/**
 * One interaction's answer through discord.js: the {@link DiscordPort} a
 * handler uses while it runs, and the sending of its response with the call
 * the interaction's state allows. Calls run one after another, so a deferral
 * that a slow handler triggers never races a message the handler posts.
 */
export class GatewayAnswer implements DiscordPort {
  /** The original response holds a message the channel sees (a posted card). */
  private originalUsed = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly interaction: Repliable) {}

  private serial<R>(work: () => Promise<R>): Promise<R> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private get acknowledged(): boolean {
    return this.interaction.deferred || this.interaction.replied;
  }

  /** Tells Discord an answer is coming; a component's keeps the clicked message as it is. */
  defer(prepared: Pick<Prepared, 'ephemeral'>): Promise<void> {
    return this.serial(async () => {
      if (this.acknowledged) return;
      const i = this.interaction;
      if (i.isMessageComponent()) await i.deferUpdate();
      else await i.deferReply(prepared.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    });
  }

  readonly post = (payload: Payload): Promise<PostedMessage> =>
    this.serial(async () => {
      const i = this.interaction;
      const options = replyOptions(payload, false);
      // A public deferral of a command becomes the message itself.
      if (!i.isMessageComponent() && !this.originalUsed && (!this.acknowledged || i.ephemeral !== true)) {
        const id = this.acknowledged
          ? (await i.editReply(editOptions(payload))).id
          : ((await i.reply({ ...options, withResponse: true })).resource?.message?.id ?? '');
        this.originalUsed = true;
        return {
          id,
          withdraw: () =>
            i.deleteReply().then(
              () => undefined,
              () => undefined,
            ),
        };
      }
      if (i.isMessageComponent() && !this.acknowledged) await i.deferUpdate();
      const posted = await i.followUp(options);
      return {
        id: posted.id,
        withdraw: () =>
          i.deleteReply(posted.id).then(
            () => undefined,
            () => undefined,
          ),
      };
    });

  readonly pin = (channelId: string, messageId: string): Promise<void> =>
    pinMessage(this.interaction.client.rest, channelId, messageId);

  readonly unpin = (channelId: string, messageId: string): Promise<'unpinned' | 'gone'> =>
    unpinMessage(this.interaction.client.rest, channelId, messageId);

  /** Sends a handler's response; never overwrites what others can see with a private answer. */
  send(response: Response): Promise<void> {
    return this.serial(async () => {
      const i = this.interaction;
      switch (response.kind) {
        case 'reply': {
          const options = replyOptions(response.payload, response.ephemeral);
          if (!this.acknowledged) await i.reply(options);
          // A deferred button's reply is a new message: editing would replace
          // the message that was clicked, which others may see.
          else if (i.isMessageComponent() || this.originalUsed) await i.followUp(options);
          else if (response.ephemeral && i.ephemeral !== true) {
            // A public deferral never turns into a private answer: it goes, and the answer follows privately.
            await dropDeferral(i);
            await i.followUp(options);
          } else await i.editReply(editOptions(response.payload));
          return;
        }
        case 'update':
          if (i.isMessageComponent() && !this.acknowledged) await i.update(common(response.payload, true));
          else await i.editReply(editOptions(response.payload));
          return;
        case 'post':
          if (this.acknowledged) await i.followUp(replyOptions(response.payload, false));
          else await i.reply(replyOptions(response.payload, false));
          await i.followUp(replyOptions(response.confirmation, true));
          return;
      }
    });
  }
}

/**
 * Tells the user privately that their answer could not be sent (Discord
 * refused or failed it), with the call the interaction's state still allows,
 * never overwriting what others can see: a private deferral is edited, a
 * public one that still waits goes, and anything else gets a private follow-up.
 */
export async function tellPrivately(interaction: Repliable, payload: Payload): Promise<void> {
  const i = interaction;
  if (!i.deferred && !i.replied) {
    await i.reply(replyOptions(payload, true));
    return;
  }
  if (i.deferred && !i.isMessageComponent() && i.ephemeral === true) {
    await i.editReply(editOptions(payload));
    return;
  }
  if (i.deferred && !i.replied && !i.isMessageComponent()) await dropDeferral(i);
  await i.followUp(replyOptions(payload, true));
}

/**
 * Deletes a public deferral before a private answer follows it. Gone already
 * (a withdrawn pin card) is fine; any other failure is thrown, because a
 * follow-up sent while the deferral is still there could take its place,
 * and with it its visibility: the private answer would show to the channel.
 */
async function dropDeferral(i: Repliable): Promise<void> {
  try {
    await i.deleteReply();
  } catch (error) {
    if (!isGone(error)) throw error;
  }
}
