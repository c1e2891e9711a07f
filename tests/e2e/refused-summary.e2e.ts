// Issue #12: "Summarize this page" on a page FlareChat cannot read keeps the user in the current
// conversation (no new empty chat); the notice shows over it.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sel, sendPrompt, waitForAnswer, type LaunchedExtension } from './harness';
import { clickMenu, useSidePanelSuite } from './suite';

let ext: LaunchedExtension;
let panel: Page;
let windowId: number;

useSidePanelSuite({}, (suite) => ({ ext, page: panel, windowId } = suite));

describe('refused page summary', () => {
  it('shows the notice in the current conversation instead of starting an empty one', async () => {
    await sendPrompt(panel, 'Keep me here');
    await waitForAnswer(panel);
    expect(await panel.locator(sel.message).count()).toBe(2);
    await clickMenu(ext, { menuItemId: 'fc-page-summary', pageUrl: 'chrome://extensions/' }, { windowId, title: 'Extensions' });
    const notice = panel.locator('.banner [data-testid=error], [data-testid=error]').first();
    await expect.poll(() => notice.innerText().catch(() => ''), { timeout: 10_000 }).not.toBe('');
    // Still the same conversation, with both messages on screen.
    expect(await panel.locator(sel.message).count()).toBe(2);
    expect(await panel.locator(sel.user).first().innerText()).toContain('Keep me here');
  });
});
