// `npm run test:services`: the storage suites against the real Redis and
// PostgreSQL, two processes at once included. Says what it needs when the
// servers are not configured or not reachable, instead of passing on SQLite alone.
import { spawnSync } from 'node:child_process';
import { connect } from 'node:net';

const wanted = [
  ['REDIS_URL', 'redis://127.0.0.1:6379'],
  ['POSTGRES_URL', 'postgres://postgres@127.0.0.1:5432/test'],
] as const;

/** Whether something accepts TCP connections at the URL's host and port, within a second. */
function reachable(url: string): Promise<boolean> {
  const { hostname, port, protocol } = new URL(url);
  const fallback = protocol.startsWith('redis') ? 6379 : 5432;
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || fallback), timeout: 1000 });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => {
      done(true);
    });
    socket.once('error', () => {
      done(false);
    });
    socket.once('timeout', () => {
      done(false);
    });
  });
}

const problems: string[] = [];
for (const [name, example] of wanted) {
  const url = process.env[name];
  if (!url) problems.push(`${name} is not set (for example ${name}=${example})`);
  else if (!(await reachable(url))) problems.push(`${name}=${url}: nothing answers there`);
}
if (problems.length > 0) {
  process.stderr.write(
    `npm run test:services needs a Redis and a PostgreSQL server (trust auth, database "test"):\n` +
      `${problems.map((p) => `  - ${p}`).join('\n')}\n` +
      'Start them (see .ci/run for the commands this project uses) and set both variables; ' +
      '`npm test` runs the same suites on SQLite alone without them.\n',
  );
  process.exit(2);
}
const suites = ['tests/store', 'tests/outage-commands.test.ts', 'tests/e2e/http-replicas.e2e.test.ts'];
const run = spawnSync('npx', ['vitest', 'run', ...suites, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
