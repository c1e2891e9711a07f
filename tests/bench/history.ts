// 5. History scale: 10,000 conversations × 20 messages (BENCH_HISTORY_CONVERSATIONS) in the
// extension's real IndexedDB. All but the last file are seeded in bulk by the worker
// (`__flarechatBench.seedHistory`, lib/background/storage/bench-seed.ts: the same rows, list ranks
// and search terms the import writes, in seconds instead of minutes); the last file (2,000
// conversations, 16 MB: a 10,000 export is 80 MB, over the 50 MB import limit) goes through the
// product's real import in the options page, which is measured: time, that the progress bar moved,
// and the longest main-thread stall of the page (PerformanceObserver 'longtask'); then Export all
// of the whole history in the same page (time to the download, its size, the longest stall). Then:
//  - open: navigation start of a fresh panel page → first conversation item visible (an init script
//    opens the history sheet the moment its toggle exists, as a user click would);
//  - toggle: panel already loaded → click the history toggle → first item visible;
//  - search: the last keystroke in the history search box → the list shows the results;
//  - memory: the panel's JS heap after a GC (CDP Runtime.getHeapUsage) after open, after paging the
//    list through (scrolled SCROLL_PAGES pages of 50 down; "Show more" on the old list) and after 20 more searches.
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { median, percentile, type Bench } from './browser';

export interface HistoryResult {
  conversations: number;
  messagesPerConversation: number;
  /** Bulk seed of all but the last file (not a product path). */
  seedMs: number;
  /** The real import of the last file through the options page. */
  importMs: number;
  importBytes: number;
  importConversations: number;
  importLongestTaskMs: number;
  importLongTasks: number;
  importProgressUpdates: number;
  /** Export all of the whole history through the options page: click → the file downloaded. */
  exportMs: number;
  exportBytes: number;
  exportLongestTaskMs: number;
  memoryMB: { afterOpen: number; afterScroll: number; afterSearches: number; rowsAfterScroll: number };
  openMs: number[];
  toggleMs: number[];
  /** ms: keystroke → results on screen; firstMutationMs: → the sheet's first change; storageMs: searchConversations alone, in the worker. */
  search: { query: string; ms: number; firstMutationMs: number; storageMs: number; results: number }[];
}

// Deterministic text from a small vocabulary plus rarer words, so searches have dense, medium and
// rare matches like a real history.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
const COMMON = 'the a to of and in is it you that for on with this how can what function code error data file use make will not are be from have your an by or if when does why example value list type string number table question answer'.split(' ');
const TOPICS = 'python javascript rust kubernetes docker postgres redis nginx react preact typescript golang android swift kotlin linux windows macos bash git webpack vite tailwind css html graphql grpc kafka spark pandas numpy tensorflow pytorch llama mistral cloudflare workers durable objects queue cron sqlite indexeddb websocket'.split(' ');

export function buildExport(conversations: number, perConversation: number, first = 0, total = conversations): string {
  const rand = rng(42 + first);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const sentence = (words: number, topic: string): string => {
    const out: string[] = [];
    for (let i = 0; i < words; i++) {
      const x = rand();
      out.push(x < 0.08 ? topic : x < 0.14 ? pick(TOPICS) : x < 0.16 ? `zq${Math.floor(rand() * 50_000)}` : pick(COMMON));
    }
    return out.join(' ');
  };
  const now = Date.now();
  const list = [];
  for (let c = first; c < first + conversations; c++) {
    const id = `bench-conv-${c}`;
    const topic = pick(TOPICS);
    const updatedAt = now - (total - c) * 60_000;
    const messages = [];
    for (let m = 0; m < perConversation; m++) {
      const user = m % 2 === 0;
      const text = user ? `${sentence(12 + Math.floor(rand() * 12), topic)}?` : `${sentence(40 + Math.floor(rand() * 50), topic)}.`;
      messages.push({
        id: `${id}-m${m}`,
        conversationId: id,
        seq: m,
        role: user ? 'user' : 'assistant',
        text,
        status: 'done',
        ...(user ? {} : { model: '@cf/moonshotai/kimi-k2.6', finishReason: 'stop' }),
        createdAt: updatedAt - (perConversation - m) * 1000,
        updatedAt: updatedAt - (perConversation - m) * 1000,
      });
    }
    list.push({
      id,
      title: `${topic} ${sentence(4, topic)}`.slice(0, 60),
      createdAt: updatedAt - perConversation * 1000,
      updatedAt,
      pinned: c % 400 === 0,
      sessionName: `flarechat-bench${String(c).padStart(6, '0')}`,
      messageCount: perConversation,
      preview: messages[messages.length - 1].text.slice(0, 120),
      messages,
    });
  }
  return JSON.stringify({ format: 'flarechat-export', version: 1, exportedAt: now, conversations: list });
}

