// Accessibility (issue #7): axe-core finds no serious or critical violation in the side panel (a
// conversation with a markdown answer: code, table, list, links), the popup and the options page,
// in light and dark; the streamed answer reaches screen readers through a throttled polite live
// region ending in "Answer complete"; the keyboard reaches everything (shortcuts popover by `?`,
// Esc closes it and returns focus; Esc stops an answer from anywhere).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { E2E_BUILD, launchExtension, sendPrompt, sel, startEmulator, waitForAnswer, type Emulator, type LaunchedExtension } from './harness';
import { colorScheme, manifestPages, seriousViolations } from './a11y-axe';

let emulator: Emulator;
let ext: LaunchedExtension | undefined;

const manifest = JSON.parse(readFileSync(path.join(E2E_BUILD, 'manifest.json'), 'utf8')) as Parameters<typeof manifestPages>[0];
const pages = manifestPages(manifest);
const built = (page: string | undefined): page is string => !!page && existsSync(path.join(E2E_BUILD, page));

beforeAll(async () => {
  emulator = await startEmulator({ mode: 'ws', tokenDelayMs: 4 });
});
afterAll(async () => {
  await emulator?.close();
});
afterEach(async () => {
  await ext?.close();
  ext = undefined;
});

const format = (v: Awaited<ReturnType<typeof seriousViolations>>) => v.map((x) => `${x.impact} ${x.id}: ${x.help}\n    ${x.nodes.join('\n    ')}`).join('\n');

describe('axe-core: no serious or critical violations', () => {
  it('side panel with a markdown answer, light and dark, shortcuts popover open too', async () => {
    ext = await launchExtension();
    const page = await ext.openPage('/sidepanel.html');
    await sendPrompt(page, 'Show me markdown /long 65');
    await waitForAnswer(page, { status: 'done', timeoutMs: 20_000 });
    await expect.poll(() => page.locator('table').count()).toBeGreaterThan(0);
    for (const scheme of ['light', 'dark'] as const) {
      await colorScheme(page, scheme);
      expect(format(await seriousViolations(page)), `side panel, ${scheme}`).toBe('');
    }
    await page.locator('[data-testid=shortcuts-toggle]').click();
    await page.locator('[data-testid=shortcuts-popover]').waitFor();
    for (const scheme of ['light', 'dark'] as const) {
      await colorScheme(page, scheme);
      expect(format(await seriousViolations(page)), `shortcuts popover, ${scheme}`).toBe('');
    }
  });

  it('comparison view (issue #15): each column a labelled region, slots open, light and dark, at 320 px and wide', async () => {
    ext = await launchExtension();
    const page = await ext.openPage('/sidepanel.html');
    await page.locator('[data-testid=model-picker] option[value="@cf/qwen/qwen3-30b-a3b-fp8"]').waitFor({ state: 'attached', timeout: 15_000 });
    await page.locator('[data-testid=composer]').fill('Compare /long 30');
    await page.locator('[data-testid=compare-models-toggle]').click();
    const slots = page.locator('[data-testid=compare-model]');
    await slots.nth(0).selectOption('@cf/meta/llama-3.3-70b-instruct-fp8-fast');
    await slots.nth(1).selectOption('@cf/qwen/qwen3-30b-a3b-fp8');
    for (const scheme of ['light', 'dark'] as const) {
      await colorScheme(page, scheme);
      expect(format(await seriousViolations(page)), `compare slots, ${scheme}`).toBe('');
    }
    await page.locator('[data-testid=compare]').click();
    const columns = page.locator('[data-testid=compare-column]');
    await expect.poll(() => columns.count(), { timeout: 10_000 }).toBe(2);
    await expect.poll(() => page.locator('[data-testid=compare-column] [data-status=done]').count(), { timeout: 20_000 }).toBe(2);
    for (let i = 0; i < 2; i++) {
      expect(await columns.nth(i).evaluate((el) => el.tagName)).toBe('SECTION');
      expect(await columns.nth(i).getAttribute('aria-label')).toMatch(/\S/);
    }
    for (const width of [320, 900]) {
      await page.setViewportSize({ width, height: 800 });
      for (const scheme of ['light', 'dark'] as const) {
        await colorScheme(page, scheme);
        expect(format(await seriousViolations(page)), `comparison view, ${width} px, ${scheme}`).toBe('');
      }
    }
  });

  it('side panel sheets: history and settings, light and dark', async () => {
    ext = await launchExtension();
    const page = await ext.openPage('/sidepanel.html');
    await sendPrompt(page, 'history entry');
    await waitForAnswer(page);
    for (const sheet of ['history-toggle', 'settings-toggle']) {
      await page.locator(`[data-testid=${sheet}]`).click();
      await page.waitForTimeout(200);
      for (const scheme of ['light', 'dark'] as const) {
        await colorScheme(page, scheme);
        expect(format(await seriousViolations(page)), `${sheet}, ${scheme}`).toBe('');
      }
      await page.locator(`[data-testid=${sheet}]`).click();
    }
  });

  // The popup and options pages (issue #4): a build without them fails here rather than skipping.
  for (const which of ['popup', 'options'] as const) {
    it(`${which} page (${pages[which] ?? 'not in the manifest'}), light and dark`, async () => {
      expect(built(pages[which]), `${which} page in the e2e build`).toBe(true);
      ext = await launchExtension();
      const page = await ext.openPage(`/${pages[which]}`);
      await page.waitForLoadState('domcontentloaded');
      await page.waitForFunction(() => (document.body?.innerText ?? '').trim().length > 0, undefined, { timeout: 10_000 });
      for (const scheme of ['light', 'dark'] as const) {
        await colorScheme(page, scheme);
        expect(format(await seriousViolations(page)), `${which}, ${scheme}`).toBe('');
      }
    });
  }
});

