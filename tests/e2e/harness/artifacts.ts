// Failure artifacts: every page of every live browser is screenshotted to
// test-results/e2e/<test>-<n>.png when a test fails (wired in tests/e2e/setup.ts).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { RESULTS } from './paths';

const livePages = new Set<() => Page[]>();

/** Registers a source of pages (a context, a CDP connection); returns the unregister function. */
export function trackPages(source: () => Page[]): () => void {
  livePages.add(source);
  return () => livePages.delete(source);
}

export async function captureFailure(testName: string): Promise<string[]> {
  const dir = path.join(RESULTS, 'e2e');
  await mkdir(dir, { recursive: true });
  const base = testName.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').slice(0, 80);
  const saved: string[] = [];
  let n = 0;
  for (const source of livePages) {
    let pages: Page[] = [];
    try {
      pages = source();
    } catch {
      continue;
    }
    for (const page of pages) {
      if (page.isClosed() || page.url() === 'about:blank') continue;
      const file = path.join(dir, `${base}-${++n}.png`);
      const ok = await page.screenshot({ path: file, timeout: 3_000 }).then(() => true, () => false);
      if (ok) saved.push(file);
    }
  }
  return saved;
}
