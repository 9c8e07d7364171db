/** What {@link RestartPolicy} waits and when it gives up. */
export interface RestartRules {
  /** The least wait before a restart: Discord allows one IDENTIFY per 5 s. */
  readonly minMs: number;
  /** The most: a shard that keeps failing is retried this often. */
  readonly maxMs: number;
  /** A shard that stayed up this long had no quick death: its next restart waits the least again. */
  readonly stableMs: number;
  /** Quick deaths in a row after which the manager gives up (exits non-zero, for its supervisor to see). */
  readonly giveUpAfter: number;
}

export const RESTART_RULES: RestartRules = {
  minMs: 5_500,
  maxMs: 5 * 60_000,
  stableMs: 2 * 60_000,
  giveUpAfter: 8,
};

/**
 * When to start a shard again after it died. Each IDENTIFY counts against
 * Discord's daily session limit (1,000 by default), so a shard that fails the
 * same way on every start (a revoked token, a bug at start-up) must not be
 * restarted in a tight loop: quick deaths in a row double the wait, from
 * {@link RestartRules.minMs} up to {@link RestartRules.maxMs}, and after
 * {@link RestartRules.giveUpAfter} of them the manager stops.
 */
export class RestartPolicy {
  private readonly startedAt = new Map<number, number>();
  private readonly quickDeaths = new Map<number, number>();

  constructor(
    private readonly rules: RestartRules = RESTART_RULES,
    private readonly now: () => number = Date.now,
  ) {}

  /** A shard's process started. */
  started(shard: number): void {
    this.startedAt.set(shard, this.now());
  }

  /** A shard's process died: milliseconds to wait before starting it again, or null to give up. */
  died(shard: number): number | null {
    const lived = this.now() - (this.startedAt.get(shard) ?? this.now());
    const quick = lived >= this.rules.stableMs ? 0 : (this.quickDeaths.get(shard) ?? 0) + 1;
    this.quickDeaths.set(shard, quick);
    if (quick > this.rules.giveUpAfter) return null;
    return Math.min(this.rules.maxMs, this.rules.minMs * 2 ** Math.max(0, quick - 1));
  }
}
