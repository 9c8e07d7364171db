import { PermissionFlagsBits } from 'discord.js';
import type { Quote } from '../../../reading-room.js';
import { LIMITS, MAX_ECHO, MAX_NOTEBOOK_NOTE, NOTEBOOK_LIMIT } from '../../limits.js';
import { checkedNote, checkInvitedHere, has, quoteOrNull, requireQuote } from '../../rules.js';
import { clip } from '../../render.js';
import {
  UserFacingError,
  type AutocompleteInput,
  type BotContext,
  type Choice,
  type CommandInput,
  type Handled,
  type InteractionInput,
  type Response,
} from '../../types.js';
import { message } from '../../views/payload.js';

/**
 * A notebook belongs to a channel or thread; in direct messages, to that
 * conversation. Only where the bot was invited (see /notebook): the Add to
 * notebook button of a result list a user install made is refused.
 */
export function notebookScope(input: InteractionInput): string {
  if (input.channelId === null) throw new UserFacingError('guildOnly');
  checkInvitedHere(input);
  return `${input.guildId ?? 'dm'}:${input.channelId}`;
}

/** Who is changing a notebook, and whether they may change others' entries (Manage Messages). */
const actorOf = (input: Handled): { userId: string; mayChangeOthers: boolean } => ({
  userId: input.userId,
  mayChangeOthers: has(input.memberPermissions, PermissionFlagsBits.ManageMessages),
});

/** /notebook add citation [note]: adds, or updates the note of an entry already there. */
export function notebookAdd(
  input: CommandInput<{ readonly citation: string; readonly note?: string | undefined }>,
  ctx: BotContext,
): Promise<Response> {
  const note = checkedNote(input.options.note, MAX_NOTEBOOK_NOTE);
  return addToNotebook(input, ctx, requireQuote(ctx, input.options.citation.trim()), note);
}

/** Adds a passage to this channel's notebook: the command and the button of an opened passage. */
export async function addToNotebook(
  input: Handled,
  ctx: BotContext,
  quote: Quote,
  note: string,
): Promise<Response> {
  const scope = notebookScope(input);
  const citation = quote.passage.id;
  // Someone else's note is theirs: changing it takes what removing it takes.
  const result = await ctx.store.notebooks.add(
    scope,
    { citation, addedBy: input.userId, addedAt: Date.now(), note: note === '' ? null : note },
    actorOf(input),
  );
  if (result.kind === 'forbidden')
    throw new UserFacingError('missingUserPermission', { permission: 'ManageMessages' });
  if (result.kind === 'full') throw new UserFacingError('notebookFull', { max: NOTEBOOK_LIMIT });
  const { t } = input.audience.reader;
  const text = {
    added: () => t('notebook.added', { citation, count: result.count }),
    updated: () => t('notebook.updated', { citation }),
    unchanged: () => t('notebook.already', { citation }),
  }[result.kind]();
  return { kind: 'reply', payload: message(text), ephemeral: true };
}

/** /notebook remove citation: by the member who added it, or with Manage Messages. */
export async function notebookRemove(
  input: CommandInput<{ readonly citation: string }>,
  ctx: BotContext,
): Promise<Response> {
  const scope = notebookScope(input);
  const citation = input.options.citation.trim();
  const removed = await ctx.store.notebooks.remove(scope, citation, actorOf(input));
  if (removed.kind === 'missing')
    throw new UserFacingError('notInNotebook', { citation: clip(citation, MAX_ECHO) });
  if (removed.kind === 'forbidden')
    throw new UserFacingError('missingUserPermission', { permission: 'ManageMessages' });
  const text = input.audience.reader.t('notebook.removed', { citation: removed.entry.citation });
  return { kind: 'reply', payload: message(text), ephemeral: true };
}

/** Autocomplete of /notebook remove: this notebook's entries. */
export async function notebookChoices(input: AutocompleteInput, ctx: BotContext): Promise<readonly Choice[]> {
  if (input.channelId === null) return [];
  const needle = input.value.trim().toLowerCase();
  return (await ctx.store.notebooks.list(notebookScope(input)))
    .map((e) => ({
      name: clip(
        `${e.citation} — ${(quoteOrNull(ctx, e.citation)?.passage.text ?? '').replace(/\s+/g, ' ')}`,
        LIMITS.choiceName,
      ),
      value: e.citation,
    }))
    .filter((c) => needle === '' || c.name.toLowerCase().includes(needle))
    .slice(0, LIMITS.choices);
}
