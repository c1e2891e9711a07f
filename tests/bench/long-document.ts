// Bench (issue #13): time and number of requests to summarize a 200,000-character page by
// map-reduce against the emulator, through the real flow ("Summarize this page" → side panel →
// sections → combined answer). The emulator answers every request with 200 tokens, no delay, so
// the time is FlareChat's own overhead plus the requests' round trips, not a model's speed.
import { longArticle } from '../fixtures/long-article';
import { html, startPageServer } from '../e2e/harness/page-server';
import { median, startBench } from './browser';

const DOC_CHARS = 200_000;
const HOOK = '__flarechatSurfaceHooks';

export interface LongDocumentResult {
  chars: number;
  runs: { ms: number; requests: number; sections: number }[];
  medianMs: number;
  requests: number;
  sections: number;
}

export async function longDocumentBench(runs: number, log: (s: string) => void): Promise<LongDocumentResult> {
  const server = await startPageServer({ '/long': html(longArticle(DOC_CHARS)) });
  const b = await startBench();
  const out: LongDocumentResult['runs'] = [];
  try {
    b.emu.configure({ answerTokens: 200, tokenDelayMs: 0 });
    const panel = await b.ext.openSidePanel();
    await panel.locator('[data-testid=composer]').waitFor();
    const windowId = await panel.evaluate(async () => (await chrome.windows.getCurrent()).id!);
    for (let run = 0; run < runs; run++) {
      const url = server.url(`/long?${run}`);
      const tab = await b.ext.context.newPage();
      await tab.goto(url);
      // The summary opens a new chat: old answers are marked so only the new one counts.
      await panel.evaluate(() => document.querySelectorAll('[data-testid=message]').forEach((m) => m.setAttribute('data-bench-old', '')));
      const requestsBefore = b.emu.modelInputs().length;
      const worker = await b.ext.waitForWorker();
      const started = Date.now();
      await worker.evaluate(
        async ([hookName, u, w]) => {
          const [t] = await chrome.tabs.query({ url: u });
          const hooks = (self as unknown as Record<string, { onMenuClicked(...a: unknown[]): void; settled(): Promise<void> }>)[hookName];
          hooks.onMenuClicked({ menuItemId: 'fc-page-summary', pageUrl: u }, { id: t.id, windowId: w, url: u, title: "Keeper's log" });
          await hooks.settled();
        },
        [HOOK, url, windowId] as const,
      );
      await panel.waitForFunction(
        () => {
          const all = document.querySelectorAll('[data-testid=message][data-role=assistant]:not([data-bench-old])');
          return all.length > 0 && all[all.length - 1].getAttribute('data-status') === 'done';
        },
        undefined,
        { timeout: 120_000, polling: 50 },
      );
      const ms = Date.now() - started;
      const sections = Number(await panel.locator('[data-testid=doc-progress]').last().getAttribute('data-total'));
      const requests = b.emu.modelInputs().length - requestsBefore;
      out.push({ ms, requests, sections });
      log(`  run ${run + 1}: ${ms} ms, ${requests} requests (${sections} sections + combine)`);
      await tab.close();
    }
  } finally {
    await b.close();
    await server.close();
  }
  return { chars: DOC_CHARS, runs: out, medianMs: median(out.map((r) => r.ms)), requests: out[0]?.requests ?? 0, sections: out[0]?.sections ?? 0 };
}
