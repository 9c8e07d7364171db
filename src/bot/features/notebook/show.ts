import type { CitationStyle } from '../../../citation/styles.js';
import { warningsFor } from '../../audience.js';
import type { ComponentSpec } from '../../define.js';
import { claimCooldown, quoteOrNull, withNotice } from '../../rules.js';
import {
  UserFacingError,
  type BotContext,
  type CommandInput,
  type Handled,
  type Payload,
  type Response,
} from '../../types.js';
import { exportNotebook, type ExportFormat } from './export.js';
import { notebookScope } from './entries.js';
import { notebookView } from './views.js';

async function entriesOf(input: Handled, ctx: BotContext) {
  const entries = await ctx.store.notebooks.list(notebookScope(input));
  if (entries.length === 0) throw new UserFacingError('notebookEmpty');
  return entries;
}

/** A page of the notebook; a public one is the channel's, in the server's language, whoever pages it. */
async function notebookPage(
  input: Handled,
  ctx: BotContext,
  page: number,
  isPublic: boolean,
): Promise<Payload> {
  const entries = await entriesOf(input, ctx);
  return notebookView({
    entries,
    quoteOf: (citation) => quoteOrNull(ctx, citation),
    page,
    t: (isPublic ? input.audience.channel : input.audience.reader).t,
    warnings: warningsFor(input.audience, isPublic),
  });
}

/** /notebook show: paged, private unless `public` is true. */
export async function notebookShow(input: CommandInput, ctx: BotContext): Promise<Response> {
  // Checked before the cooldown, so an empty notebook costs none.
  await entriesOf(input, ctx);
  const { visibility } = input;
  if (visibility.isPublic) claimCooldown(input, ctx);
  const payload = await notebookPage(input, ctx, 0, visibility.isPublic);
  return {
    kind: 'reply',
    payload: withNotice(payload, visibility, input.audience.reader.t),
    ephemeral: !visibility.isPublic,
  };
}

/** The paging buttons of /notebook show. */
export const notebookComponent: ComponentSpec<'notebook'> = {
  async handle(input, ctx) {
    return { kind: 'update', payload: await notebookPage(input, ctx, input.id.page, input.messageIsPublic) };
  },
};

/** /notebook export [style] [format]: the notebook as an attached file. */
export async function notebookExport(
  input: CommandInput<{
    readonly style?: CitationStyle | undefined;
    readonly format?: ExportFormat | undefined;
  }>,
  ctx: BotContext,
): Promise<Response> {
  const entries = await entriesOf(input, ctx);
  const style = input.options.style ?? 'apa';
  const { visibility } = input;
  const isPublic = visibility.isPublic;
  if (isPublic) claimCooldown(input, ctx);
  // Headings in the server's language, the one the study group shares.
  const { channel, reader } = input.audience;
  const file = exportNotebook({
    entries,
    quoteOf: (citation) => quoteOrNull(ctx, citation),
    style,
    format: input.options.format ?? 'markdown',
    channelName: input.channelName ?? input.channelId ?? '',
    t: channel.t,
    language: channel.language,
    now: new Date(),
  });
  // Discord shows a text file inline; in public, marked passages go behind
  // Discord's spoiler for attachments, as they do in quote cards.
  const veil = isPublic && input.audience.contentWarnings && file.marked;
  const t = reader.t;
  return {
    kind: 'reply',
    payload: withNotice(
      {
        content: t('notebook.exported', { count: file.count, style: t(`citeStyle.${style}`) }),
        files: [{ name: `${veil ? 'SPOILER_' : ''}${file.name}`, data: Buffer.from(file.text, 'utf8') }],
        allowedMentions: { parse: [] },
      },
      visibility,
      t,
    ),
    ephemeral: !isPublic,
  };
}
