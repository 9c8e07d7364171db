import { InteractionResponseType, MessageFlags, type RawFile } from 'discord.js';
import type { Choice, Payload } from '../bot/types.js';

/** What goes in the HTTP response to Discord's POST: the interaction's initial response. */
export type InitialResponse =
  | { readonly type: InteractionResponseType.Pong }
  | {
      readonly type:
        | InteractionResponseType.ChannelMessageWithSource
        | InteractionResponseType.UpdateMessage
        | InteractionResponseType.DeferredChannelMessageWithSource
        | InteractionResponseType.DeferredMessageUpdate;
      readonly data?: Record<string, unknown>;
    }
  | {
      readonly type: InteractionResponseType.ApplicationCommandAutocompleteResult;
      readonly data: { readonly choices: readonly Choice[] };
    };

/** A message as Discord's API spells it, allowed mentions always none. */
export function messageBody(
  payload: Payload,
  how: { readonly ephemeral?: boolean; readonly replacing?: boolean } = {},
): Record<string, unknown> {
  return {
    // An edit without content would keep the old text above the new view.
    ...(payload.content !== undefined
      ? { content: payload.content }
      : how.replacing === true
        ? { content: '' }
        : {}),
    embeds: [...(payload.embeds ?? [])],
    components: [...(payload.components ?? [])],
    allowed_mentions: { parse: [] },
    ...(how.ephemeral === true ? { flags: MessageFlags.Ephemeral } : {}),
    ...(payload.files ? { attachments: payload.files.map((f, id) => ({ id, filename: f.name })) } : {}),
  };
}

/** The files of a message as REST's multipart wants them. */
export function filesOf(payload: Payload): RawFile[] | undefined {
  return payload.files?.map((f) => ({ name: f.name, data: f.data }));
}