describe('screen reader and keyboard', () => {
  it('a streamed answer is announced in a few throttled chunks, then "Answer complete"', async () => {
    emulator.configure({ tokenDelayMs: 20 });
    try {
      ext = await launchExtension();
      const page = await ext.openPage('/sidepanel.html');
      const region = page.locator('[data-testid=live-announcer]');
      expect(await region.getAttribute('aria-live')).toBe('polite');
      expect(await page.locator(sel.composer).evaluate((el) => el.closest('[aria-live]:not([aria-live=off])'))).toBeNull();
      // Record every change of the region's text, with its time.
      await page.evaluate(() => {
        const el = document.querySelector('[data-testid=live-announcer]')!;
        const log: Array<{ t: number; text: string }> = [];
        (window as unknown as { __announcements: typeof log }).__announcements = log;
        new MutationObserver(() => log.push({ t: performance.now(), text: el.textContent ?? '' })).observe(el, { childList: true, characterData: true, subtree: true });
      });
      await sendPrompt(page, 'Tell me a lot /long 200');
      await waitForAnswer(page, { status: 'done', timeoutMs: 30_000 });
      await page.waitForTimeout(300);
      const log = (await page.evaluate(() => (window as unknown as { __announcements: Array<{ t: number; text: string }> }).__announcements)).filter((a) => a.text.trim());
      // 200 tokens at 20 ms ≈ 4 s: a handful of announcements, not 200.
      expect(log.length).toBeGreaterThanOrEqual(2);
      expect(log.length).toBeLessThanOrEqual(6);
      for (let i = 1; i < log.length - 1; i++) expect(log[i].t - log[i - 1].t).toBeGreaterThanOrEqual(1400);
      expect(log[log.length - 1].text).toMatch(/Answer complete\s*$/);
      expect(log.map((a) => a.text).join(' ')).not.toContain('**');
    } finally {
      emulator.configure({ tokenDelayMs: 4 });
    }
  });

  it('every button of a message, including those that appear while and after it streams, is described by the message label', async () => {
    ext = await launchExtension();
    const page = await ext.openPage('/sidepanel.html');
    // /long answers hold fenced code: their Copy buttons are added block by block as the answer streams.
    await sendPrompt(page, 'With code /long 300');
    await waitForAnswer(page, { status: 'done', timeoutMs: 30_000 });
    const groups = await page.locator('[data-testid=message-group]').evaluateAll((els) =>
      els.map((group) => {
        const labelId = group.getAttribute('aria-labelledby');
        const buttons = [...group.querySelectorAll('button, summary')];
        return {
          label: labelId ? (document.getElementById(labelId)?.textContent ?? '') : '',
          buttons: buttons.length,
          undescribed: buttons.filter((b) => b.getAttribute('aria-describedby') !== labelId).map((b) => `${b.tagName} ${b.getAttribute('aria-label') ?? b.textContent ?? ''}`),
          codeButtons: group.querySelectorAll('pre button, .fc-md button').length,
        };
      }),
    );
    expect(groups).toHaveLength(2);
    const answer = groups[1];
    expect(answer.label).toMatch(/said/i);
    expect(answer.codeButtons, 'copy buttons added while streaming').toBeGreaterThan(0);
    expect(answer.buttons).toBeGreaterThan(answer.codeButtons); // plus the message's own (Copy, Regenerate…)
    expect(answer.undescribed).toEqual([]);
    expect(groups[0].undescribed).toEqual([]);
  });

  it('? opens the shortcuts list, Esc closes it and gives focus back; Esc stops an answer from anywhere', async () => {
    emulator.configure({ tokenDelayMs: 40 });
    try {
      ext = await launchExtension();
      const page = await ext.openPage('/sidepanel.html');
      await page.locator(sel.composer).waitFor();
      // The composer has focus when the panel opens (issue #12), where "?" is just a character:
      // leave it first, as a keyboard user would with Esc... or here by blurring it.
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press('?');
      const popover = page.locator('[data-testid=shortcuts-popover]');
      await popover.waitFor();
      expect(await popover.getAttribute('role')).toBe('dialog');
      expect(await popover.innerText()).toContain('Esc');
      await page.keyboard.press('Escape');
      await popover.waitFor({ state: 'detached' });
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('shortcuts-toggle');
      // Every control is reachable with Tab and shows a visible focus ring.
      const ring = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
      expect(ring).not.toBe('none');

      await sendPrompt(page, 'A long one /long 400');
      await expect.poll(() => page.locator(sel.assistant).last().getAttribute('data-status'), { timeout: 10_000 }).toBe('streaming');
      await page.locator('[data-testid=history-toggle]').focus(); // focus away from the composer
      await page.keyboard.press('Escape');
      const answer = await waitForAnswer(page, { status: 'stopped', timeoutMs: 10_000 });
      expect(answer.status).toBe('stopped');
    } finally {
      emulator.configure({ tokenDelayMs: 4 });
    }
  });
});
