import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// `npm run test:browser`: the page's unit tests (Node) and the suites that
// drive Debian's Chromium. Without Chromium only the unit tests run, and the
// reason is printed; `.ci/run` installs Chromium so that CI runs everything.
const chromium = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const hasChromium = existsSync(chromium);
if (!hasChromium) {
  console.log(
    `Browser suites not run: no Chromium at ${chromium} (apt-get install -y chromium, or set CHROMIUM_PATH). ` +
      'Running the page unit tests only.',
  );
}

export default defineConfig({
  test: {
    include: hasChromium ? ['tests/browser/**/*.test.ts'] : ['tests/browser/**/*.unit.test.ts'],
    // One browser and one playground at a time: the machine has 2 cores.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
