// Issue #12 "Keyboard and screen reader": the Undo toast after a delete in History is reachable by
// keyboard. Real key presses only, in the real side panel: open History from the keyboard, open a
// row's menu, Delete; focus stays in the list (on the next row), the toast stays while focus is in
// History (past its usual 6 s), Tab reaches Undo, Enter brings the conversation back.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { sel, waitForAnswer } from './harness';
import { useExtensionSuite } from './suite';

let page: Page;

useExtensionSuite({ emulator: { mode: 'ws', tokenDelayMs: 1 } }, (suite) => ({ page } = suite));

const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);
const focusInSheet = () => page.evaluate(() => !!document.activeElement?.closest('[data-testid=sheet]'));
const rowTexts = () => page.locator(sel.conversationItem).allInnerTexts();

/** Presses `key` until the focused element's test id is `testId` (at most `max` presses). */
async function pressUntil(key: string, testId: string, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    if ((await focused()) === testId) return;
    await page.keyboard.press(key);
  }
  expect(await focused(), `${key} never reached ${testId}`).toBe(testId);
}

/** Types a question in the composer and sends it with Enter. */
async function ask(text: string, answersBefore: number): Promise<void> {
  await page.keyboard.press('/'); // the composer's shortcut
  await expect.poll(focused).toBe('composer');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await waitForAnswer(page, { status: 'done', after: answersBefore });
}

describe('keyboard only: delete in History, then Undo', () => {
  it('Tab reaches the Undo toast from the list, Enter restores the conversation', async () => {
    const stamp = Date.now();
    const older = `Older question ${stamp}`;
    const newer = `Newer question ${stamp}`;
    await page.locator(sel.composer).focus();
    await ask(older, 0);
    // A second conversation: New chat from the keyboard (Shift+Tab back to the header's button).
    await pressUntil('Shift+Tab', 'new-chat');
    await page.keyboard.press('Enter');
    await ask(newer, 0);

    // History from the keyboard: focus goes into it.
    await pressUntil('Shift+Tab', 'history-toggle');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=sheet]').waitFor();
    await expect.poll(focusInSheet).toBe(true);
    await expect.poll(async () => (await rowTexts()).filter((t) => t.includes(String(stamp))).length, { timeout: 5_000 }).toBe(2);
    expect((await rowTexts())[0]).toContain(newer);

    // The first row's menu: Enter opens it, End goes to Delete, Enter deletes.
    await pressUntil('Tab', 'row-menu-button');
    await page.keyboard.press('Enter');
    await page.keyboard.press('End');
    await expect.poll(focused).toBe('delete-conversation');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await rowTexts()).some((t) => t.includes(newer)), { timeout: 5_000 }).toBe(false);
    await page.locator('[data-testid=toast]').waitFor();

    // Focus did not fall out of History: it is on the row that followed.
    await expect.poll(focused).toBe('conversation-item');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText ?? '')).toContain(older);
    // The toast lasts while focus is in History (it would go after 6 s otherwise).
    await page.waitForTimeout(7_000);
    expect(await page.locator('[data-testid=toast]').count()).toBe(1);

    // Tab reaches Undo; Enter restores the conversation.
    await pressUntil('Tab', 'toast-action');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await rowTexts()).some((t) => t.includes(newer)), { timeout: 5_000 }).toBe(true);
    expect(await page.locator('[data-testid=toast]').count()).toBe(0);
    // Focus is back in the list, not lost on the page.
    await expect.poll(focusInSheet).toBe(true);
  });
});
