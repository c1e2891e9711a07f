// Chrome trace of one `/long N` answer across every process (panel + offscreen relay renderer,
// service worker thread, browser process, network service): prints, per busy thread, its top-level
// task time, where it went (trace event totals), and its busy share per 250 ms of the answer, so a
// slow stream shows which thread is the bottleneck (issue #16). Writes stream-<N>.trace.json
// in the system temp folder (open in chrome://tracing or DevTools → Performance). Uses the unminified
// build like profile.ts.
//   npx tsx tests/bench/trace-stream.ts [tokens]
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withLongAnswerPanel } from './long-answer-panel';

const tokens = Number(process.argv[2] ?? 20000);
const BUCKET_US = 250_000;

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: Record<string, unknown> & { name?: string };
}

const CATEGORIES = ['toplevel', 'devtools.timeline', 'v8', 'blink', 'ipc', 'mojom', 'disabled-by-default-devtools.timeline', '__metadata'];

async function main(): Promise<void> {
  await withLongAnswerPanel(tokens, async ({ cdp, sendAndWait }) => {
    const chunks: TraceEvent[] = [];
    cdp.on('Tracing.dataCollected', (e) => chunks.push(...(e.value as unknown as TraceEvent[])));
    const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES }, transferMode: 'ReportEvents' });
    const t0 = Date.now();
    await sendAndWait();
    const wallMs = Date.now() - t0;
    await cdp.send('Tracing.end');
    await complete;
    const out = path.join(os.tmpdir(), `stream-${tokens}.trace.json`);
    writeFileSync(out, JSON.stringify({ traceEvents: chunks }));
    summarize(chunks, wallMs);
    console.log(`wrote ${out}`);
  });
}

function summarize(events: TraceEvent[], wallMs: number): void {
  const names = new Map<string, string>();
  const procs = new Map<number, string>();
  for (const e of events) {
    if (e.ph !== 'M') continue;
    if (e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, String(e.args?.name));
    if (e.name === 'process_labels' || e.name === 'process_name') procs.set(e.pid, `${procs.get(e.pid) ?? ''} ${JSON.stringify(e.args?.labels ?? e.args?.name)}`.trim());
  }
  const tasks = events.filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask');
  if (tasks.length === 0) return console.log('no tasks traced');
  const start = Math.min(...tasks.map((e) => e.ts));
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined) continue;
    const key = `${e.pid}:${e.tid}`;
    let list = byThread.get(key);
    if (!list) byThread.set(key, (list = []));
    list.push(e);
  }
  const rows = [...byThread.entries()]
    .map(([key, list]) => ({ key, list, busy: list.filter((e) => e.name === 'ThreadControllerImpl::RunTask').reduce((n, e) => n + (e.dur ?? 0), 0) }))
    .sort((a, b) => b.busy - a.busy)
    .slice(0, 6);
  console.log(`/long ${tokens}: ${wallMs} ms from click to done (page poll)`);
  for (const { key, list, busy } of rows) {
    const pid = Number(key.split(':')[0]);
    console.log(`\n${names.get(key) ?? key} [${procs.get(pid) ?? pid}] top-level tasks ${(busy / 1000).toFixed(0)} ms`);
    const totals = new Map<string, { dur: number; n: number }>();
    for (const e of list) {
      const t = totals.get(e.name) ?? { dur: 0, n: 0 };
      t.dur += e.dur ?? 0;
      t.n++;
      totals.set(e.name, t);
    }
    for (const [name, t] of [...totals.entries()].sort((a, b) => b[1].dur - a[1].dur).slice(0, 14)) {
      console.log(`  ${(t.dur / 1000).toFixed(0).padStart(6)} ms ${String(t.n).padStart(7)}×  ${name}`);
    }
    const buckets: number[] = [];
    for (const e of list) {
      if (e.name !== 'ThreadControllerImpl::RunTask') continue;
      const b = Math.floor((e.ts - start) / BUCKET_US);
      buckets[b] = (buckets[b] ?? 0) + (e.dur ?? 0);
    }
    console.log(`  busy % per 250 ms: ${Array.from(buckets, (v) => Math.round((100 * (v ?? 0)) / BUCKET_US)).join(' ')}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
