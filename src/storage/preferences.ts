import type { Language } from '../languages.js';
import type { Records } from './records.js';
import { guildRecord, userRecord } from './schemas.js';

// Keys:
//   user:<user>     a user's chosen language; absent for automatic
//   guild:<guild>   a server's settings; absent for the defaults

/** A server's settings; defaults when nothing is stored. */
export interface GuildSettings {
  readonly language: Language | null;
  /** Spoilers and a warning line on marked passages in public posts. */
  readonly contentWarnings: boolean;
}

/** The settings of a server that never changed any. */
const DEFAULTS: GuildSettings = { language: null, contentWarnings: true };

/** Users' languages and servers' settings. */
export class Preferences {
  /** @internal Made by the store, over its records. */
  constructor(private readonly records: Records) {}

  /** The user's chosen language, or null for automatic. */
  async userLanguage(userId: string): Promise<Language | null> {
    return (await this.records.read(`user:${userId}`, userRecord))?.language ?? null;
  }

  /**
   * The user's language and the server's settings (defaults outside a
   * server), in one round trip: every interaction needs both.
   */
  async forInteraction(
    userId: string,
    guildId: string | null,
  ): Promise<{ user: Language | null; settings: GuildSettings | null }> {
    if (guildId === null) return { user: await this.userLanguage(userId), settings: null };
    const [user, guild] = await this.records.readTwo(
      [`user:${userId}`, userRecord],
      [`guild:${guildId}`, guildRecord],
    );
    return { user: user?.language ?? null, settings: settings(guild) };
  }

  /** Sets (or with null clears) the user's language. */
  async setUserLanguage(userId: string, language: Language | null): Promise<void> {
    if (language === null) await this.records.delete(`user:${userId}`);
    else await this.records.write(`user:${userId}`, userRecord, { v: 1, language });
  }

  /** The server's settings, with defaults for what was never set. */
  async guildSettings(guildId: string): Promise<GuildSettings> {
    return settings(await this.records.read(`guild:${guildId}`, guildRecord));
  }

  /**
   * Changes some of the server's settings, keeping the others, and returns
   * them all, in one compare-and-set, so that two moderators changing two
   * settings at once, on any replicas, keep both changes. A record this
   * version cannot read (a newer version's, say) is refused rather than
   * overwritten with defaults.
   */
  async updateGuildSettings(guildId: string, change: Partial<GuildSettings>): Promise<GuildSettings> {
    return this.records.update(`guild:${guildId}`, guildRecord, (stored) => {
      const next = { ...settings(stored), ...change };
      return { next: { v: 1 as const, ...next }, result: next };
    });
  }
}

function settings(stored: { language: Language | null; contentWarnings: boolean } | null): GuildSettings {
  return {
    language: stored?.language ?? DEFAULTS.language,
    contentWarnings: stored?.contentWarnings ?? DEFAULTS.contentWarnings,
  };
}
