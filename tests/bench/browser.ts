// Browser-level measures (real headless Chromium + the playground emulator): streaming overhead and
// main-thread growth, per-token latency, cold start, memory. History scale lives in history.ts.
//
// Clocks: the emulator runs in this Node process; the page reports `performance.timeOrigin + now()`.
// Both are wall-clock based, but two processes' origins can disagree by a few ms, so every page ↔
// Node comparison goes through a measured offset (calibrateClock: min-RTT round trips).
import { performance } from 'node:perf_hooks';
import type { CDPSession, Page } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { devToolsActivePort, launchExtension, type LaunchedExtension } from '../e2e/harness';
import { startEmulator, type Emulator, type LogEntry } from '../emulator/server';
import { splitTokens } from '../emulator/answer';

export const BENCH_PORT = Number(process.env.BENCH_PORT ?? 8797);
export const BENCH_E2E_BUILD = process.env.BENCH_E2E_BUILD ?? new URL('../../.output/bench/chrome-mv3-e2e', import.meta.url).pathname;

export const nodeNow = (): number => performance.timeOrigin + performance.now();

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** page clock − node clock, in ms, from the round trip with the smallest RTT. */
export async function calibrateClock(page: Page, rounds = 25): Promise<{ offset: number; rtt: number }> {
  let best = { offset: 0, rtt: Infinity };
  for (let i = 0; i < rounds; i++) {
    const a = nodeNow();
    const p = await page.evaluate(() => performance.timeOrigin + performance.now());
    const b = nodeNow();
    if (b - a < best.rtt) best = { offset: p - (a + b) / 2, rtt: b - a };
  }
  return best;
}

export interface Bench {
  ext: LaunchedExtension;
  emu: Emulator;
  panelUrl: string;
  close(): Promise<void>;
}

/** `latencyMs`: start the emulator with its latency line (tests/emulator/latency.ts) at this one-way delay. */
export async function startBench(opts: { latencyMs?: number } = {}): Promise<Bench> {
  const emu = await startEmulator({ port: BENCH_PORT, mode: 'ws', tokenDelayMs: 0, latencyMs: opts.latencyMs });
  let ext: LaunchedExtension;
  try {
    ext = await launchExtension({ extensionDir: BENCH_E2E_BUILD });
  } catch (error) {
    await emu.close();
    throw error;
  }
  return {
    ext,
    emu,
    panelUrl: `chrome-extension://${ext.extensionId}/sidepanel.html`,
    async close() {
      await ext.close();
      await emu.close();
    },
  };
}

/** The side panel opened as a tab (same page, same code), fresh, ready for input. */
export async function openPanel(b: Bench, page?: Page): Promise<Page> {
  const p = page ?? (await b.ext.context.newPage());
  await p.goto(b.panelUrl);
  await p.locator('[data-testid=composer]').waitFor({ state: 'visible' });
  await p.bringToFront();
  return p;
}

async function waitDone(page: Page, timeoutMs: number, after = 0): Promise<string> {
  const handle = await page.waitForFunction(
    (after) => {
      const all = document.querySelectorAll('[data-testid=message][data-role=assistant]');
      if (all.length <= after) return null;
      const last = all[all.length - 1];
      const s = last?.getAttribute('data-status');
      return s && s !== 'streaming' && s !== 'queued' ? s : null;
    },
    after,
    { timeout: timeoutMs, polling: 250 },
  );
  return (await handle.jsonValue()) as string;
}

/** Records (clock, textContent length) of the last assistant message at every DOM mutation. */
async function armObserver(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __bench?: { recs: number[][]; selfMs: number; obs: MutationObserver } };
    w.__bench?.obs.disconnect();
    const state = { recs: [] as number[][], selfMs: 0, obs: undefined as unknown as MutationObserver };
    state.obs = new MutationObserver(() => {
      const t = performance.now();
      const all = document.querySelectorAll('[data-testid=message][data-role=assistant]');
      const last = all[all.length - 1];
      if (last) state.recs.push([performance.timeOrigin + t, (last.textContent ?? '').length]);
      state.selfMs += performance.now() - t;
    });
    state.obs.observe(document.body, { childList: true, subtree: true, characterData: true });
    w.__bench = state;
  });
}

async function readObserver(page: Page): Promise<{ recs: number[][]; selfMs: number; finalLen: number }> {
  return page.evaluate(() => {
    const w = window as unknown as { __bench: { recs: number[][]; selfMs: number; obs: MutationObserver } };
    w.__bench.obs.disconnect();
    const all = document.querySelectorAll('[data-testid=message][data-role=assistant]');
    const last = all[all.length - 1];
    return { recs: w.__bench.recs, selfMs: w.__bench.selfMs, finalLen: (last?.textContent ?? '').length };
  });
}

