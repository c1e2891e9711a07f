// Where the 'history open' measure's time goes (measure 5 of tests/bench/run.ts): a fresh panel page
// loads, its history toggle is clicked the moment it exists, and the first conversation item
// appears. Prints, per load, the page's own milestones (navigation timing, the panel's first render,
// the toggle, the first item) and its long tasks, with an empty history and again after N
// conversations are seeded in bulk (`npx tsx tests/bench/history-open-trace.ts [N=10000] [runs=5]`;
// build first with `npx tsx tests/bench/build.ts e2e 8797`). `--profile` adds one open under the CPU
// profiler (readable names: `npx tsx tests/bench/build.ts profile 8797` and
// BENCH_E2E_BUILD=.output/bench-profile/chrome-mv3-e2e); `--timeline` one under Chrome's timeline
// tracing (the page thread's long events in order: parse, compile, script, style, layout, paint).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { buildExport } from './history';
import { median, startBench, type Bench } from './browser';
import { describeEvent, type TraceEvent } from './trace-events';

interface OpenTrace {
  responseEnd: number;
  domInteractive: number;
  scriptsDone: number;
  toggle: number;
  item: number;
  longTasks: number[];
  shown: string;
  /** When "No conversations yet" first showed (null: never). */
  empty: number | null;
}

/** Every load of `page` with trace-open in its URL clicks the history toggle as soon as it exists and records the milestones. */
async function armOpenTrace(page: Page): Promise<void> {
  await page.addInitScript(() => {
    if (!location.search.includes('trace-open')) return;
    const w = window as unknown as { __trace: Record<string, number | number[] | string> };
    const trace: Record<string, number | number[] | string> = { longTasks: [] };
    w.__trace = trace;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) (trace.longTasks as number[]).push(Math.round(e.startTime), Math.round(e.duration));
    }).observe({ type: 'longtask', buffered: true });
    const obs = new MutationObserver(() => {
      if (trace.toggle === undefined) {
        const toggle = document.querySelector<HTMLButtonElement>('[data-testid=history-toggle]');
        if (toggle) {
          trace.toggle = performance.now();
          toggle.click();
        }
      }
      // "No conversations yet" is the end only on the empty history; seen before the list, it is a flash.
      if (trace.empty === undefined && document.querySelector('.history-empty')) trace.empty = performance.now();
      const shown = document.querySelector(location.search.includes('empty') ? '.history-empty' : '[data-testid=conversation-item]');
      if (shown) {
        trace.item = performance.now();
        trace.shown = shown.className;
        obs.disconnect();
      }
    });
    obs.observe(document, { childList: true, subtree: true });
  });
}

async function traceOpens(b: Bench, runs: number, label: string): Promise<void> {
  const page = await b.ext.context.newPage();
  await armOpenTrace(page);
  const rows: OpenTrace[] = [];
  for (let r = 0; r <= runs; r++) {
    await page.goto(`${b.panelUrl}?trace-open=${r}-${label}`);
    await page.waitForFunction(() => (window as unknown as { __trace: { item?: number } }).__trace.item, undefined, { timeout: 30_000, polling: 50 });
    await page.waitForTimeout(300);
    const t = await page.evaluate(() => {
      const w = window as unknown as { __trace: { toggle: number; item: number; longTasks: number[]; shown: string; empty?: number } };
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const scripts = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) => e.name.endsWith('.js'));
      return {
        responseEnd: nav.responseEnd,
        domInteractive: nav.domInteractive,
        scriptsDone: Math.max(0, ...scripts.map((s) => s.responseEnd)),
        toggle: w.__trace.toggle,
        item: w.__trace.item,
        longTasks: w.__trace.longTasks,
        shown: w.__trace.shown,
        empty: w.__trace.empty ?? null,
      };
    });
    if (r === 0) continue; // the first load warms the code cache, as in measure 5
    rows.push(t);
    console.log(
      `${label} #${r}: response ${t.responseEnd.toFixed(0)}, scripts ${t.scriptsDone.toFixed(0)}, domInteractive ${t.domInteractive.toFixed(0)}, toggle ${t.toggle.toFixed(0)}, item ${t.item.toFixed(0)} ms (${t.shown}${t.empty !== null && label !== 'empty' ? `; "No conversations yet" flashed at ${t.empty.toFixed(0)}` : ''}); long tasks [start, ms] ${JSON.stringify(t.longTasks)}`,
    );
  }
  const m = (k: keyof Omit<OpenTrace, 'longTasks' | 'shown' | 'empty'>) => median(rows.map((x) => x[k])).toFixed(0);
  console.log(`${label} median: toggle ${m('toggle')} ms, item ${m('item')} ms (toggle → item ${median(rows.map((x) => x.item - x.toggle)).toFixed(0)} ms)`);
  await page.close();
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
}

