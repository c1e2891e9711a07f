// Issue #11: a ~1 KB answer of nested quotes overflowed the renderer's stack, the page broke, and
// the popup (which reopens the last answer) stayed broken. Now nesting is bounded and every
// message sits behind an error boundary: the panel and the popup keep working.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAnswer, launchExtension, sel, sendPrompt, startEmulator, waitForAnswer, type Emulator, type LaunchedExtension } from './harness';

let emulator: Emulator;
let ext: LaunchedExtension;

// The emulator answers "Hello! You said: <prompt>": the second line is 1,000 nested quotes, then
// a list nested 40 deep and emphasis nested 300 deep.
const NESTED =
  'nest\n' +
  '>'.repeat(1_000) +
  ' deepest words\n\n' +
  Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n') +
  '\n\n' +
  '*_'.repeat(300) +
  'core' +
  '_*'.repeat(300);

/** Uncaught errors in a page (a render crash would show here). */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`${error.name}: ${error.message}`));
  return errors;
}

beforeAll(async () => {
  emulator = await startEmulator({ mode: 'ws', tokenDelayMs: 1 });
  ext = await launchExtension();
});

afterAll(async () => {
  await ext?.close();
  await emulator?.close();
});

describe('a deeply nested answer', () => {
  it('renders in the side panel, bounded, and the next prompt still works', async () => {
    const panel = await ext.openPage('/sidepanel.html');
    const errors = collectErrors(panel);
    await sendPrompt(panel, NESTED);
    const answer = await waitForAnswer(panel, { status: 'done', timeoutMs: 60_000 });
    expect(answer.text).toContain('deepest words');
    expect(answer.text).toContain('core');
    const quotes = await panel.locator(`${sel.assistant} blockquote`).count();
    expect(quotes).toBeGreaterThan(0);
    expect(quotes).toBeLessThanOrEqual(16);
    expect(errors).toEqual([]);

    const next = `next prompt ${Date.now()}`;
    await sendPrompt(panel, next);
    const second = await waitForAnswer(panel, { status: 'done', after: 1 });
    expect(second.text).toBe(defaultAnswer(next));
    expect(errors).toEqual([]);
    await panel.close();
  });

  it('leaves the popup usable: it reopens on that answer, and a new prompt works', async () => {
    const popup = await ext.openPage('/popup.html');
    const errors = collectErrors(popup);
    await sendPrompt(popup, NESTED);
    await waitForAnswer(popup, { status: 'done', timeoutMs: 60_000 });
    expect(errors).toEqual([]);
    await popup.close();

    // The popup opens on the last quick answer again: it must render, not crash.
    const again = await ext.openPage('/popup.html');
    const againErrors = collectErrors(again);
    const reopened = await waitForAnswer(again, { status: 'done', timeoutMs: 20_000 });
    expect(reopened.text).toContain('deepest words');
    const next = `after the nest ${Date.now()}`;
    await sendPrompt(again, next);
    await expect.poll(async () => (await again.locator(sel.assistant).last().innerText()).trim(), { timeout: 20_000 }).toBe(defaultAnswer(next));
    expect(againErrors).toEqual([]);
    await again.close();
  });
});