/** Fills the composer, then clicks Send from inside the page; returns the page clock at the click. */
async function clickSend(page: Page, prompt: string): Promise<number> {
  await page.locator('[data-testid=composer]').fill(prompt);
  return page.evaluate(() => {
    const t = performance.timeOrigin + performance.now();
    (document.querySelector('[data-testid=send]') as HTMLButtonElement).click();
    return t;
  });
}

const METRICS = ['TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration'] as const;
type Metrics = Record<(typeof METRICS)[number], number>;

/** Renderer main-thread totals (ms). The renderer is shared by every page of the extension. */
async function mainThreadMetrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const out = {} as Metrics;
  for (const k of METRICS) out[k] = (metrics.find((m) => m.name === k)?.value ?? 0) * 1000;
  return out;
}

// ------------------------------------------------------------------------------------ 1 + 2 + 6a

export interface StreamRun {
  tokens: number;
  /** send click → last token in the DOM (ms) */
  visibleMs: number;
  /** the floor: bare reader on a warm, configured socket, chat request → done:true (ms) */
  baselineMs: number;
  /** main-thread busy time of the panel renderer during the answer, observer time removed (ms) */
  busyMs: number;
  /** of which: JS, layout, style recalc (ms) */
  scriptMs: number;
  layoutMs: number;
  styleMs: number;
  observerMs: number;
  finalChars: number;
}

/**
 * The floor: a bare socket reader in an extension page, on the same kind of dedicated worker
 * thread the product's offscreen relay reads its socket on (the extension's own
 * /socket-thread.js, which only receives frames and hands them over in batches). It opens the same
 * agents route and answers the server's cf_agent_state with the same frames the extension sends
 * (state, setConfig) BEFORE the clock starts: the socket is open and configured. Timed: the chat
 * request → the frame with `"done":true`, found by substring; per frame it only counts frames and
 * bytes (its socket carries nothing but this answer), so it does strictly less than the product,
 * which receives the same frames on the same thread and then relays, parses and renders them
 * (issue #16). Returns ms from the request to done, and to the first text-delta frame (measure 8's
 * floor).
 */
export async function bareSocketReader(page: Page, port: number, prompt: string): Promise<{ ms: number; firstMs: number; frames: number; bytes: number }> {
  return page.evaluate(
    ({ port, prompt }) =>
      new Promise<{ ms: number; firstMs: number; frames: number; bytes: number }>((resolve, reject) => {
        const session = `flarechat-bench${Math.random().toString(36).slice(2, 10)}`;
        const requestId = `req_${Math.random().toString(36).slice(2)}`;
        const thread = new Worker('/socket-thread.js');
        let frames = 0;
        let bytes = 0;
        let t0 = 0;
        let firstMs = NaN;
        let configured = false;
        thread.onerror = () => reject(new Error('baseline socket thread error'));
        thread.onmessage = (ev: MessageEvent<{ type: string; data?: string[] }>) => {
          if (ev.data.type === 'close' && t0 === 0) reject(new Error('baseline socket closed'));
          if (ev.data.type !== 'texts' || !ev.data.data) return;
          for (const data of ev.data.data) {
            if (t0 > 0) {
              // Timed part: count, and look for the first delta (until found) and the done frame.
              frames++;
              bytes += data.length;
              if (Number.isNaN(firstMs) && data.includes('text-delta')) firstMs = performance.now() - t0;
              if (data.includes('"done":true') && data.includes(requestId)) {
                const ms = performance.now() - t0;
                thread.terminate();
                resolve({ ms, firstMs, frames, bytes });
                return;
              }
              continue;
            }
            // Untimed set-up (the warm, configured socket).
            const f = JSON.parse(data) as { type?: string; id?: string; state?: Record<string, unknown> };
            if (f.type === 'cf_agent_state' && !configured) {
              configured = true;
              thread.postMessage({ id: 1, type: 'send', data: JSON.stringify({ type: 'cf_agent_state', state: { ...f.state, model: '@cf/moonshotai/kimi-k2.6', temperature: 1, stream: true, useExternalProvider: false } }) });
              thread.postMessage({ id: 1, type: 'send', data: JSON.stringify({ type: 'rpc', id: 'cfg_1', method: 'setConfig', args: [{ model: '@cf/moonshotai/kimi-k2.6', temperature: 1, stream: true }] }) });
            } else if (f.type === 'rpc' && f.id === 'cfg_1') {
              const body = JSON.stringify({
                id: `${session}-chat`,
                messages: [{ id: `u_${requestId}`, role: 'user', parts: [{ type: 'text', text: prompt }] }],
                trigger: 'submit-message',
              });
              const frame = JSON.stringify({ id: requestId, type: 'cf_agent_use_chat_request', init: { method: 'POST', headers: { 'content-type': 'application/json' }, body } });
              t0 = performance.now();
              thread.postMessage({ id: 1, type: 'send', data: frame });
            }
          }
        };
        thread.postMessage({ id: 1, type: 'open', url: `ws://127.0.0.1:${port}/agents/playground/${session}?_pk=${crypto.randomUUID()}` });
      }),
    { port, prompt },
  );
}

