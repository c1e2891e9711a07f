// CPU profile of the background worker from its first instruction (issue #16, cold start): after
// one answer, the worker is stopped, the browser is told to pause every new worker until a
// profiler is attached (CDP Target.setAutoAttach, waitForDebuggerOnStart), and a Send wakes it.
// Writes bench-results/worker-start.cpuprofile (open in DevTools → Performance) and prints the
// functions with the most inclusive time. Readable names: `npx tsx tests/bench/build.ts profile
// 8797`, then BENCH_E2E_BUILD=.output/bench-profile/chrome-mv3-e2e npx tsx tests/bench/worker-start-profile.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import puppeteer, { type CDPSession } from 'puppeteer-core';
import { devToolsActivePort } from '../e2e/harness';
import { openPanel, startBench } from './browser';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  startTime: number;
  endTime: number;
}

/** Inclusive time per function (each sample counted once per function on its stack). */
function inclusive(profile: Profile): [string, number][] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const interval = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);
  const totals = new Map<string, number>();
  for (const sample of profile.samples) {
    const seen = new Set<string>();
    for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id)!.callFrame;
      const key = `${f.functionName || '(anonymous)'} ${f.url ? `${path.basename(f.url)}:${f.lineNumber + 1}` : ''}`.trim();
      if (seen.has(key)) continue;
      seen.add(key);
      totals.set(key, (totals.get(key) ?? 0) + interval);
    }
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

async function main(): Promise<void> {
  const b = await startBench();
  try {
    const panel = await openPanel(b);
    await panel.locator('[data-testid=composer]').fill('warm up');
    await panel.locator('[data-testid=send]').click();
    await panel.waitForSelector('[data-testid=message][data-role=assistant][data-status=done]', { timeout: 30_000 });
    const { wsEndpoint } = await devToolsActivePort(b.ext.userDataDir);
    const browser = await puppeteer.connect({ browserWSEndpoint: wsEndpoint, defaultViewport: null });
    const root = await browser.target().createCDPSession();
    const connection = root.connection()!;
    let done: Promise<Profile> | undefined;
    root.on('Target.attachedToTarget', (event: { sessionId: string; targetInfo: { type: string } }) => {
      const session: CDPSession | undefined = connection.session(event.sessionId) ?? undefined;
      if (!session) return;
      if (event.targetInfo.type !== 'service_worker') return void session.send('Runtime.runIfWaitingForDebugger').catch(() => {});
      done = (async () => {
        await session.send('Profiler.enable');
        await session.send('Profiler.setSamplingInterval', { interval: 50 });
        await session.send('Profiler.start');
        await session.send('Runtime.runIfWaitingForDebugger');
        await new Promise((r) => setTimeout(r, 1500));
        return (await session.send('Profiler.stop')).profile as unknown as Profile;
      })();
    });
    await b.ext.stopServiceWorker();
    await root.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true });
    await panel.locator('[data-testid=composer]').fill('cold');
    await panel.locator('[data-testid=send]').click();
    for (let i = 0; i < 100 && !done; i++) await new Promise((r) => setTimeout(r, 50));
    if (!done) throw new Error('no service worker started');
    const profile = await done;
    await browser.disconnect();
    const out = path.resolve('bench-results/worker-start.cpuprofile');
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify(profile));
    console.log('worker start, inclusive ms (the first 1.5 s, idle included):');
    for (const [name, ms] of inclusive(profile).slice(0, 30)) console.log(`${ms.toFixed(1).padStart(7)}  ${name}`);
    console.log(`wrote ${out}`);
  } finally {
    await b.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
