import { once } from 'node:events';
import type { ChildProcess } from 'node:child_process';
import { ShardingManager, type Shard } from 'discord.js';
import type { Logger } from 'pino';
import type { ShardedConfig } from './config.js';
import { RestartPolicy } from './restarts.js';

// discord.js's own ShardingManager rather than discord-hybrid-sharding: it
// ships with discord.js (no extra dependency), and one process per shard is
// all a bot of this size needs. Hybrid sharding packs many shards into each
// of a few processes ("clusters"), which pays off only at thousands of servers.

/** How long a shard may take to connect: the first one may rebuild the index before logging in. */
const READY_TIMEOUT_MS = 120_000;
/** How long a shard may take to shut down after SIGTERM before it is killed. */
const STOP_GRACE_MS = 10_000;

/** The shard processes, once started. */
export interface RunningShards {
  /** Resolves once every shard is connected; rejects when one could not start. */
  readonly ready: Promise<void>;
  /** Asks every shard to reload its library (each gets SIGHUP). */
  readonly reload: () => void;
  /** Stops every shard (SIGTERM, then SIGKILL after a grace period) and waits for them to exit. */
  readonly stop: () => Promise<void>;
}

/**
 * Forks one process per shard, each running `file` (the gateway bot) with
 * `execArgv`. Shards are started one after another, ShardingManager's 5.5 s
 * apart, to stay under Discord's limit of one IDENTIFY per 5 s; one that
 * exits is started again after the {@link RestartPolicy}'s wait (5.5 s at
 * least, doubling while it keeps dying quickly), until
 * {@link RunningShards.stop}.
 */
export function startShards(
  sharded: ShardedConfig,
  log: Logger,
  where: {
    readonly file: string;
    readonly execArgv: readonly string[];
    /** Called when a shard keeps dying at start-up and the manager gives up. */
    readonly onGiveUp: (error: Error) => void;
    readonly policy?: RestartPolicy;
  },
): RunningShards {
  // Restarts are ours, not the library's: it would start a dead shard again
  // at once, in a loop that spends Discord's daily IDENTIFY allowance.
  const manager = new ShardingManager(where.file, {
    totalShards: sharded.shards,
    token: sharded.token,
    execArgv: [...where.execArgv],
    mode: 'process',
    respawn: false,
  });
  const policy = where.policy ?? new RestartPolicy();
  const pending = new Set<NodeJS.Timeout>();
  let stopping = false;
  manager.on('shardCreate', (shard) => {
    shard.on('spawn', () => {
      policy.started(shard.id);
    });
    shard.on('ready', () => {
      log.info({ shard: shard.id, count: manager.totalShards }, 'shard connected');
    });
    shard.on('death', (child) => {
      if (stopping) return;
      const wait = policy.died(shard.id);
      if (wait === null) {
        where.onGiveUp(new Error(`shard ${String(shard.id)} kept exiting at start-up`));
        return;
      }
      log.warn(
        { shard: shard.id, code: exitCode(child), restartInMs: wait },
        'shard exited; starting it again',
      );
      const timer = setTimeout(() => {
        pending.delete(timer);
        if (stopping) return;
        shard.spawn(READY_TIMEOUT_MS).catch((error: unknown) => {
          log.error({ err: error, shard: shard.id }, 'a shard could not start again');
        });
      }, wait);
      pending.add(timer);
    });
    // Without a listener, a failed restart would throw in the manager and take every shard down.
    shard.on('error', (error) => {
      log.error({ err: error, shard: shard.id }, 'a shard could not start again');
    });
  });
  const running = (): Shard[] => [...manager.shards.values()].filter((s) => alive(s.process));
  return {
    ready: manager.spawn({ timeout: READY_TIMEOUT_MS }).then(() => undefined),
    reload: () => {
      for (const shard of running()) shard.process?.kill('SIGHUP');
    },
    stop: async () => {
      stopping = true;
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
      // A shard the spawn loop forks meanwhile is caught by the next round.
      for (let left = running(); left.length > 0; left = running()) await Promise.all(left.map(stopShard));
    },
  };
}

/** SIGTERM (the shard closes its client and storage), SIGKILL if it hangs; resolves once it has exited. */
async function stopShard(shard: Shard): Promise<void> {
  const child = shard.process;
  if (!alive(child)) return;
  const exited = once(child, 'exit');
  // kill() also detaches the manager's restart-on-exit.
  shard.kill();
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

function alive(child: ChildProcess | null): child is ChildProcess {
  return child !== null && child.exitCode === null && child.signalCode === null;
}

function exitCode(child: unknown): number | string | null {
  const { exitCode: code, signalCode: signal } = child as Partial<ChildProcess>;
  return code ?? signal ?? null;
}
