// Where the time goes between Enter and the first token (issue #16), on one clock: the page's
// Enter, its first assistant bubble and its first word, and every emulator log entry (upgrade,
// frames in and out), all as ms after Enter. The emulator runs in this process, so its log times
// and Node's clock agree; the page's clock is matched to Node's by calibrateClock.
// Emulator entries are stamped when the emulator's handler sees them: a frame the extension sent
// arrived LATENCY ms after it left, a frame the emulator sent reaches the extension LATENCY ms later.
// Usage: BENCH_PORT=… npx tsx tests/bench/first-token-trace.ts [latencyMs=40] [runs=3]
// (needs the bench build: npx tsx tests/bench/build.ts e2e $BENCH_PORT)
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import { calibrateClock, openPanel, startBench } from './browser';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function trace(page: Page, marks: () => Promise<[string, number][]>, emu: { log: { t: number; kind: string; frame?: unknown; path?: string }[]; clearLog(): void }, started: number, prompt: string): Promise<void> {
  const composer = page.locator('[data-testid=composer]');
  await composer.fill(prompt);
  const clock = await calibrateClock(page, 10);
  await page.evaluate(() => {
    const w = window as unknown as { __tr?: Record<string, number> };
    const tr: Record<string, number> = {};
    w.__tr = tr;
    window.addEventListener('keydown', (e) => e.key === 'Enter' && !tr.enter && (tr.enter = performance.timeOrigin + performance.now()), { capture: true, once: true });
    const obs = new MutationObserver(() => {
      const all = document.querySelectorAll('[data-testid=message][data-role=assistant]');
      const last = all[all.length - 1];
      if (!tr.enter || !last) return;
      tr.bubble ??= performance.timeOrigin + performance.now();
      if (last.textContent?.includes('Hello')) {
        tr.token = performance.timeOrigin + performance.now();
        obs.disconnect();
      }
    });
    obs.observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  emu.clearLog();
  await marks();
  await composer.press('Enter');
  await page.waitForFunction(() => (window as unknown as { __tr: Record<string, number> }).__tr.token, undefined, { timeout: 30_000, polling: 50 });
  const tr = await page.evaluate(() => (window as unknown as { __tr: Record<string, number> }).__tr);
  // Page clock → Node wall clock → emulator's clock (ms since it started).
  const toEmu = (pageMs: number) => pageMs - clock.offset - performance.timeOrigin - started;
  const enter = toEmu(tr.enter);
  const rows: string[] = [`  page   Enter                 0`, `  page   assistant bubble    ${(toEmu(tr.bubble) - enter).toFixed(0).padStart(5)}`];
  // Background marks (globalThis.__marks, [name, wall ms]) when a build records them.
  for (const [name, wall] of await marks()) rows.push(`  bg     ${name.padEnd(48)} ${(wall - performance.timeOrigin - started - enter).toFixed(0).padStart(5)}`);
  for (const e of emu.log) {
    if (e.t < enter - 5) continue;
    const f = e.frame as { type?: string; method?: string; body?: string } | undefined;
    let what = e.kind === 'upgrade' ? `upgrade ${e.path?.slice(0, 40)}` : `${e.kind} ${f?.type ?? ''}${f?.method ? ` ${f.method}` : ''}`;
    if (f?.type === 'cf_agent_use_chat_response' && typeof f.body === 'string') {
      const chunk = f.body.match(/"type":"([a-z-]+)"/)?.[1];
      if (chunk !== 'text-delta' && chunk !== 'start') continue;
      what += ` ${chunk}`;
      if (chunk === 'text-delta' && rows.some((r) => r.includes('text-delta'))) continue;
    }
    rows.push(`  emu    ${what.padEnd(48)} ${(e.t - enter).toFixed(0).padStart(5)}`);
  }
  rows.sort((a, b) => Number(a.slice(-5)) - Number(b.slice(-5)));
  rows.push(`  page   first word          ${(toEmu(tr.token) - enter).toFixed(0).padStart(5)}`);
  console.log(`${prompt} (clock rtt ${clock.rtt.toFixed(1)} ms)\n${rows.join('\n')}`);
}

async function main(): Promise<void> {
  const latency = Number(process.argv[2] ?? 40);
  const runs = Number(process.argv[3] ?? 3);
  const b = await startBench({ latencyMs: latency });
  const emu = b.emu as unknown as { log: { t: number; kind: string }[]; clearLog(): void; started: number; configure(p: unknown): void };
  emu.configure({ tokenDelayMs: 0, faults: { active: [] }, latencyMs: latency });
  const panel = await b.ext.context.newPage();
  const marks = () =>
    b.ext.worker.evaluate(() => {
      const g = globalThis as unknown as { __marks?: [string, number][] };
      const m = g.__marks ?? [];
      g.__marks = [];
      return m;
    });
  try {
    await openPanel(b, panel);
    await trace(panel, marks, emu, emu.started, 'warm-up');
    for (let r = 0; r < runs; r++) {
      await openPanel(b, panel);
      await sleep(3000);
      await trace(panel, marks, emu, emu.started, `panel open 3 s #${r + 1}`);
      await panel.goto('about:blank');
      await sleep(500);
      await openPanel(b, panel);
      await trace(panel, marks, emu, emu.started, `fresh panel #${r + 1}`);
    }
  } finally {
    await b.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
