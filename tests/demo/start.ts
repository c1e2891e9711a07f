// `npm start`: the offline demo. Builds FlareChat against the local playground emulator, starts the
// emulator on 127.0.0.1:8787 (ws mode), and opens Chromium with the extension and its side panel page.
//   - With a DISPLAY: a headed browser on a persistent demo profile (.output/demo-profile) that
//     stays open until you close it or press Ctrl-C.
//   - Without one: says so, runs headless, sends a sample prompt (a /long 120 markdown answer),
//     saves a screenshot of the streamed answer to test-results/demo.png and exits 0.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchExtension, type LaunchedExtension } from '../e2e/harness/launch';
import { sendPrompt, waitForAnswer } from '../e2e/harness/chat';
import { ROOT, RESULTS, E2E_ORIGIN, E2E_PORT } from '../e2e/harness/paths';
import { startEmulator, type Emulator } from '../emulator/server';

const DEMO_BUILD = path.join(ROOT, '.output/chrome-mv3-demo');
const PROFILE = path.join(ROOT, '.output/demo-profile');
const SCREENSHOT = path.join(RESULTS, 'demo.png');
const SAMPLE_PROMPT = '/long 120 Show me what FlareChat can render.';

let emulator: Emulator | undefined;
let ext: LaunchedExtension | undefined;
let closing = false;

async function cleanup(code: number): Promise<never> {
  if (!closing) {
    closing = true;
    await ext?.close().catch(() => undefined);
    await emulator?.close().catch(() => undefined);
  }
  process.exit(code);
}
process.on('SIGINT', () => {
  console.log('\nStopping the demo…');
  void cleanup(0);
});
process.on('SIGTERM', () => void cleanup(0));

function build(): Promise<void> {
  console.log(`Building the extension against the emulator (${E2E_ORIGIN}) → ${path.relative(ROOT, DEMO_BUILD)}`);
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, 'node_modules/.bin/wxt'), ['build', '--mode', 'demo'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, WXT_PLAYGROUND_ORIGIN: E2E_ORIGIN },
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`wxt build --mode demo exited ${code}`))));
  });
}

async function main() {
  await build();

  try {
    emulator = await startEmulator({ port: E2E_PORT, mode: 'ws' });
  } catch (error) {
    throw new Error(`Could not start the emulator on port ${E2E_PORT} (is something else using it? \`npm run emulator\`?): ${String(error)}`);
  }
  console.log(`Playground emulator listening on ${emulator.origin} (mode ws)`);

  const display = process.env.DISPLAY;
  let headless = !display;
  if (headless) {
    console.log('No display (DISPLAY is not set): running Chromium headless, sending a sample prompt and saving a screenshot.');
  }
  mkdirSync(PROFILE, { recursive: true });
  try {
    ext = await launchExtension({ extensionDir: DEMO_BUILD, userDataDir: PROFILE, headless, handleSignals: false, viewport: headless ? { width: 480, height: 900 } : null });
  } catch (error) {
    if (headless) throw error;
    console.log(`Could not open a window on DISPLAY=${display} (${String(error).split('\n')[0]}); running headless instead.`);
    headless = true;
    ext = await launchExtension({ extensionDir: DEMO_BUILD, userDataDir: PROFILE, headless, handleSignals: false, viewport: { width: 480, height: 900 } });
  }
  const page = await ext.openPage('/sidepanel.html');
  console.log(`Extension ${ext.extensionId} loaded; side panel page: chrome-extension://${ext.extensionId}/sidepanel.html`);

  if (!headless) {
    // Close stray blank tabs so the panel page is in front.
    for (const other of ext.context.pages()) if (other !== page && other.url() === 'about:blank') await other.close();
    await page.bringToFront();
    console.log('The browser is open: type a prompt (try "/long 200"). Close the browser or press Ctrl-C to stop.');
    await new Promise<void>((resolve) => ext!.context.once('close', () => resolve()));
    return cleanup(0);
  }

  console.log(`Sending the sample prompt: ${JSON.stringify(SAMPLE_PROMPT)}`);
  const start = Date.now();
  await sendPrompt(page, SAMPLE_PROMPT);
  const answer = await waitForAnswer(page, { status: 'done', timeoutMs: 60_000 });
  console.log(`Answer streamed in ${((Date.now() - start) / 1000).toFixed(1)} s (${answer.text.length} characters, status ${answer.status}).`);
  mkdirSync(RESULTS, { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  console.log(`Screenshot saved to ${path.relative(ROOT, SCREENSHOT)}`);
  return cleanup(0);
}

main().catch(async (error: unknown) => {
  if (closing) return; // Ctrl-C while a step was running: cleanup() is already exiting
  console.error(`Demo failed: ${error instanceof Error ? error.message : String(error)}`);
  await cleanup(1);
});
