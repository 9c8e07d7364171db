/** How long a member waits between two public posts made through the bot. */
export const PUBLIC_COOLDOWN_MS = 5000;

/**
 * A short per-member pause between public posts, so that nobody can flood a
 * channel with quote cards through the bot. In-process: each replica keeps
 * its own, which bounds a flood without needing shared storage.
 */
export class PostCooldown {
  private readonly last = new Map<string, number>();

  constructor(private readonly ms = PUBLIC_COOLDOWN_MS) {}

  /** Records a post and returns true, or false when the member posted too recently. */
  take(userId: string, now = Date.now()): boolean {
    const before = this.last.get(userId);
    if (before !== undefined && now - before < this.ms) return false;
    this.last.set(userId, now);
    // Old entries carry no information: drop them so the map stays small.
    if (this.last.size > 10_000) {
      for (const [id, at] of this.last) if (now - at >= this.ms) this.last.delete(id);
    }
    return true;
  }
}
