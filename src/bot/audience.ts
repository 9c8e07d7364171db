import { languageOfDiscordLocale, type T, type Translations } from '../i18n/index.js';
import type { Language } from '../languages.js';
import type { Logger } from 'pino';
import { StorageError, type Store } from '../storage/store.js';
import type { InteractionInput } from './interaction.js';

/** Where the language of a reply came from, for /language to explain it. */
export type LanguageSource = 'user' | 'server' | 'discord' | 'default';

/** One language a reply is written in, and why. */
export interface ResolvedLanguage {
  readonly language: Language;
  readonly source: LanguageSource;
  readonly t: T;
}

/** The stored preferences an audience is resolved from. */
export interface Preferences {
  readonly user: Language | null;
  readonly server: Language | null;
  /** Whether the server wants content warnings on public posts (on outside servers). */
  readonly contentWarnings: boolean;
}

/**
 * Who an interaction's answers are for, resolved once per interaction and
 * handed to every handler: the reader (private replies) and the channel
 * (public posts), with the server's content-warning choice.
 */
export interface Audience {
  /** Private replies: the user's choice, the server default, the client's locale, English. */
  readonly reader: ResolvedLanguage;
  /** Public posts: the server default first, so the whole channel can read them. */
  readonly channel: ResolvedLanguage;
  readonly contentWarnings: boolean;
  /** What it was resolved from, for a handler that changes a preference. */
  readonly preferences: Preferences;
}

/**
 * How a passage's content warning is shown: a warning line in private
 * results; in public posts, the line with the passage under a spoiler,
 * unless the server turned warnings off.
 */
export type WarningMode = 'line' | 'spoiler' | 'none';

/** The warning mode of a reply the channel sees (public) or only the reader. */
export function warningsFor(audience: Pick<Audience, 'contentWarnings'>, isPublic: boolean): WarningMode {
  if (!isPublic) return 'line';
  return audience.contentWarnings ? 'spoiler' : 'none';
}

/** An audience from known preferences: pure, for the resolver and for /language. */
export function audienceFrom(translations: Translations, preferences: Preferences, locale: string): Audience {
  const make = (language: Language, source: LanguageSource): ResolvedLanguage => ({
    language,
    source,
    t: translations.t(language),
  });
  const discord = languageOfDiscordLocale(locale);
  const reader =
    preferences.user !== null
      ? make(preferences.user, 'user')
      : preferences.server !== null
        ? make(preferences.server, 'server')
        : discord !== null
          ? make(discord, 'discord')
          : make('en', 'default');
  const channel = preferences.server !== null ? make(preferences.server, 'server') : reader;
  return { reader, channel, contentWarnings: preferences.contentWarnings, preferences };
}

/**
 * Reads the preferences once (both in one round trip: with storage stalled
 * that is one deadline, not two) and resolves the audience. When storage is
 * down the preferences are skipped, not the reply; warnings stay on, the
 * cautious choice.
 */
export async function resolveAudience(
  ctx: { readonly store: Store; readonly translations: Translations; readonly log: Logger },
  input: InteractionInput,
): Promise<Audience> {
  let preferences: Preferences = { user: null, server: null, contentWarnings: true };
  try {
    const { user, settings } = await ctx.store.preferences.forInteraction(input.userId, input.guildId);
    preferences = {
      user,
      server: settings?.language ?? null,
      contentWarnings: settings?.contentWarnings ?? true,
    };
  } catch (error) {
    if (!(error instanceof StorageError)) throw error;
    ctx.log.warn({ err: error, userId: input.userId }, 'language preferences unavailable');
  }
  return audienceFrom(ctx.translations, preferences, input.locale);
}