export async function streamingBench(
  b: Bench,
  sizes: number[],
  runs: number,
  log: (s: string) => void,
): Promise<{ runs: StreamRun[]; panelHeapMB: number; panelHeapAfter: number }> {
  b.emu.configure({ tokenDelayMs: 0, faults: { active: [] } });
  const out: StreamRun[] = [];
  const panel = await openPanel(b);
  const cdp = await b.ext.context.newCDPSession(panel);
  await cdp.send('Performance.enable');
  // Warm-up: one short answer through each path.
  await bareSocketReader(panel, BENCH_PORT, '/long 200');
  await clickSend(panel, '/long 200');
  await waitDone(panel, 60_000);
  let panelHeapMB = NaN;
  for (let r = 0; r < runs; r++) {
    for (const n of sizes) {
      const prompt = `/long ${n}`;
      // Fresh panel page for every answer: one answer in the DOM, no history left over. The panel
      // reopens the last conversation, so start a new chat (else every run adds to one conversation).
      await openPanel(b, panel);
      const assistants = panel.locator('[data-testid=message][data-role=assistant]');
      if ((await assistants.count()) > 0) {
        await panel.locator('[data-testid=new-chat]').first().click();
        await panel.waitForFunction(() => !document.querySelector('[data-testid=message]'), undefined, { timeout: 10_000 });
      }
      await sleep(300);
      // The floor runs in the same page, right before and right after the answer it is compared
      // with, and the faster of the two counts: on 2 cores a run's speed drifts by ±15% with the
      // machine's load, and the least time the floor's work took next to the answer is the truer
      // floor (a single floor run let the ratio drop to 0.84 once the product came within noise of it).
      const floor = () => (b.emu.clearLog(), bareSocketReader(panel, BENCH_PORT, prompt));
      const before = await floor();
      await armObserver(panel);
      b.emu.clearLog();
      // The panel may reopen the last conversation: wait for the answer after those already shown
      // (under load its bubble can appear after the first poll, which then saw an old 'done' one).
      const shown = await panel.locator('[data-testid=message][data-role=assistant]').count();
      const busy0 = await mainThreadMetrics(cdp);
      const t0 = await clickSend(panel, prompt);
      const status = await waitDone(panel, 180_000, shown);
      await sleep(300);
      const busy1 = await mainThreadMetrics(cdp);
      const obs = await readObserver(panel);
      if (status !== 'done') throw new Error(`answer for ${prompt} ended ${status}`);
      const after = await floor();
      const base = after.ms < before.ms ? after : before;
      let tLast = NaN;
      for (let i = obs.recs.length - 1; i >= 0; i--) {
        if (obs.recs[i][1] === obs.finalLen) tLast = obs.recs[i][0];
        else break;
      }
      const run: StreamRun = {
        tokens: n,
        visibleMs: tLast - t0,
        baselineMs: base.ms,
        busyMs: busy1.TaskDuration - busy0.TaskDuration - obs.selfMs,
        scriptMs: busy1.ScriptDuration - busy0.ScriptDuration - obs.selfMs,
        layoutMs: busy1.LayoutDuration - busy0.LayoutDuration,
        styleMs: busy1.RecalcStyleDuration - busy0.RecalcStyleDuration,
        observerMs: obs.selfMs,
        finalChars: obs.finalLen,
      };
      out.push(run);
      log(`  stream ${n} #${r + 1}: visible ${run.visibleMs.toFixed(0)} ms, bare socket ${run.baselineMs.toFixed(0)} ms, ratio ${(run.visibleMs / run.baselineMs).toFixed(2)} (floor before ${before.ms.toFixed(0)}, after ${after.ms.toFixed(0)}), busy ${run.busyMs.toFixed(0)} ms (script ${run.scriptMs.toFixed(0)}, layout ${run.layoutMs.toFixed(0)}, style ${run.styleMs.toFixed(0)}; observer ${obs.selfMs.toFixed(0)} ms)`);
      if (r === runs - 1 && n === Math.max(...sizes)) {
        // 6a: panel JS heap after the biggest answer, after a full GC.
        await cdp.send('HeapProfiler.enable');
        await cdp.send('HeapProfiler.collectGarbage');
        await sleep(200);
        await cdp.send('HeapProfiler.collectGarbage');
        const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };
        panelHeapMB = heap.usedSize / 1048576;
        log(`  panel heap after ${n} tokens: ${panelHeapMB.toFixed(1)} MB used`);
      }
    }
  }
  await cdp.detach().catch(() => undefined);
  await panel.close();
  return { runs: out, panelHeapMB, panelHeapAfter: Math.max(...sizes) };
}

