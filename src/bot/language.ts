import { languageOfDiscordLocale, type T } from '../i18n/index.js';
import type { Language } from '../languages.js';
import { StorageError } from '../storage/store.js';
import type { BotContext, InteractionInput } from './types.js';

/** Where the language of a reply came from, for /language to explain it. */
export type LanguageSource = 'user' | 'server' | 'discord' | 'default';

/** The language of one reply, resolved once per interaction. */
export interface ResolvedLanguage {
  readonly language: Language;
  readonly source: LanguageSource;
  readonly t: T;
  /** Whether the server wants content warnings on public posts (on outside servers). */
  readonly contentWarnings: boolean;
}

/**
 * Resolves the reply language once per interaction. Private replies: the
 * user's choice, then the server default, then the Discord client's locale,
 * then English. Public posts: the server default first, so the channel can
 * read them. When storage is down the preferences are skipped, not the reply.
 */
export async function resolveLanguage(
  ctx: BotContext,
  input: InteractionInput,
  audience: 'private' | 'public' = 'private',
): Promise<ResolvedLanguage> {
  let user: Language | null = null;
  let server: Language | null = null;
  // Unknown (storage down): warnings stay on, the cautious choice.
  let contentWarnings = true;
  const make = (language: Language, source: LanguageSource): ResolvedLanguage => ({
    language,
    source,
    t: ctx.translations.t(language),
    contentWarnings,
  });
  try {
    user = await ctx.store.userLanguage(input.userId);
    if (input.guildId !== null) {
      const settings = await ctx.store.guildSettings(input.guildId);
      server = settings.language;
      contentWarnings = settings.contentWarnings;
    }
  } catch (error) {
    if (!(error instanceof StorageError)) throw error;
    ctx.log.warn({ err: error, userId: input.userId }, 'language preferences unavailable');
  }
  if (audience === 'public' && server !== null) return make(server, 'server');
  if (user !== null) return make(user, 'user');
  if (server !== null) return make(server, 'server');
  const discord = languageOfDiscordLocale(input.locale);
  if (discord !== null) return make(discord, 'discord');
  return make('en', 'default');
}
