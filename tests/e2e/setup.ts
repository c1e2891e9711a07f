// e2e setup: when a test fails, screenshot every open extension page (test-results/e2e/) before the
// spec's own afterEach closes the browser (vitest.e2e.config.ts runs hooks in 'list' order, so this
// afterEach, registered first, runs first).
import { afterEach } from 'vitest';
import { captureFailure } from './harness/artifacts';

afterEach(async ({ task }) => {
  if (task.result?.state !== 'fail') return;
  const files = await captureFailure(task.name);
  if (files.length) console.error(`[e2e] failure screenshots: ${files.join(', ')}`);
});
