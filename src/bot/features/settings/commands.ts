import { PermissionFlagsBits, SlashCommandStringOption } from 'discord.js';
import { z } from 'zod';
import { COMMANDS } from '../../../command-names.js';
import { LANGUAGES } from '../../../languages.js';
import { audienceFrom } from '../../audience.js';
import { defineSlash, installs, labelledChoice, languageChoice, option, slashCommand } from '../../define.js';
import { has } from '../../rules.js';
import { UserFacingError, type Response } from '../../types.js';
import { message } from '../../views/payload.js';

const reply = (text: string): Response => ({ kind: 'reply', payload: message(text), ephemeral: true });

/** /language [auto|en|hy|az|ru]: shows, sets or (with auto) clears the user's interface language. */
export const languageCommand = defineSlash({
  data: installs
    .everywhere(slashCommand('language'))
    .addStringOption(
      option(new SlashCommandStringOption(), 'language', 'language').addChoices(
        languageChoice('auto'),
        ...LANGUAGES.map(languageChoice),
      ),
    )
    .toJSON(),
  options: z.object({ [COMMANDS.language.options.language]: z.enum(['auto', ...LANGUAGES]).optional() }),
  execute: async (input, ctx) => {
    const choice = input.options.language;
    if (choice === 'auto') {
      await ctx.store.preferences.setUserLanguage(input.userId, null);
      // Said in the language that applies from now on.
      const after = audienceFrom(
        ctx.translations,
        { ...input.audience.preferences, user: null },
        input.locale,
      );
      return reply(after.reader.t('language.cleared'));
    }
    if (choice !== undefined) {
      await ctx.store.preferences.setUserLanguage(input.userId, choice);
      const t = ctx.translations.t(choice);
      return reply(t('language.set', { language: t(`languageName.${choice}`) }));
    }
    const { t, language, source } = input.audience.reader;
    // One whole sentence per source, so every language can say it its own way.
    const sentence = {
      user: 'language.currentUser',
      server: 'language.currentServer',
      discord: 'language.currentDiscord',
      default: 'language.currentDefault',
    } as const;
    return reply(t(sentence[source], { language: t(`languageName.${language}`) }));
  },
});

/** /settings [language] [content-warnings]: the server's settings; needs Manage Server, checked again here. */
export const settingsCommand = defineSlash({
  data: installs
    .serverOnly(slashCommand('settings'))
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addStringOption(
      option(new SlashCommandStringOption(), 'settings', 'language').addChoices(
        ...LANGUAGES.map(languageChoice),
      ),
    )
    .addStringOption(
      option(new SlashCommandStringOption(), 'settings', 'contentWarnings').addChoices(
        labelledChoice('switch.on', 'on'),
        labelledChoice('switch.off', 'off'),
      ),
    )
    .toJSON(),
  options: z.object({
    [COMMANDS.settings.options.language]: z.enum(LANGUAGES).optional(),
    [COMMANDS.settings.options.contentWarnings]: z.enum(['on', 'off']).optional(),
  }),
  execute: async (input, ctx) => {
    if (input.guildId === null) throw new UserFacingError('guildOnly');
    if (!has(input.memberPermissions, PermissionFlagsBits.ManageGuild))
      throw new UserFacingError('missingUserPermission', { permission: 'ManageGuild' });
    const { language } = input.options;
    const warnings = input.options['content-warnings'];
    const change = {
      ...(language !== undefined ? { language } : {}),
      ...(warnings !== undefined ? { contentWarnings: warnings === 'on' } : {}),
    };
    const { t } = input.audience.reader;
    if (Object.keys(change).length === 0) {
      // Nothing to change: say what is set, so a moderator can see before changing.
      const current = await ctx.store.preferences.guildSettings(input.guildId);
      // The warnings part is a whole sentence, so "on" and "off" agree in every language.
      return reply(
        t('settings.current', {
          language:
            current.language === null ? t('settings.noLanguage') : t(`languageName.${current.language}`),
          warnings: t(current.contentWarnings ? 'settings.contentWarningsOn' : 'settings.contentWarningsOff'),
        }),
      );
    }
    const now = await ctx.store.preferences.updateGuildSettings(input.guildId, change);
    const lines = [
      ...(change.language !== undefined
        ? [t('settings.languageSet', { language: t(`languageName.${change.language}`) })]
        : []),
      ...(change.contentWarnings !== undefined
        ? [now.contentWarnings ? t('settings.contentWarningsOn') : t('settings.contentWarningsOff')]
        : []),
    ];
    return reply(lines.join('\n'));
  },
});

/** /help: what the bot is for, the commands and the search tips. */
export const helpCommand = defineSlash({
  data: installs.everywhere(slashCommand('help')).toJSON(),
  options: z.object({}),
  execute: (input) => {
    const { t } = input.audience.reader;
    return {
      kind: 'reply',
      payload: message(`**${t('help.title')}**\n${t('help.intro')}`, [
        { title: t('help.commands'), description: t('help.list') },
        { title: t('help.tipsTitle'), description: t('help.tips') },
      ]),
      ephemeral: true,
    };
  },
});
