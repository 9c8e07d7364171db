import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The browser suites run with `npm run test:browser` (vitest.browser.config.ts).
    exclude: [...configDefaults.exclude, 'tests/browser/**'],
    // Index builds over the bundled library take a few hundred ms; the
    // default 5 s leaves room on a loaded CI machine without hiding hangs.
    testTimeout: 30_000,
  },
});
