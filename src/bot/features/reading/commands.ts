import { SlashCommandIntegerOption, SlashCommandStringOption } from 'discord.js';
import { z } from 'zod';
import { CITATION_STYLES } from '../../../citation/styles.js';
import { COMMANDS } from '../../../command-names.js';
import { MAX_DOCUMENT_ID } from '../../../library/schema.js';
import { warningsFor } from '../../audience.js';
import { defineSlash, installs, labelledChoice, option, slashCommand } from '../../define.js';
import { MAX_CITATION, MAX_ECHO } from '../../limits.js';
import { checkBotCanPost, claimCooldown, requireQuote, withNotice } from '../../rules.js';
import { clip } from '../../render.js';
import { UserFacingError } from '../../types.js';
import { quoteEmbeds } from '../../views/quote-card.js';
import { referencesView } from '../../views/references.js';
import { citationChoices, documentChoices } from './choices.js';
import { readerView, sourcesView } from './views.js';

const citation = (command: 'quote' | 'cite'): SlashCommandStringOption =>
  option(new SlashCommandStringOption(), command, 'citation')
    .setRequired(true)
    .setMaxLength(MAX_CITATION)
    .setAutocomplete(true);

/** /quote citation:<autocomplete>: a public quote card, or a private one where the member cannot post. */
export const quoteCommand = defineSlash({
  data: installs.everywhere(slashCommand('quote')).addStringOption(citation('quote')).toJSON(),
  options: z.object({ [COMMANDS.quote.options.citation]: z.string() }),
  reach: () => ({ public: true }),
  execute: (input, ctx) => {
    const quote = requireQuote(ctx, input.options.citation.trim());
    const { visibility } = input;
    if (visibility.isPublic) {
      claimCooldown(input, ctx);
      checkBotCanPost(input.appPermissions);
    }
    const { t, language } = visibility.isPublic ? input.audience.channel : input.audience.reader;
    const card = {
      embeds: quoteEmbeds(quote, t, language, warningsFor(input.audience, visibility.isPublic)),
      allowedMentions: { parse: [] },
    };
    return { kind: 'reply', payload: withNotice(card, visibility, t), ephemeral: !visibility.isPublic };
  },
  autocomplete: citationChoices,
});

/** /cite citation:<autocomplete> style:<apa|mla|chicago>: a formatted reference, privately. */
export const citeCommand = defineSlash({
  data: installs
    .everywhere(slashCommand('cite'))
    .addStringOption(citation('cite'))
    .addStringOption(
      option(new SlashCommandStringOption(), 'cite', 'style')
        .setRequired(true)
        .addChoices(...CITATION_STYLES.map((s) => labelledChoice(`citeStyle.${s}`, s))),
    )
    .toJSON(),
  options: z.object({
    [COMMANDS.cite.options.citation]: z.string(),
    [COMMANDS.cite.options.style]: z.enum(CITATION_STYLES).optional(),
  }),
  execute: (input, ctx) => {
    const quote = requireQuote(ctx, input.options.citation.trim());
    const styles = input.options.style !== undefined ? [input.options.style] : CITATION_STYLES;
    return {
      kind: 'reply',
      payload: referencesView(quote, styles, input.audience.reader.t),
      ephemeral: true,
    };
  },
  autocomplete: citationChoices,
});

/** /read document:<autocomplete> [paragraph]: a private reader, one passage at a time. */
export const readCommand = defineSlash({
  data: installs
    .everywhere(slashCommand('read'))
    .addStringOption(
      option(new SlashCommandStringOption(), 'read', 'document')
        .setMaxLength(MAX_DOCUMENT_ID)
        .setRequired(true)
        .setAutocomplete(true),
    )
    .addIntegerOption(
      option(new SlashCommandIntegerOption(), 'read', 'paragraph').setMinValue(1).setMaxValue(100000),
    )
    .toJSON(),
  options: z.object({
    [COMMANDS.read.options.document]: z.string(),
    [COMMANDS.read.options.paragraph]: z.number().int().optional(),
  }),
  execute: (input, ctx) => {
    const documentId = input.options.document.trim();
    const document = ctx.room.document(documentId);
    if (!document) throw new UserFacingError('unknownDocument', { document: clip(documentId, MAX_ECHO) });
    const found = ctx.room.quote(`${document.id}:${String(input.options.paragraph ?? 1)}`);
    if (!('quote' in found))
      throw new UserFacingError('unknownParagraph', { total: document.passages.length });
    const { t, language } = input.audience.reader;
    return { kind: 'reply', payload: readerView(found.quote, t, language), ephemeral: true };
  },
  autocomplete: documentChoices,
});

/** /sources: the library in the reader's language. */
export const sourcesCommand = defineSlash({
  data: installs.everywhere(slashCommand('sources')).toJSON(),
  options: z.object({}),
  execute: (input, ctx) => {
    const { t, language } = input.audience.reader;
    return { kind: 'reply', payload: sourcesView(ctx.room.documents, t, language), ephemeral: true };
  },
});
