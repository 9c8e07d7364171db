import { SlashCommandBooleanOption, SlashCommandStringOption } from 'discord.js';
import { z } from 'zod';
import { COMMANDS } from '../../../command-names.js';
import { LANGUAGES } from '../../../languages.js';
import { MAX_DOCUMENT_ID } from '../../../library/schema.js';
import {
  defineSlash,
  installs,
  languageChoice,
  messageCommand,
  option,
  slashCommand,
  type MessageCommand,
} from '../../define.js';
import { MAX_QUERY } from '../../limits.js';
import { clip } from '../../render.js';
import { decideVisibility } from '../../visibility.js';
import { documentChoices } from '../reading/choices.js';
import { answerSearch } from './answer.js';

const O = COMMANDS.search.options;

/** /search query:<1–200> [document] [language] [public] */
export const searchCommand = defineSlash({
  data: installs
    .everywhere(slashCommand('search'))
    .addStringOption(
      option(new SlashCommandStringOption(), 'search', 'query')
        .setRequired(true)
        .setMinLength(1)
        .setMaxLength(MAX_QUERY),
    )
    .addStringOption(
      option(new SlashCommandStringOption(), 'search', 'document')
        .setMaxLength(MAX_DOCUMENT_ID)
        .setAutocomplete(true),
    )
    .addStringOption(
      option(new SlashCommandStringOption(), 'search', 'language').addChoices(
        ...LANGUAGES.map(languageChoice),
      ),
    )
    .addBooleanOption(option(new SlashCommandBooleanOption(), 'search', 'public'))
    .toJSON(),
  options: z.object({
    [O.query]: z.string(),
    [O.document]: z.string().optional(),
    [O.language]: z.enum(LANGUAGES).optional(),
    [O.public]: z.boolean().optional(),
  }),
  reach: (o) => ({ public: o.public === true }),
  execute: (input, ctx) =>
    answerSearch(input, ctx, input.visibility, {
      query: input.options.query,
      document: input.options.document,
      language: input.options.language,
    }),
  autocomplete: documentChoices,
});

/**
 * "Find sources" on a message: the top passages for its text, privately.
 * The message content comes with the interaction: no privileged intent.
 */
export const findSourcesCommand: MessageCommand = {
  kind: 'message',
  data: installs.everywhere(messageCommand('findSources')).toJSON(),
  execute: (input, ctx) => {
    // A long message is searched by its beginning; the engine needs no more.
    const query = clip(
      input.messageContent
        .replace(/<[@#][!&]?\d+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
      MAX_QUERY,
    ).replace(/…$/, '');
    return answerSearch(input, ctx, decideVisibility(input, false), { query });
  },
};
