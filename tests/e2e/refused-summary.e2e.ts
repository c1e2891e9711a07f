// Issue #12: "Summarize this page" on a page FlareChat cannot read keeps the user in the current
// conversation (no new empty chat); the notice shows over it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, sel, sendPrompt, startEmulator, waitForAnswer, type Emulator, type LaunchedExtension } from './harness';

const HOOK = '__flarechatSurfaceHooks';
let emulator: Emulator;
let ext: LaunchedExtension;
let panel: Page;
let windowId: number;

beforeAll(async () => {
  emulator = await startEmulator({ mode: 'ws', tokenDelayMs: 5 });
  ext = await launchExtension();
  panel = await ext.openSidePanel();
  await panel.locator(sel.composer).waitFor();
  windowId = await panel.evaluate(async () => (await chrome.windows.getCurrent()).id!);
});
afterAll(async () => {
  await ext?.close();
  await emulator?.close();
});

describe('refused page summary', () => {
  it('shows the notice in the current conversation instead of starting an empty one', async () => {
    await sendPrompt(panel, 'Keep me here');
    await waitForAnswer(panel);
    expect(await panel.locator(sel.message).count()).toBe(2);
    const worker = await ext.waitForWorker();
    await worker.evaluate(
      ([hookName, win]) => {
        const hooks = (self as unknown as Record<string, { onMenuClicked(i: unknown, t: unknown): void }>)[hookName];
        hooks.onMenuClicked({ menuItemId: 'fc-page-summary', pageUrl: 'chrome://extensions/' }, { windowId: win, title: 'Extensions' });
      },
      [HOOK, windowId] as const,
    );
    const notice = panel.locator('.banner [data-testid=error], [data-testid=error]').first();
    await expect.poll(() => notice.innerText().catch(() => ''), { timeout: 10_000 }).not.toBe('');
    // Still the same conversation, with both messages on screen.
    expect(await panel.locator(sel.message).count()).toBe(2);
    expect(await panel.locator(sel.user).first().innerText()).toContain('Keep me here');
  });
});
