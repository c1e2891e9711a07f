import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const lanes = Math.max(1, Number(process.env.E2E_LANES ?? 1));

// End-to-end tests: real Chromium (playwright-core) against the built extension and the emulator.
export default defineConfig({
  // The e2e files import a few constants from lib/ (e.g. the hidden continue prompt), whose own
  // imports use the project's `@/` alias.
  resolve: { alias: [{ find: /^@\//, replacement: fileURLToPath(new URL('./', import.meta.url)) }] },
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    setupFiles: ['tests/e2e/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    // One file per lane at a time (E2E_LANES, tests/e2e/harness/paths.ts): each lane owns a port and builds.
    fileParallelism: lanes > 1,
    maxWorkers: lanes,
    retry: 0,
    sequence: { hooks: 'list' },
  },
});
