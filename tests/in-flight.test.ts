import { describe, expect, it } from 'vitest';
import { InFlight } from '../src/bot/in-flight.js';

/** A task the test settles when it wants. */
function task(): { promise: Promise<void>; finish: () => void; fail: () => void } {
  let finish: () => void = () => undefined;
  let fail: () => void = () => undefined;
  const promise = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = () => {
      reject(new Error('failed'));
    };
  });
  return { promise, finish, fail };
}

describe('InFlight', () => {
  it('GIVEN two interactions still being answered WHEN drained THEN it waits for both, one failing included, and for one started meanwhile', async () => {
    const inFlight = new InFlight();
    const [a, b, c] = [task(), task(), task()];
    inFlight.track(a.promise);
    inFlight.track(b.promise);
    let drained: boolean | null = null;
    const draining = inFlight.drain().then((all) => (drained = all));
    a.finish();
    await Promise.resolve();
    inFlight.track(c.promise);
    b.fail();
    await new Promise((r) => setTimeout(r, 10));
    expect(drained).toBeNull();
    c.finish();
    await draining;
    expect(drained).toBe(true);
    expect(inFlight.size).toBe(0);
  });

  it('GIVEN an interaction that never settles WHEN drained with a bound THEN it gives up after the bound and says so', async () => {
    const inFlight = new InFlight();
    inFlight.track(task().promise);
    expect(await inFlight.drain(20)).toBe(false);
    expect(inFlight.size).toBe(1);
  });

  it('GIVEN nothing in flight WHEN drained THEN it resolves at once', async () => {
    expect(await new InFlight().drain(1)).toBe(true);
  });
});
