import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers.js';

/** A running `npm start` without a token: the playground, as a newcomer starts it. */
export interface Playground {
  /** `http://127.0.0.1:<port>`, as the terminal printed it. */
  readonly url: string;
  /** Milliseconds from spawning `npm start` to the printed address. */
  readonly startMs: number;
  /** Everything the process printed so far. */
  readonly output: () => string;
  stop(): Promise<void>;
}

const ADDRESS = /^Playground: (http:\/\/127\.0\.0\.1:\d+)\s*$/m;

/**
 * Runs the README's `npm start` with no DISCORD_TOKEN, any free port, no
 * browser opening, and a fresh state folder, and resolves with the address
 * it prints. The process gets its own process group so that stop() ends
 * npm and the node it started together.
 */
export async function startPlayground(timeoutMs = 90_000): Promise<Playground> {
  const stateDir = mkdtempSync(join(tmpdir(), 'reading-room-playground-'));
  // Empty, not unset: `npm start` reads .env, which never overrides a variable already set,
  // so a developer's own token or store cannot leak into the test.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DISCORD_TOKEN: '',
    DISCORD_APPLICATION_ID: '',
    STORAGE_URL: '',
    DATA_DIR: join(ROOT, 'data'),
    PLAYGROUND_PORT: '0',
    BROWSER: 'none',
    STATE_DIR: stateDir,
    LOG_LEVEL: 'warn',
  };
  const started = Date.now();
  const child: ChildProcess = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString('utf8')));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString('utf8')));
  const exited = new Promise<void>((resolve) => {
    child.on('exit', () => {
      resolve();
    });
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
      const killer = setTimeout(() => {
        try {
          if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }, 5000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(stateDir, { recursive: true, force: true });
  };
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`npm start printed no Playground address in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const check = (): void => {
      const m = ADDRESS.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`npm start exited before printing its address:\n${output}`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { url, startMs: Date.now() - started, output: () => output, stop };
}
