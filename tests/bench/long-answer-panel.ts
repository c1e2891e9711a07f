// What profile.ts and trace-stream.ts share: an emulator, the extension (the unminified build from
// `tsx tests/bench/build.ts profile <port>` when present, for readable names, else the bench
// build), a side panel page with `/long N` typed in, a CDP session on it, and one function that
// sends the prompt and waits for the answer to finish.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CDPSession, Page } from 'playwright-core';
import { launchExtension } from '../e2e/harness';
import { startEmulator } from '../emulator/server';
import { BENCH_E2E_BUILD, BENCH_PORT } from './browser';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PROFILE_BUILD = path.join(ROOT, '.output/bench-profile/chrome-mv3-e2e');

export interface LongAnswerPanel {
  page: Page;
  cdp: CDPSession;
  /** The extension build in use (relative to the repository). */
  build: string;
  /** Clicks Send and resolves when the answer is done. */
  sendAndWait(): Promise<void>;
}

/** Runs `use` on a panel ready to ask for a `tokens`-token answer; everything is closed afterwards. */
export async function withLongAnswerPanel(tokens: number, use: (panel: LongAnswerPanel) => Promise<void>): Promise<void> {
  const dir = existsSync(path.join(PROFILE_BUILD, 'manifest.json')) ? PROFILE_BUILD : BENCH_E2E_BUILD;
  const emu = await startEmulator({ port: BENCH_PORT, mode: 'ws', tokenDelayMs: 0 });
  const ext = await launchExtension({ extensionDir: dir });
  try {
    const page = await ext.context.newPage();
    await page.goto(`chrome-extension://${ext.extensionId}/sidepanel.html`);
    await page.locator('[data-testid=composer]').fill(`/long ${tokens}`);
    const cdp = await ext.context.newCDPSession(page);
    const sendAndWait = async () => {
      await page.locator('[data-testid=send]').click();
      await page.waitForFunction(() => document.querySelector('[data-testid=message][data-role=assistant][data-status=done]'), undefined, { timeout: 180_000, polling: 100 });
    };
    await use({ page, cdp, build: path.relative(ROOT, dir), sendAndWait });
  } finally {
    await ext.close();
    await emu.close();
  }
}