/** Conversations in the extension's IndexedDB (the page shares the worker's origin). */
function countConversations(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('flarechat');
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction('conversations').objectStore('conversations').count();
          req.onsuccess = () => {
            db.close();
            resolve(req.result);
          };
          req.onerror = () => reject(new Error(String(req.error)));
        };
      }),
  );
}

/** Bulk seed through the worker (bench-seed.ts). */
async function seedHistory(b: Bench, json: string): Promise<number> {
  return b.ext.worker.evaluate(async (text) => {
    const hook = (globalThis as unknown as { __flarechatBench?: { seedHistory(text: string): Promise<number> } }).__flarechatBench;
    if (!hook) throw new Error('not an e2e build: no __flarechatBench hook');
    return hook.seedHistory(text);
  }, json);
}

interface ImportMeasure {
  ms: number;
  longestTaskMs: number;
  longTasks: number;
  progressUpdates: number;
}

/** The real import of one file in the options page, with its progress bar; the page's long tasks are recorded. */
async function importThroughOptions(b: Bench, page: Page, json: string, expected: number): Promise<ImportMeasure> {
  await page.goto(b.panelUrl.replace('sidepanel.html', 'options.html'));
  await page.locator('[data-testid=import-file]').waitFor({ state: 'attached' });
  await page.evaluate(() => {
    const w = window as unknown as { __long: number[]; __progress: number };
    w.__long = [];
    w.__progress = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__long.push(entry.duration);
    }).observe({ type: 'longtask' });
    // Counts the progress bar's value changes (the bar is re-rendered, not replaced, as it moves).
    new MutationObserver((records) => {
      for (const r of records) if ((r.target as Element).closest?.('[data-testid=import-progress]') || (r.target as Element).querySelector?.('[data-testid=import-progress]')) w.__progress++;
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['value', 'max'] });
  });
  const before = await countConversations(page);
  const t0 = Date.now();
  // A file on disk, not a buffer: Playwright hands a buffer to the page as base64 decoded by script on
  // the page's main thread (a long task of the bench's own), a path goes through DOM.setFileInputFiles.
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'flarechat-bench-')), 'bench-history.json');
  writeFileSync(file, json);
  await page.locator('[data-testid=import-file]').setInputFiles(file, { timeout: 300_000 });
  for (;;) {
    const now = await countConversations(page);
    if (now >= before + expected && (await page.locator('[data-testid=import-progress]').count()) === 0) break;
    if (Date.now() - t0 > 600_000) throw new Error('import did not finish in 10 min');
    await page.waitForTimeout(200);
  }
  const ms = Date.now() - t0;
  const { long, progress } = await page.evaluate(() => {
    const w = window as unknown as { __long: number[]; __progress: number };
    return { long: w.__long, progress: w.__progress };
  });
  return { ms, longestTaskMs: Math.max(0, ...long), longTasks: long.length, progressUpdates: progress };
}

/** Export all in the options page (already open): click → download done; the page's long tasks. */
async function exportThroughOptions(page: Page): Promise<{ ms: number; bytes: number; longestTaskMs: number }> {
  await page.evaluate(() => ((window as unknown as { __long: number[] }).__long = []));
  const t0 = Date.now();
  const download = page.waitForEvent('download', { timeout: 300_000 });
  await page.locator('[data-testid=export-all]').click();
  const file = await (await download).path();
  const ms = Date.now() - t0;
  const long = await page.evaluate(() => (window as unknown as { __long: number[] }).__long);
  return { ms, bytes: file ? statSync(file).size : 0, longestTaskMs: Math.max(0, ...long) };
}

