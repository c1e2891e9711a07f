import { performance } from 'node:perf_hooks';
import { calibrateClock, openPanel, startBench } from './browser';
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
      await panel.evaluate(() => {
        const w = window as unknown as { __coldClick?: number };
        const obs = new MutationObserver(() => {
          if (!document.querySelector('[data-testid=connection-status]')) return;
          obs.disconnect();
          w.__coldClick = performance.timeOrigin + performance.now();
          (document.querySelector('[data-testid=send]') as HTMLButtonElement).click();
        });
        obs.observe(document.body, { childList: true, subtree: true });
      });
      emu.clearLog();
      await b.ext.stopServiceWorker();
      const h = await panel.waitForFunction(() => (window as unknown as { __coldClick?: number }).__coldClick, undefined, { timeout: 10_000, polling: 50 });
      const click = ((await h.jsonValue()) as number) - clock.offset - performance.timeOrigin - emu.started;
      await panel.waitForSelector('[data-testid=message][data-role=assistant][data-status=done] >> nth=1', { timeout: 30000 }).catch(() => {});
      await sleep(300);
      const worker = await b.ext.waitForWorker();
      const marks = await worker.evaluate(() => (globalThis as unknown as { __marks?: [string, number][] }).__marks ?? []);
      const rows: [string, number][] = [['page click', 0]];
      const origin = await worker.evaluate(() => performance.timeOrigin);
      rows.push(['bg timeOrigin', origin - performance.timeOrigin - emu.started - click]);
      for (const [n, wall] of marks) rows.push([`bg ${n}`, wall - performance.timeOrigin - emu.started - click]);
      for (const e of emu.log) rows.push([`emu ${e.kind} ${e.frame?.type ?? e.path?.slice(0, 60) ?? ''}`, e.t - click]);
      rows.sort((a, b) => a[1] - b[1]);
      console.log(`run ${r}`);
      for (const [n, t] of rows.slice(0, 45)) console.log(`  ${n.padEnd(50)} ${t.toFixed(0).padStart(5)}`);
    } finally {
      await b.close();
    }
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
