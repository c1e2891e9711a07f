// Builds the e2e extension for every parallel e2e lane (tests/e2e/harness/paths.ts): lane k is
// compiled against the emulator origin http://127.0.0.1:<E2E_PORT + k - 1> and lands in
// `.output/<browser>-mv3-e2e` (lane 1) or `…-e2e-lane<k>`. WXT always writes the mode's own folder,
// so lanes above 1 are built first and moved aside.
//   tsx tests/e2e/build-lanes.ts chrome|firefox      (E2E_LANES=2 for two lanes; default 1)
import { spawnSync } from 'node:child_process';
import { renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { E2E_BASE_PORT, E2E_LANES, laneDir, ROOT } from './harness/paths';

const browser = process.argv[2];
if (browser !== 'chrome' && browser !== 'firefox') {
  console.error('usage: tsx tests/e2e/build-lanes.ts chrome|firefox');
  process.exit(2);
}
const args = browser === 'chrome' ? ['build', '--mode', 'e2e'] : ['build', '-b', 'firefox', '--mv3', '--mode', 'e2e'];
const out = path.join(ROOT, `.output/${browser}-mv3-e2e`);

for (let lane = E2E_LANES; lane >= 1; lane--) {
  const origin = `http://127.0.0.1:${E2E_BASE_PORT + lane - 1}`;
  console.log(`::: ${browser} e2e build, lane ${lane} of ${E2E_LANES}: ${origin}`);
  const run = spawnSync(path.join(ROOT, 'node_modules/.bin/wxt'), args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, WXT_PLAYGROUND_ORIGIN: origin } });
  if (run.status !== 0) process.exit(run.status ?? 1);
  if (lane > 1) {
    rmSync(laneDir(out, lane), { recursive: true, force: true });
    renameSync(out, laneDir(out, lane));
  }
}
