import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { devToolsActivePort } from '../e2e/harness';
import { calibrateClock, openPanel, startBench } from './browser';
import { describeEvent, type TraceEvent } from './trace-events';
// Usage: BENCH_PORT=8797 npx tsx tests/bench/cold-start-trace.ts [runs] [--after-stop]
// --after-stop: Send is clicked once stopServiceWorker() returned (bench measure 4's second row),
// not the moment the panel shows its port dropped.
const AFTER_STOP = process.argv.includes('--after-stop');
// --timeline: also the extension renderer's main thread (the panel's and the relay document's:
// one process) from Chrome's trace, its tasks of 1 ms or more from 30 ms before the click to 150 ms after.
const TIMELINE = process.argv.includes('--timeline');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function main() {
  for (let r = 0; r < Number(process.argv[2] ?? 2); r++) {
    const b = await startBench();
    const panel = await openPanel(b);
    const emu = b.emu as unknown as { log: { t: number; kind: string; frame?: { type?: string }; path?: string }[]; clearLog(): void; started: number; configure(p: unknown): void };
    try {
      emu.configure({ tokenDelayMs: 0, faults: { active: [] } });
      await panel.locator('[data-testid=composer]').fill('warm up');
      await panel.locator('[data-testid=send]').click();
      await panel.waitForSelector('[data-testid=message][data-role=assistant][data-status=done]', { timeout: 30000 });
      await b.ext.waitForWorker();
      await sleep(1000);
      await panel.locator('[data-testid=composer]').fill('cold');
      const clock = await calibrateClock(panel, 15);
      if (!AFTER_STOP) await panel.evaluate(() => {
        const w = window as unknown as { __coldClick?: number };
        const obs = new MutationObserver(() => {
          if (!document.querySelector('[data-testid=connection-status]')) return;
          obs.disconnect();
          w.__coldClick = performance.timeOrigin + performance.now();
          performance.mark('cold-click');
          (document.querySelector('[data-testid=send]') as HTMLButtonElement).click();
        });
        obs.observe(document.body, { childList: true, subtree: true });
      });
      emu.clearLog();
      const timeline = TIMELINE ? await startTimeline(panel) : undefined;
      await b.ext.stopServiceWorker();
      if (AFTER_STOP) await panel.evaluate(() => {
        (window as unknown as { __coldClick?: number }).__coldClick = performance.timeOrigin + performance.now();
        performance.mark('cold-click');
        (document.querySelector('[data-testid=send]') as HTMLButtonElement).click();
      });
      const h = await panel.waitForFunction(() => (window as unknown as { __coldClick?: number }).__coldClick, undefined, { timeout: 10_000, polling: 50 });
      const click = ((await h.jsonValue()) as number) - clock.offset - performance.timeOrigin - emu.started;
      await panel.waitForSelector('[data-testid=message][data-role=assistant][data-status=done] >> nth=1', { timeout: 30000 }).catch(() => {});
      await sleep(300);
      const tasks = (await timeline?.()) ?? [];
      const worker = await b.ext.waitForWorker();
      const marks = await worker.evaluate(() => (globalThis as unknown as { __marks?: [string, number][] }).__marks ?? []);
      const rows: [string, number][] = [['page click', 0]];
      const origin = await worker.evaluate(() => performance.timeOrigin);
      rows.push(['bg timeOrigin', origin - performance.timeOrigin - emu.started - click]);
      for (const [n, wall] of marks) rows.push([`bg ${n}`, wall - performance.timeOrigin - emu.started - click]);
      for (const e of emu.log) rows.push([`emu ${e.kind} ${e.frame?.type ?? e.path?.slice(0, 60) ?? ''}`, e.t - click]);
      // The relay document's steps (socket-relay-host.ts), read through CDP: it is no Playwright page.
      for (const [n, wall] of await relayMarks(b.ext.userDataDir)) rows.push([`doc ${n}`, wall - performance.timeOrigin - emu.started - click]);
      const pageMarks = await panel.evaluate(() => (globalThis as unknown as { __marks?: [string, number][] }).__marks ?? []);
      for (const [n, wall] of pageMarks) rows.push([`page ${n}`, wall - clock.offset - performance.timeOrigin - emu.started - click]);
      rows.push(...tasks);
      rows.sort((a, b) => a[1] - b[1]);
      console.log(`run ${r}`);
      for (const [n, t] of rows.slice(0, TIMELINE ? 120 : 45)) console.log(`  ${n.padEnd(50)} ${t.toFixed(0).padStart(5)}`);
    } finally {
      await b.close();
    }
  }
}
/** Starts Chrome's timeline trace on the panel's renderer; the returned call ends it and gives rows (ms after the click). */
async function startTimeline(panel: Page): Promise<() => Promise<[string, number][]>> {
  const cdp = await panel.context().newCDPSession(panel);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => void events.push(...(e.value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,v8.execute,blink.user_timing', transferMode: 'ReportEvents' });
  return async () => {
    const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.end');
    await done;
    const click = events.find((e) => e.name === 'cold-click');
    if (!click) return [];
    const rows: [string, number][] = [];
    for (const e of events) {
      const at = (e.ts - click.ts) / 1000;
      if (e.tid !== click.tid || e.pid !== click.pid || e.ph !== 'X' || (e.dur ?? 0) < 1000 || at < -30 || at > 150) continue;
      rows.push([`tl +${((e.dur ?? 0) / 1000).toFixed(1)} ${describeEvent(e)}`.slice(0, 50), at]);
    }
    return rows;
  };
}

async function relayMarks(userDataDir: string): Promise<[string, number][]> {
  const { wsEndpoint } = await devToolsActivePort(userDataDir);
  const browser = await puppeteer.connect({ browserWSEndpoint: wsEndpoint, defaultViewport: null });
  try {
    const target = browser.targets().find((t) => t.url().endsWith('/socket-relay.html'));
    if (!target) return [];
    const session = await target.createCDPSession();
    const { result } = await session.send('Runtime.evaluate', { expression: 'globalThis.__marks ?? []', returnByValue: true });
    return result.value as [string, number][];
  } finally {
    void browser.disconnect();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
