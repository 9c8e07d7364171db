/**
 * The interactions a process is still answering, so that shutting down
 * waits for them: a `/pin` that has posted its card must still pin and log
 * it before the client and the store close. Shared by both transports.
 */
export class InFlight {
  private readonly tasks = new Set<Promise<void>>();

  /** Counts `work` until it settles; its outcome is the caller's to handle. */
  track(work: Promise<void>): void {
    const task = work.then(
      () => undefined,
      () => undefined,
    );
    this.tasks.add(task);
    void task.finally(() => this.tasks.delete(task));
  }

  /** How many are still running. */
  get size(): number {
    return this.tasks.size;
  }

  /**
   * Resolves once every task (those started meanwhile included) has
   * settled, or after `ms` at the latest; true when all settled.
   */
  async drain(ms = Infinity): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => {
      if (ms !== Infinity)
        timer = setTimeout(() => {
          resolve(false);
        }, ms);
    });
    try {
      while (this.tasks.size > 0) {
        const settled = await Promise.race([Promise.all([...this.tasks]).then(() => true as const), late]);
        if (!settled) return false;
      }
      return true;
    } finally {
      clearTimeout(timer);
    }
  }
}
