// Builds the bench's own copies of the extension, so a bench run never rewrites the shared
// `.output/chrome-mv3*` folders other engineers' tests use, and its emulator port (BENCH_PORT)
// never collides with a parallel e2e run on 8787:
//   .output/bench/chrome-mv3-e2e  e2e mode (globalThis.__flarechat), origin http://127.0.0.1:<BENCH_PORT>
//   .output/bench-prod/chrome-mv3 production build + its zip (what the size table measures)
//   .output/bench-profile/chrome-mv3-e2e  the same, unminified (CPU profiles)
// BENCH_OUT_DIR=<dir> puts the e2e copy in <dir>/chrome-mv3-e2e instead (an A/B pair of builds, or a
// second engineer's bench beside another; point BENCH_E2E_BUILD at it when running).
// Usage: tsx tests/bench/build.ts e2e <port> | profile <port> | prod
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const [what, port] = process.argv.slice(2);

async function main(): Promise<void> {
  if (what === 'e2e') {
    // wxt.config.ts reads the origin from the environment when the config loads.
    process.env.WXT_PLAYGROUND_ORIGIN = `http://127.0.0.1:${port ?? '8787'}`;
    const { build } = await import('wxt');
    await build({ root: ROOT, mode: 'e2e', outDir: path.resolve(ROOT, process.env.BENCH_OUT_DIR ?? '.output/bench') });
  } else if (what === 'profile') {
    // Unminified e2e copy for CPU profiles with readable function names (tests/bench/profile.ts).
    process.env.WXT_PLAYGROUND_ORIGIN = `http://127.0.0.1:${port ?? '8787'}`;
    const { build } = await import('wxt');
    await build({ root: ROOT, mode: 'e2e', outDir: path.join(ROOT, '.output/bench-profile'), vite: () => ({ build: { minify: false } }) });
  } else if (what === 'prod') {
    delete process.env.WXT_PLAYGROUND_ORIGIN;
    const { zip } = await import('wxt');
    await zip({ root: ROOT, outDir: path.join(ROOT, '.output/bench-prod') });
  } else {
    throw new Error('usage: build.ts e2e <port> | prod');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
