/** Thrown when storage does not answer in time; the store wraps it in a StorageError. */
export class DeadlineError extends Error {
  constructor(readonly ms: number) {
    super(`storage did not answer within ${ms} ms`);
    this.name = 'DeadlineError';
  }
}

/**
 * Settles like `work`, or rejects with a {@link DeadlineError} after `ms`.
 * The work itself is not cancelled (no adapter can cancel a query), so a
 * write that missed the deadline may still land later; callers only stop
 * waiting for it. A later rejection of `work` is absorbed by the race.
 */
export async function withDeadline<R>(work: Promise<R>, ms: number): Promise<R> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new DeadlineError(ms));
    }, ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