// ------------------------------------------------------------------------------------ 6b

/** Background worker heap (used) after a full GC, through a puppeteer CDP session on the worker. */
export async function workerHeap(b: Bench): Promise<{ usedMB: number; totalMB: number }> {
  const { wsEndpoint } = await devToolsActivePort(b.ext.userDataDir);
  const browser = await puppeteer.connect({ browserWSEndpoint: wsEndpoint, defaultViewport: null });
  try {
    const target = await browser.waitForTarget(
      (t) => String(t.type()) === 'service_worker' && t.url().startsWith(`chrome-extension://${b.ext.extensionId}/`),
      { timeout: 10_000 },
    );
    const session = await target.createCDPSession();
    await session.send('HeapProfiler.enable');
    await session.send('HeapProfiler.collectGarbage');
    await sleep(200);
    await session.send('HeapProfiler.collectGarbage');
    const heap = await session.send('Runtime.getHeapUsage');
    await session.detach().catch(() => undefined);
    return { usedMB: heap.usedSize / 1048576, totalMB: heap.totalSize / 1048576 };
  } finally {
    await browser.disconnect();
  }
}

// ------------------------------------------------------------------------------------ 3

export interface LatencyResult {
  samples: number[];
  runs: number;
  tokensPerRun: number;
  clock: { offset: number; rtt: number };
}

export async function latencyBench(b: Bench, runs: number, words: number, log: (s: string) => void): Promise<LatencyResult> {
  b.emu.configure({ tokenDelayMs: 0, faults: { active: ['slow-drip'], dripMs: 30 } });
  const panel = await openPanel(b);
  const samples: number[] = [];
  let clock = { offset: 0, rtt: 0 };
  try {
    for (let r = 0; r < runs; r++) {
      await openPanel(b, panel);
      await sleep(300);
      clock = await calibrateClock(panel);
      const prompt = Array.from({ length: words }, (_, i) => `w${r}x${String(i).padStart(3, '0')}`).join(' ');
      const sent: { t: number; delta: string }[] = [];
      const off = b.emu.onLog((e: LogEntry) => {
        if (e.kind !== 'ws-out') return;
        const t = nodeNow();
        const frame = e.frame as { body?: string } | undefined;
        if (typeof frame?.body !== 'string' || !frame.body.includes('"text-delta"')) return;
        const chunk = JSON.parse(frame.body) as { type?: string; delta?: string };
        if (chunk.type === 'text-delta' && typeof chunk.delta === 'string') sent.push({ t, delta: chunk.delta });
      });
      await armObserver(panel);
      await clickSend(panel, prompt);
      const status = await waitDone(panel, 60_000);
      off();
      const obs = await readObserver(panel);
      if (status !== 'done') throw new Error(`latency answer ended ${status}`);
      // Token i is visible once the message text is as long as the answer through token i.
      let acc = '';
      let j = 0;
      const runSamples: number[] = [];
      for (const s of sent) {
        acc += s.delta;
        const need = acc.trimEnd().length;
        while (j < obs.recs.length && obs.recs[j][1] < need) j++;
        if (j >= obs.recs.length) break;
        runSamples.push(obs.recs[j][0] - clock.offset - s.t);
      }
      samples.push(...runSamples);
      log(`  latency #${r + 1}: ${runSamples.length}/${sent.length} tokens, median ${median(runSamples).toFixed(1)} ms, p95 ${percentile(runSamples, 95).toFixed(1)} ms (clock offset ${clock.offset.toFixed(1)} ms, rtt ${clock.rtt.toFixed(1)} ms)`);
    }
  } finally {
    b.emu.configure({ faults: { active: [] } });
    await panel.close();
  }
  return { samples, runs, tokensPerRun: splitTokens(`Hello! You said: ${'x '.repeat(words)}`).length, clock };
}

// ------------------------------------------------------------------------------------ 4

