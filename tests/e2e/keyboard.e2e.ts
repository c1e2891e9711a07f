// Keyboard-only flows (issue #12 "Keyboard and screen reader"), with real key presses in the real
// side panel: the composer has focus on open; History and Settings take focus, keep Tab inside and
// give it back on Esc; a history row's menu works with the arrow keys. axe passing says nothing
// about any of this.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { sel, sendPrompt, waitForAnswer } from './harness';
import { useExtensionSuite } from './suite';

let page: Page;

useExtensionSuite({ emulator: { mode: 'ws', tokenDelayMs: 1 } }, (suite) => ({ page } = suite));

const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);
const focusInSheet = () => page.evaluate(() => !!document.activeElement?.closest('[data-testid=sheet]'));

describe('keyboard only', () => {
  it('the composer has focus when the panel opens', async () => {
    await page.reload();
    await page.locator(sel.composer).waitFor();
    await expect.poll(focused).toBe('composer');
  });

  for (const sheet of ['history', 'settings'] as const) {
    it(`${sheet}: opens with focus inside, Tab and Shift+Tab stay inside, Esc closes and gives focus back`, async () => {
      await page.locator(`[data-testid=${sheet}-toggle]`).focus();
      await page.keyboard.press('Enter');
      await page.locator('[data-testid=sheet]').waitFor();
      await expect.poll(focusInSheet).toBe(true);
      for (let i = 0; i < 25; i++) {
        await page.keyboard.press('Tab');
        expect(await focusInSheet(), `Tab ${i + 1} left the ${sheet} sheet`).toBe(true);
      }
      for (let i = 0; i < 25; i++) {
        await page.keyboard.press('Shift+Tab');
        expect(await focusInSheet(), `Shift+Tab ${i + 1} left the ${sheet} sheet`).toBe(true);
      }
      await page.keyboard.press('Escape');
      await page.locator('[data-testid=sheet]').waitFor({ state: 'detached' });
      expect(await focused()).toBe(`${sheet}-toggle`);
    });
  }

  it('a history row menu: Enter opens it on its first item, arrows move and wrap, Esc closes it and gives focus back', async () => {
    await sendPrompt(page, 'A conversation to have a row');
    await waitForAnswer(page);
    await page.locator('[data-testid=history-toggle]').click();
    const button = page.locator('[data-testid=row-menu-button]').first();
    await button.focus();
    await page.keyboard.press('Enter');
    // Every row keeps its (closed) menu in the page: look at the first row's only.
    const menu = page.locator('[role=menu]').first();
    const items = menu.locator('[role=menuitem]');
    await items.first().waitFor();
    const count = await items.count();
    expect(count).toBeGreaterThan(2);
    const current = () => menu.evaluate((m) => [...m.querySelectorAll('[role=menuitem]')].indexOf(document.activeElement as Element));
    await expect.poll(current).toBe(0);
    await page.keyboard.press('ArrowDown');
    expect(await current()).toBe(1);
    await page.keyboard.press('End');
    expect(await current()).toBe(count - 1);
    await page.keyboard.press('ArrowDown');
    expect(await current()).toBe(0);
    await page.keyboard.press('ArrowUp');
    expect(await current()).toBe(count - 1);
    await page.keyboard.press('Escape');
    await expect.poll(() => menu.isVisible()).toBe(false);
    expect(await focused()).toBe('row-menu-button');
    // The sheet is still open: the menu was the innermost layer.
    expect(await page.locator('[data-testid=sheet]').count()).toBe(1);
  });
});
