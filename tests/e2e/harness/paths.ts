// Where things live, resolved from this file so the harness works from any cwd.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Parallel e2e lanes. `E2E_LANES=N` (npm test sets 2; default 1) runs N test files at once, one per
 * vitest worker; lane k (from the worker's VITEST_POOL_ID) has its own emulator port (base + k - 1)
 * and its own e2e builds compiled against that port (`<build>-lane<k>` for k > 1, built by
 * tests/e2e/build-lanes.ts), so two files never share an emulator, a port or a profile.
 */
export const E2E_LANES = Math.max(1, Number(process.env.E2E_LANES ?? 1));
export const E2E_LANE = ((Number(process.env.VITEST_POOL_ID ?? 1) - 1) % E2E_LANES) + 1;
/** The build folder of this lane: `dir` itself for lane 1. */
export const laneDir = (dir: string, lane = E2E_LANE): string => (lane === 1 ? dir : `${dir}-lane${lane}`);

/** The e2e build: `npm run build:e2e` (WXT_PLAYGROUND_ORIGIN=http://127.0.0.1:8787, --mode e2e). */
export const E2E_BUILD = laneDir(path.join(ROOT, '.output/chrome-mv3-e2e'));
/** The production build: `npm run build`. */
export const PROD_BUILD = path.join(ROOT, '.output/chrome-mv3');
export const RESULTS = path.join(ROOT, 'test-results');
/**
 * The origin the e2e build was compiled against; the emulator must listen here. `E2E_PORT` lets a
 * second checkout run its own e2e build beside another run (build it with the same port:
 * `WXT_PLAYGROUND_ORIGIN=http://127.0.0.1:$E2E_PORT wxt build --mode e2e`).
 */
export const E2E_BASE_PORT = Number(process.env.E2E_PORT ?? 8787);
export const E2E_PORT = E2E_BASE_PORT + E2E_LANE - 1;
export const E2E_ORIGIN = `http://127.0.0.1:${E2E_PORT}`;

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