/** One more open under the CPU profiler: bench-results/history-open.cpuprofile and the top self times. */
async function profileOpen(b: Bench): Promise<void> {
  const page: Page = await b.ext.context.newPage();
  await armOpenTrace(page);
  await page.goto(b.panelUrl);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await page.goto(`${b.panelUrl}?trace-open=profile`);
  await page.waitForFunction(() => (window as unknown as { __trace: { item?: number } }).__trace.item, undefined, { timeout: 30_000, polling: 50 });
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => ((metrics.find((m) => m.name === name)?.value ?? 0) * 1000).toFixed(0);
  console.log(`this page so far: task ${metric('TaskDuration')} ms = script ${metric('ScriptDuration')} + layout ${metric('LayoutDuration')} (${metrics.find((m) => m.name === 'LayoutCount')?.value} layouts) + style ${metric('RecalcStyleDuration')} (${metrics.find((m) => m.name === 'RecalcStyleCount')?.value}) + other`);
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[] } };
  const out = path.resolve('bench-results/history-open.cpuprofile');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(profile));
  const interval = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);
  const self = new Map<string, number>();
  for (const n of profile.nodes) {
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url ? `${path.basename(f.url)}:${f.lineNumber + 1}:${f.columnNumber + 1}` : ''}`.trim();
    self.set(key, (self.get(key) ?? 0) + (n.hitCount ?? 0));
  }
  console.log(`profile of one open: ${((profile.endTime - profile.startTime) / 1000).toFixed(0)} ms wall; top self times:`);
  for (const [k, v] of [...self.entries()].sort((a, c) => c[1] - a[1]).slice(0, 30)) console.log(`${(v * interval).toFixed(1).padStart(7)} ms  ${k}`);
  console.log(`wrote ${out}`);
  await page.close();
}

/** One more open under Chrome's timeline tracing: the page thread's events over 3 ms, in order, and totals per kind. */
async function timelineOpen(b: Bench): Promise<void> {
  const page: Page = await b.ext.context.newPage();
  await armOpenTrace(page);
  await page.goto(b.panelUrl);
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => void events.push(...(e.value as unknown as TraceEvent[])));
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,v8.execute,blink.user_timing,loading', transferMode: 'ReportEvents' });
  await page.goto(`${b.panelUrl}?trace-open=timeline`);
  const item = (await (await page.waitForFunction(() => (window as unknown as { __trace: { item?: number } }).__trace.item, undefined, { timeout: 30_000, polling: 50 })).jsonValue()) as number;
  await cdp.send('Tracing.end');
  await done;
  const nav = events.find((e) => e.name === 'navigationStart' || e.name === 'NavigationTiming' || e.name === 'domLoading');
  const main = events.find((e) => e.name === 'ParseHTML')!;
  const t0 = (nav ?? main).ts;
  const thread = events.filter((e) => e.tid === main.tid && e.pid === main.pid && e.ph === 'X' && (e.dur ?? 0) >= 3000 && e.ts >= t0);
  console.log(`timeline of one open (item at ${item.toFixed(0)} ms after navigation start): page-thread events ≥ 3 ms`);
  for (const e of thread) {
    console.log(`  ${((e.ts - t0) / 1000).toFixed(1).padStart(7)} +${((e.dur ?? 0) / 1000).toFixed(1).padStart(6)}  ${describeEvent(e)}`);
  }
  if (process.env.TIMELINE_ALL) {
    const [from, to] = process.env.TIMELINE_ALL.split(',').map(Number);
    for (const e of events) {
      const at = (e.ts - t0) / 1000;
      if (at >= from && at <= to && e.ph !== 'M') console.log(`    ${at.toFixed(1).padStart(7)} ${e.ph} +${((e.dur ?? 0) / 1000).toFixed(1)} tid ${e.tid === main.tid ? 'main' : e.tid} ${e.name} ${JSON.stringify(e.args?.data ?? '').slice(0, 120)}`);
    }
  }
  const totals = new Map<string, number>();
  const end = t0 + item * 1000;
  for (const e of events) if (e.tid === main.tid && e.pid === main.pid && e.ph === 'X' && e.ts >= t0 && e.ts < end && ['Layout', 'UpdateLayoutTree', 'Paint', 'ParseHTML', 'EvaluateScript', 'v8.compile', 'FunctionCall', 'EventDispatch', 'RunMicrotasks', 'v8.compileModule', 'v8.evaluateModule', 'TimerFire', 'FireAnimationFrame', 'PrePaint', 'Layerize', 'CompositeLayers'].includes(e.name)) totals.set(e.name, (totals.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
  console.log(`  totals to the first item: ${[...totals].map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')} (nested events overlap)`);
  await page.close();
}

async function main(): Promise<void> {
  const conversations = Number(process.argv[2] ?? 10_000);
  const runs = Number(process.argv[3] ?? 5);
  const b = await startBench();
  try {
    await traceOpens(b, runs, 'empty');
    const page = await b.ext.context.newPage();
    await page.goto(b.panelUrl);
    for (let first = 0; first < conversations; first += 2000) {
      const json = buildExport(Math.min(2000, conversations - first), 20, first, conversations);
      await b.ext.worker.evaluate(async (text) => {
        const hook = (globalThis as unknown as { __flarechatBench: { seedHistory(text: string): Promise<number> } }).__flarechatBench;
        return hook.seedHistory(text);
      }, json);
    }
    await page.close();
    await traceOpens(b, runs, `${conversations}`);
    if (process.argv.includes('--profile')) await profileOpen(b);
    if (process.argv.includes('--timeline')) await timelineOpen(b);
  } finally {
    await b.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
