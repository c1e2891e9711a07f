// Where things live, resolved from this file so the harness works from any cwd.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** The e2e build: `npm run build:e2e` (WXT_PLAYGROUND_ORIGIN=http://127.0.0.1:8787, --mode e2e). */
export const E2E_BUILD = path.join(ROOT, '.output/chrome-mv3-e2e');
/** The production build: `npm run build`. */
export const PROD_BUILD = path.join(ROOT, '.output/chrome-mv3');
export const RESULTS = path.join(ROOT, 'test-results');
/**
 * The origin the e2e build was compiled against; the emulator must listen here. `E2E_PORT` lets a
 * second checkout run its own e2e build beside another run (build it with the same port:
 * `WXT_PLAYGROUND_ORIGIN=http://127.0.0.1:$E2E_PORT wxt build --mode e2e`).
 */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 8787);
export const E2E_ORIGIN = `http://127.0.0.1:${E2E_PORT}`;

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