export interface ColdRun {
  variant: 'disconnected' | 'after-stop';
  /** click → upgrade of the socket that carried the chat (ms) */
  toUpgradeMs: number;
  /** click → first request of any kind (ms) */
  toFirstRequestMs: number;
  /** click → chat frame received (ms) */
  toChatFrameMs: number;
  /** new worker's timeOrigin − click (ms); negative = it had restarted before the click */
  workerStartMs: number;
}

/**
 * Worker stopped (harness stopServiceWorker: Target.closeTarget + detach), then Send.
 * - 'disconnected': the click fires the moment the panel sees its port drop (the "Reconnecting"
 *   banner), i.e. with the worker dead and the panel's 100 ms reconnect timer pending: the true cold
 *   path, click → reconnect → worker boot → engine → offscreen relay → socket.
 * - 'after-stop': the click comes after stopServiceWorker() returned (the panel has usually
 *   reconnected by then and woken the worker).
 */
export async function coldStartBench(runs: number, log: (s: string) => void): Promise<ColdRun[]> {
  const out: ColdRun[] = [];
  for (let r = 0; r < runs; r++) {
    for (const variant of ['disconnected', 'after-stop'] as const) {
      // A fresh browser per measurement: stopping the same worker twice in one browser is not
      // reliable with the harness recipe (the second stop finds no live worker target).
      const b = await startBench();
      const panel = await openPanel(b);
      try {
        b.emu.configure({ tokenDelayMs: 0, faults: { active: [] } });
        // A first answer so the panel, the worker and the offscreen relay are all warmed up.
        await clickSend(panel, 'warm up');
        await waitDone(panel, 30_000);
        await b.ext.waitForWorker();
        await sleep(1000);
        const prompt = `cold start ${variant} ${r}`;
        await panel.locator('[data-testid=composer]').fill(prompt);
        const clock = await calibrateClock(panel, 15);
        if (variant === 'disconnected') {
          await panel.evaluate(() => {
            const w = window as unknown as { __coldClick?: number };
            delete w.__coldClick;
            const obs = new MutationObserver(() => {
              if (!document.querySelector('[data-testid=connection-status]')) return;
              obs.disconnect();
              const t = performance.timeOrigin + performance.now();
              (document.querySelector('[data-testid=send]') as HTMLButtonElement).click();
              w.__coldClick = t;
            });
            obs.observe(document.body, { childList: true, subtree: true });
          });
        }
        const seen: { t: number; e: LogEntry }[] = [];
        const off = b.emu.onLog((e) => seen.push({ t: nodeNow(), e }));
        await b.ext.stopServiceWorker();
        let clickPage: number;
        if (variant === 'disconnected') {
          const h = await panel.waitForFunction(() => (window as unknown as { __coldClick?: number }).__coldClick, undefined, { timeout: 10_000, polling: 50 });
          clickPage = (await h.jsonValue()) as number;
        } else {
          clickPage = await panel.evaluate(() => {
            const t = performance.timeOrigin + performance.now();
            (document.querySelector('[data-testid=send]') as HTMLButtonElement).click();
            return t;
          });
        }
        const click = clickPage - clock.offset;
        const status = await waitDone(panel, 30_000, 1);
        off();
        if (status !== 'done') throw new Error(`cold-start answer ended ${status}`);
        const after = seen.filter((s) => s.t >= click);
        const chat = after.find((s) => s.e.kind === 'ws-in' && (s.e.frame as { type?: string })?.type === 'cf_agent_use_chat_request');
        const upgrade = chat ? after.find((s) => s.e.kind === 'upgrade' && s.e.path === chat.e.path) : undefined;
        const first = after.find((s) => s.e.kind === 'upgrade' || s.e.kind === 'http');
        const worker = await b.ext.waitForWorker();
        const workerOrigin = await worker.evaluate(() => performance.timeOrigin);
        const run: ColdRun = {
          variant,
          toUpgradeMs: (upgrade?.t ?? NaN) - click,
          toFirstRequestMs: (first?.t ?? NaN) - click,
          toChatFrameMs: (chat?.t ?? NaN) - click,
          workerStartMs: workerOrigin - click,
        };
        out.push(run);
        log(`  cold ${variant} #${r + 1}: first request +${run.toFirstRequestMs.toFixed(0)} ms (${first?.e.path.slice(0, 40)}), chat socket upgrade +${run.toUpgradeMs.toFixed(0)} ms, chat frame +${run.toChatFrameMs.toFixed(0)} ms, new worker timeOrigin ${run.workerStartMs >= 0 ? '+' : ''}${run.workerStartMs.toFixed(0)} ms`);
      } finally {
        await b.close();
      }
    }
  }
  return out;
}
