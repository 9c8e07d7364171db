import { PermissionFlagsBits, PermissionsBitField, Routes, type REST } from 'discord.js';
import type { Logger } from 'pino';
import { withDeadline } from '../storage/deadline.js';

/** How long a server's owner and roles are reused: a role changed meanwhile counts from then on. */
const FACTS_MS = 60_000;
/** How long a failed lookup is not tried again, so that a server the bot is not in costs one call a minute at most. */
const FAILED_MS = 60_000;
/** Servers remembered at most; the oldest is forgotten first. */
const MAX_SERVERS = 1000;
/** Within the 3 seconds: the lookup runs before the answer, which then still defers in time. */
const LOOKUP_MS = 1000;

interface Facts {
  readonly ownerId: string;
  /** Each role's permissions; the server's own id is @everyone. */
  readonly roles: ReadonlyMap<string, bigint>;
}

/**
 * A member's server-wide permissions in HTTP mode, where Discord sends only
 * the channel's: from the server's owner and roles (GET /guilds/{id} and
 * /guilds/{id}/roles), as Discord computes base permissions. Only what
 * declares `serverPermissions` asks (who may read the whole pin log). A
 * lookup that fails or is slow gives null, which every reader takes as "no
 * such right": fail closed.
 */
export class ServerPermissions {
  private readonly known = new Map<
    string,
    { readonly facts: Promise<Facts | null>; readonly until: number }
  >();

  constructor(
    private readonly rest: REST,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** The member's permissions from their roles (everything for the owner or an Administrator), or null. */
  async of(guildId: string, userId: string, roleIds: readonly string[]): Promise<bigint | null> {
    const facts = await this.facts(guildId);
    if (facts === null) return null;
    if (facts.ownerId === userId) return PermissionsBitField.All;
    let bits = facts.roles.get(guildId) ?? 0n;
    for (const id of roleIds) bits |= facts.roles.get(id) ?? 0n;
    return (bits & PermissionFlagsBits.Administrator) !== 0n ? PermissionsBitField.All : bits;
  }

  private facts(guildId: string): Promise<Facts | null> {
    const now = this.now();
    const kept = this.known.get(guildId);
    if (kept && kept.until > now) return kept.facts;
    this.known.delete(guildId);
    if (this.known.size >= MAX_SERVERS) {
      const oldest = this.known.keys().next().value;
      if (oldest !== undefined) this.known.delete(oldest);
    }
    const facts = this.fetch(guildId);
    this.known.set(guildId, { facts, until: now + FACTS_MS });
    void facts.then((f) => {
      if (f === null) this.known.set(guildId, { facts, until: this.now() + FAILED_MS });
    });
    return facts;
  }

  private async fetch(guildId: string): Promise<Facts | null> {
    try {
      const [guild, roles] = (await withDeadline(
        Promise.all([this.rest.get(Routes.guild(guildId)), this.rest.get(Routes.guildRoles(guildId))]),
        LOOKUP_MS,
      )) as [{ owner_id: string }, { id: string; permissions: string }[]];
      return { ownerId: guild.owner_id, roles: new Map(roles.map((r) => [r.id, BigInt(r.permissions)])) };
    } catch (error) {
      // A server the bot is not in (a user install) or Discord slow: no server-wide right.
      this.log.warn({ err: error, guild: guildId }, 'server permissions unavailable');
      return null;
    }
  }
}
