// What waking a stopped service worker costs Chrome itself, and what the size of our bundle adds
// (issue #16, cold start): two throwaway extensions whose worker answers a page's runtime.connect at
// once: (1) a two-line worker, (2) the same with the production background.js wrapped in a function
// that is never called (loaded and parsed, never run). Prints page connect → the worker's
// timeOrigin, → its first line, → its onConnect (medians of up to 6 wakes each).
//   npx wxt build && npx tsx tests/bench/worker-wake-floor.ts
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchExtension } from '../e2e/harness';
import { median } from './browser';

const BUNDLE = path.resolve('.output/chrome-mv3/background.js');
const STAMP = 'globalThis.__wakeStart = performance.now();';
const ANSWER =
  "chrome.runtime.onConnect.addListener((p) => { if (p.name !== 'wake-floor') return; p.postMessage({ origin: performance.timeOrigin, start: globalThis.__wakeStart, connect: performance.now() }); });";

function extension(name: string, worker: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `wake-${name}-`));
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ manifest_version: 3, name, version: '1.0', background: { service_worker: 'sw.js' } }));
  writeFileSync(path.join(dir, 'sw.js'), worker);
  writeFileSync(path.join(dir, 'page.html'), '<!doctype html><title>wake</title>');
  return dir;
}

async function wakes(dir: string, label: string): Promise<void> {
  const ext = await launchExtension({ extensionDir: dir });
  try {
    const page = await ext.context.newPage();
    await page.goto(`chrome-extension://${ext.extensionId}/page.html`);
    const rows: number[][] = [];
    for (let i = 0; i < 7; i++) {
      // The harness's stop is not reliable twice in a row in one browser (see coldStartBench): a
      // wake whose stop was not seen is skipped.
      const stopped = await ext.stopServiceWorker().then(() => true, () => false);
      if (!stopped) continue;
      await page.waitForTimeout(300);
      const row = await page.evaluate(
        () =>
          new Promise<number[]>((resolve) => {
            const t0 = performance.timeOrigin + performance.now();
            const port = chrome.runtime.connect({ name: 'wake-floor' });
            port.onMessage.addListener((m: { origin: number; start: number; connect: number }) => resolve([m.origin - t0, m.origin + m.start - t0, m.origin + m.connect - t0]));
            setTimeout(() => resolve([NaN, NaN, NaN]), 5000);
          }),
      );
      if (i > 0) rows.push(row); // the first wake after launch also installs
    }
    const m = (k: number) => median(rows.map((r) => r[k])).toFixed(0);
    console.log(`${label.padEnd(44)} timeOrigin +${m(0)} ms, first line +${m(1)} ms, onConnect +${m(2)} ms`);
  } finally {
    await ext.close();
  }
}

async function main(): Promise<void> {
  const bundle = readFileSync(BUNDLE, 'utf8');
  await wakes(extension('tiny', `${STAMP}\n${ANSWER}\n`), 'two-line worker');
  await wakes(extension('parsed', `${STAMP}\n${ANSWER}\nfunction neverCalled() {\n${bundle}\n}\n`), `+ ${(bundle.length / 1024).toFixed(0)} KB bundle parsed, never run`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
