// Issue #12 "First run" and "Error text" in the real side panel at 320 px: the first-run line names
// FlareChat, says it is free, which model, and where prompts go, with the model name not clipped;
// a stalled answer says "Waiting for the playground… N s".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, sel, sendPrompt, startEmulator, waitForAnswer, type Emulator, type LaunchedExtension } from './harness';

let emulator: Emulator;
let ext: LaunchedExtension;
let panel: Page;

beforeAll(async () => {
  emulator = await startEmulator({ mode: 'ws', tokenDelayMs: 5 });
  ext = await launchExtension({ viewport: { width: 320, height: 700 } });
  panel = await ext.openSidePanel();
  await panel.setViewportSize({ width: 320, height: 700 });
  await panel.locator(sel.composer).waitFor();
});
afterAll(async () => {
  await ext?.close();
  await emulator?.close();
});

describe('first run at 320 px', () => {
  it('one line: FlareChat, free, the model (not clipped), Cloudflare public playground', async () => {
    expect(await panel.evaluate(() => window.innerWidth)).toBe(320);
    const intro = panel.locator('[data-testid=empty-intro]');
    await expect.poll(() => intro.locator('[data-testid=empty-model]').count(), { timeout: 10_000 }).toBe(1);
    const text = await intro.innerText();
    expect(text).toMatch(/FlareChat/);
    expect(text).toMatch(/free/i);
    expect(text).toMatch(/Cloudflare's public playground/);
    const model = intro.locator('[data-testid=empty-model]');
    const label = (await model.innerText()).trim();
    const selected = await panel.locator(sel.modelPicker).evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent ?? el.textContent ?? '');
    expect(selected).toContain(label);
    const box = await model.evaluate((el) => ({ sw: el.scrollWidth, cw: el.clientWidth, right: el.getBoundingClientRect().right }));
    expect(box.sw).toBeLessThanOrEqual(box.cw);
    expect(box.right).toBeLessThanOrEqual(320);
  });
});

describe('stalled answer', () => {
  it('shows "Waiting for the playground… N s" while the playground is silent, then the notice goes', async () => {
    emulator.configure({ faults: { active: ['stall'], times: { stall: 1 }, stallAfterTokens: 2 } });
    await sendPrompt(panel, 'Stall please');
    const note = panel.locator('[data-testid=stall-note]');
    await expect.poll(() => note.innerText().catch(() => ''), { timeout: 15_000 }).toMatch(/^Waiting for the playground… \d+ s$/);
    const first = Number(await note.getAttribute('data-elapsed'));
    await expect.poll(async () => Number(await note.getAttribute('data-elapsed').catch(() => '0')), { timeout: 5000 }).toBeGreaterThan(first);
    await panel.locator(sel.stop).click();
    await waitForAnswer(panel, { status: ['stopped', 'done', 'error', 'interrupted'] });
    expect(await note.count()).toBe(0);
  });
});
