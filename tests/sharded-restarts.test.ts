import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RESTART_RULES, RestartPolicy } from '../src/sharded/restarts.js';

/** A policy on a clock the test moves. */
function onClock(): { policy: RestartPolicy; pass: (ms: number) => void } {
  let now = 1_000_000;
  return {
    policy: new RestartPolicy(RESTART_RULES, () => now),
    pass: (ms) => {
      now += ms;
    },
  };
}

describe('when a shard is started again', () => {
  it('GIVEN a shard that dies at once every time WHEN it keeps dying THEN the wait starts at 5.5 s, doubles each time up to 5 minutes, and the manager gives up after 8 quick deaths', () => {
    const { policy, pass } = onClock();
    const waits: (number | null)[] = [];
    for (let i = 0; i < 10; i++) {
      policy.started(0);
      pass(1_000);
      waits.push(policy.died(0));
    }
    expect(waits).toEqual([5_500, 11_000, 22_000, 44_000, 88_000, 176_000, 300_000, 300_000, null, null]);
  });

  it('GIVEN a shard that stayed up for minutes WHEN it dies THEN it is started again after the least wait, its earlier quick deaths forgotten', () => {
    const { policy, pass } = onClock();
    for (let i = 0; i < 5; i++) {
      policy.started(1);
      pass(100);
      policy.died(1);
    }
    policy.started(1);
    pass(RESTART_RULES.stableMs);
    expect(policy.died(1)).toBe(RESTART_RULES.minMs);
  });

  it('GIVEN any lives of two shards WHEN they die THEN each wait is within the rules and one shard’s deaths never change the other’s wait', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ shard: fc.constantFrom(0, 1), lived: fc.nat({ max: 10 * 60_000 }) }), {
          maxLength: 40,
        }),
        (lives) => {
          const { policy, pass } = onClock();
          const alone = onClock();
          for (const { shard, lived } of lives) {
            policy.started(shard);
            pass(lived);
            const wait = policy.died(shard);
            if (wait !== null) {
              expect(wait).toBeGreaterThanOrEqual(RESTART_RULES.minMs);
              expect(wait).toBeLessThanOrEqual(RESTART_RULES.maxMs);
            }
            if (shard === 0) {
              alone.policy.started(0);
              alone.pass(lived);
              expect(alone.policy.died(0)).toBe(wait);
            }
          }
        },
      ),
    );
  });
});