/** Pages of 50 rows scrolled through in the memory measure. */
const SCROLL_PAGES = 20;

/** The panel's used JS heap after a full GC, in MB. */
async function heapMB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    return usedSize / 1048576;
  } finally {
    await cdp.detach();
  }
}

/** Conversations per import file (16 MB of JSON at 20 messages: under MAX_IMPORT_BYTES). */
const FILE_CONVERSATIONS = 2000;

export async function historyBench(b: Bench, runs: number, log: (s: string) => void, conversations = 10_000, perConversation = 20): Promise<HistoryResult> {
  const files: string[] = [];
  for (let first = 0; first < conversations; first += FILE_CONVERSATIONS) {
    files.push(buildExport(Math.min(FILE_CONVERSATIONS, conversations - first), perConversation, first, conversations));
  }
  const page = await b.ext.context.newPage();
  await page.goto(b.panelUrl);
  await page.locator('[data-testid=composer]').waitFor({ state: 'visible' });
  log(`  seeding ${conversations - Math.min(FILE_CONVERSATIONS, conversations)} × ${perConversation} in bulk (${files.length - 1} files, bench-seed.ts)…`);
  const s0 = Date.now();
  for (const [i, json] of files.slice(0, -1).entries()) {
    await seedHistory(b, json);
    log(`    file ${i + 1}/${files.length - 1} seeded (${((Date.now() - s0) / 1000).toFixed(0)} s)`);
  }
  const seedMs = Date.now() - s0;
  log(`  seeded in ${(seedMs / 1000).toFixed(1)} s`);
  const last = files[files.length - 1];
  const lastCount = conversations - FILE_CONVERSATIONS * (files.length - 1);
  log(`  importing the last ${lastCount} (${(last.length / 1048576).toFixed(1)} MB JSON) through the options page…`);
  const imported = await importThroughOptions(b, page, last, lastCount);
  const total = await countConversations(page);
  if (total !== conversations) throw new Error(`stored ${total} conversations, expected ${conversations}`);
  log(`  imported in ${(imported.ms / 1000).toFixed(1)} s; longest page stall ${imported.longestTaskMs.toFixed(0)} ms (${imported.longTasks} long tasks); progress bar moved ${imported.progressUpdates} times`);
  const exported = await exportThroughOptions(page);
  log(`  exported all ${conversations} in ${(exported.ms / 1000).toFixed(1)} s (${(exported.bytes / 1048576).toFixed(0)} MB file); longest page stall ${exported.longestTaskMs.toFixed(0)} ms`);
  await page.close();

  // Open: fresh page, init script opens the sheet as soon as the toggle exists.
  const openMs: number[] = [];
  const openPage = await b.ext.context.newPage();
  await openPage.addInitScript(() => {
    if (!location.search.includes('bench-open')) return;
    const w = window as unknown as { __openMs?: number };
    let clicked = false;
    const obs = new MutationObserver(() => {
      if (!clicked) {
        const toggle = document.querySelector<HTMLButtonElement>('[data-testid=history-toggle]');
        if (toggle) {
          clicked = true;
          toggle.click();
        }
      }
      if (document.querySelector('[data-testid=conversation-item]')) {
        w.__openMs = performance.now();
        obs.disconnect();
      }
    });
    obs.observe(document, { childList: true, subtree: true });
  });
  for (let r = 0; r < runs + 1; r++) {
    await openPage.goto(`${b.panelUrl}?bench-open=${r}`);
    const ms = (await (await openPage.waitForFunction(() => (window as unknown as { __openMs?: number }).__openMs, undefined, { timeout: 30_000, polling: 50 })).jsonValue()) as number;
    if (r > 0) openMs.push(ms); // the first load warms the HTTP/code cache
    log(`  open #${r}: ${ms.toFixed(0)} ms${r === 0 ? ' (warm-up, not counted)' : ''}`);
  }

  // Memory: the panel after open (sheet shown), after paging the list through, after 20 searches.
  await openPage.goto(`${b.panelUrl}?bench-open=mem`);
  await openPage.locator('[data-testid=conversation-item]').first().waitFor({ state: 'visible' });
  await openPage.waitForTimeout(500);
  const afterOpen = await heapMB(openPage);
  for (let i = 0; i < SCROLL_PAGES; i++) {
    // The windowed list (issue #16) reads pages as it scrolls: scroll to its end until row
    // (i + 2) × 50 is reached (the old list's "Show more" button is clicked when it exists).
    const more = openPage.locator('[data-testid=history-more]');
    if (await more.count()) {
      const rows = await openPage.locator('[data-testid=conversation-item]').count();
      await more.click();
      await openPage.waitForFunction((n) => document.querySelectorAll('[data-testid=conversation-item]').length > n, rows, { timeout: 30_000 });
      await openPage.locator('[data-testid=history-more], [data-testid=conversation-item] >> nth=-1').last().scrollIntoViewIfNeeded();
      continue;
    }
    const reached = await openPage.waitForFunction(
      (target) => {
        const scroller = document.querySelector('[data-testid=history-list]')?.closest('.history-groups');
        if (!scroller) return false;
        scroller.scrollTop = scroller.scrollHeight;
        const rows = [...document.querySelectorAll('[data-testid=history-list] > li[data-index]')];
        const last = Math.max(0, ...rows.map((row) => Number(row.getAttribute('aria-posinset'))));
        return last >= target || rows.some((row) => row.getAttribute('aria-setsize') === String(last));
      },
      (i + 2) * 50,
      { timeout: 30_000, polling: 50 },
    ).catch(() => null);
    if (!reached) break;
  }
  const rowsAfterScroll = await openPage.locator('[data-testid=conversation-item]').count();
  const reachedRow = await openPage.evaluate(() => Math.max(0, ...[...document.querySelectorAll('[data-testid=history-list] > li[data-index]')].map((row) => Number(row.getAttribute('aria-posinset')))));
  log(`  scrolled to row ${reachedRow || rowsAfterScroll}`);
  const afterScroll = await heapMB(openPage);
  for (let i = 0; i < 20; i++) {
    await openPage.locator('[data-testid=history-search]').fill(['kubernetes', 'zq12345', 'python error', 'co'][i % 4]);
    await openPage.waitForTimeout(150);
  }
  await openPage.locator('[data-testid=history-search]').fill('');
  await openPage.waitForTimeout(500);
  const afterSearches = await heapMB(openPage);
  const memoryMB = { afterOpen, afterScroll, afterSearches, rowsAfterScroll };
  log(`  panel heap: ${afterOpen.toFixed(1)} MB after open, ${afterScroll.toFixed(1)} MB after ${rowsAfterScroll} rows, ${afterSearches.toFixed(1)} MB after 20 searches`);

  // Toggle: page loaded and idle, click → first item.
  const toggleMs: number[] = [];
  for (let r = 0; r < runs; r++) {
    await openPage.goto(b.panelUrl);
    await openPage.locator('[data-testid=composer]').waitFor({ state: 'visible' });
    await openPage.waitForTimeout(1000);
    const ms = await openPage.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const t0 = performance.now();
          const obs = new MutationObserver(() => {
            if (document.querySelector('[data-testid=conversation-item]')) {
              obs.disconnect();
              resolve(performance.now() - t0);
            }
          });
          obs.observe(document.body, { childList: true, subtree: true });
          (document.querySelector('[data-testid=history-toggle]') as HTMLButtonElement).click();
        }),
    );
    toggleMs.push(ms);
    log(`  toggle #${r + 1}: ${ms.toFixed(1)} ms`);
  }

  // Search: sheet open, box empty (full list shown, settled); then one input event puts the whole
  // query in (the last keystroke of a fast typist, or a paste) → first change of the list. Starting
  // from the full list guarantees the results differ from what is on screen.
  const search: HistoryResult['search'] = [];
  const queries = ['kubernetes', 'zq12345', 'python error', 'co'];
  for (let r = 0; r < runs; r++) {
    for (const q of queries) {
        await openPage.locator('[data-testid=history-search]').fill('');
      await openPage.waitForTimeout(600);
      // Resolves when the items on screen differ from the full list shown before (the results), not
      // at the sheet's first mutation: the input re-groups the list (dated groups → one results
      // group) before the answer arrives, which the first mutation measured until 2026-12-04.
      const res = await openPage.evaluate(
        (q) =>
          new Promise<{ ms: number; firstMutationMs: number; results: number }>((resolve) => {
            const input = document.querySelector('[data-testid=history-search]') as HTMLInputElement;
            const sheet = document.querySelector('[data-testid=history]') as HTMLElement;
            // No named helper here: tsx's keepNames would wrap it in a __name() the page does not have.
            const before = [...document.querySelectorAll('[data-testid=conversation-item]')].map((item) => item.textContent).join('\n');
            let t0 = 0;
            let firstMutationMs = NaN;
            const obs = new MutationObserver(() => {
              if (Number.isNaN(firstMutationMs)) firstMutationMs = performance.now() - t0;
              if ([...document.querySelectorAll('[data-testid=conversation-item]')].map((item) => item.textContent).join('\n') === before) return;
              obs.disconnect();
              resolve({ ms: performance.now() - t0, firstMutationMs, results: document.querySelectorAll('[data-testid=conversation-item]').length });
            });
            obs.observe(sheet, { childList: true, subtree: true, characterData: true });
            setTimeout(() => {
              obs.disconnect();
              resolve({ ms: NaN, firstMutationMs, results: -1 });
            }, 5000);
            t0 = performance.now();
            input.value = q;
            input.dispatchEvent(new InputEvent('input', { bubbles: true, data: q.slice(-1), inputType: 'insertText' }));
          }),
        q,
      );
      const storage = await b.ext.worker.evaluate(
        ([query, limit]) => (globalThis as unknown as { __flarechatBench: { timeSearch(q: string, l: number): Promise<{ ms: number }> } }).__flarechatBench.timeSearch(query, limit),
        [q, 51] as const,
      );
      search.push({ query: q, ...res, storageMs: storage.ms });
      log(`  search "${q}" #${r + 1}: ${res.ms.toFixed(1)} ms to the results (first sheet change ${res.firstMutationMs.toFixed(1)} ms), ${res.results} items shown; storage alone in the worker ${storage.ms.toFixed(1)} ms`);
    }
  }
  await openPage.close();
  return {
    conversations,
    messagesPerConversation: perConversation,
    seedMs,
    importMs: imported.ms,
    importBytes: last.length,
    importConversations: lastCount,
    importLongestTaskMs: imported.longestTaskMs,
    importLongTasks: imported.longTasks,
    importProgressUpdates: imported.progressUpdates,
    exportMs: exported.ms,
    exportBytes: exported.bytes,
    exportLongestTaskMs: exported.longestTaskMs,
    memoryMB,
    openMs,
    toggleMs,
    search,
  };
}

export function summarizeHistory(h: HistoryResult) {
  const all = h.search.map((s) => s.ms);
  return {
    openMedian: median(h.openMs),
    toggleMedian: median(h.toggleMs),
    searchMedian: median(all),
    searchP95: percentile(all, 95),
    searchStorageMedian: median(h.search.map((s) => s.storageMs)),
    searchFirstMutationMedian: median(h.search.map((s) => s.firstMutationMs)),
    importMs: h.importMs,
    importLongestTaskMs: h.importLongestTaskMs,
    exportMs: h.exportMs,
    exportLongestTaskMs: h.exportLongestTaskMs,
    memoryMB: h.memoryMB,
    perQuery: [...new Set(h.search.map((s) => s.query))].map((q) => {
      const xs = h.search.filter((s) => s.query === q);
      return { query: q, median: median(xs.map((s) => s.ms)), storageMedian: median(xs.map((s) => s.storageMs)), results: xs[0]?.results ?? 0, runs: xs.length };
    }),
  };
}
