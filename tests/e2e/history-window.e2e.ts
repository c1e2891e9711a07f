// Issue #16 "the panel's memory flat": the History list is windowed. 1,200 conversations seeded in
// the worker (__flarechatBench.seedHistory, e2e builds only); the real panel page scrolls its list
// to the end with the mouse wheel, then with the keyboard (PageDown, End, Home), and only the rows
// near the viewport are ever in the DOM.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { LaunchedExtension } from './harness';
import { useExtensionSuite } from './suite';
import { seedConversations } from './seed-history';

let page: Page;
let ext: LaunchedExtension;

useExtensionSuite({ emulator: { mode: 'ws', tokenDelayMs: 1 } }, (suite) => ({ page, ext } = suite));

const COUNT = 1_200;

const rendered = () => page.locator('[data-testid=history-list] > li[data-index]').count();
const focusedRow = () =>
  page.evaluate(() => {
    const row = document.activeElement?.closest<HTMLElement>('li[data-index]');
    return row ? { pos: Number(row.getAttribute('aria-posinset')), size: Number(row.getAttribute('aria-setsize')), text: row.innerText } : null;
  });
const lastRendered = () =>
  page.evaluate(() => {
    const rows = [...document.querySelectorAll<HTMLElement>('[data-testid=history-list] > li[data-index]')];
    const last = rows.at(-1);
    return { pos: Number(last?.getAttribute('aria-posinset')), size: Number(last?.getAttribute('aria-setsize')), text: last?.innerText ?? '' };
  });

async function openHistory(): Promise<void> {
  await page.reload();
  await page.locator('[data-testid=history-toggle]').click();
  await page.locator('[data-testid=conversation-item]').first().waitFor();
}

describe('History with 1,200 conversations: a windowed list', () => {
  it('scrolls to the end with the wheel, then with End, PageDown and Home, keeping only a window of rows in the DOM', async () => {
    const seeded = await seedConversations(ext, 'seeded', COUNT, (i) => ({ title: `Seeded ${i}`, messages: [{ role: 'user', text: `Seeded question number ${i}` }] }));
    expect(seeded).toBe(COUNT);

    // Mouse wheel: the list reads pages as it goes, to the real end.
    await openHistory();
    await page.locator('.history-groups').hover();
    let maxRendered = 0;
    for (let i = 0; i < 400 && (await lastRendered()).pos !== COUNT; i++) {
      await page.mouse.wheel(0, 4_000);
      await page.waitForTimeout(30);
      maxRendered = Math.max(maxRendered, await rendered());
    }
    await expect.poll(async () => (await lastRendered()).pos, { timeout: 10_000 }).toBe(COUNT);
    expect((await lastRendered()).text).toContain(`Seeded ${COUNT - 1}`);
    expect(maxRendered).toBeLessThan(80);

    // Keyboard, on a fresh panel: PageDown moves a screenful, End follows the list to its end, Home goes back.
    await openHistory();
    await page.locator('[data-testid=conversation-item]').first().focus();
    expect((await focusedRow())?.pos).toBe(1);
    await page.keyboard.press('PageDown');
    await expect.poll(async () => (await focusedRow())?.pos ?? 0).toBeGreaterThan(2);
    await page.keyboard.press('ArrowDown');
    const afterArrow = (await focusedRow())!.pos;
    await page.keyboard.press('End');
    await expect.poll(async () => (await focusedRow())?.pos, { timeout: 20_000 }).toBe(COUNT);
    const end = (await focusedRow())!;
    expect(end.size).toBe(COUNT);
    expect(end.text).toContain(`Seeded ${COUNT - 1}`);
    expect(afterArrow).toBeGreaterThan(2);
    expect(await rendered()).toBeLessThan(80);
    await page.keyboard.press('Home');
    await expect.poll(async () => (await focusedRow())?.pos).toBe(1);
    // Its page was dropped from memory on the way down: the row shows "Loading…" until it is read back.
    await expect.poll(async () => (await focusedRow())?.text, { timeout: 10_000 }).toContain('Seeded 0');
  });
});
