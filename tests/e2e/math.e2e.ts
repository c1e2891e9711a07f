// Issue #12 "Math": `$…$` and `$$…$$` in a real answer render as MathML through the lazily loaded
// KaTeX chunk; prices and code stay text. The emulator echoes the prompt, so the answer holds math.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, lastAssistantLocator, sel, sendPrompt, startEmulator, waitForAnswer, type Emulator, type LaunchedExtension } from './harness';

let emulator: Emulator;
let ext: LaunchedExtension;
let panel: Page;
const scripts: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ mode: 'ws', tokenDelayMs: 5 });
  ext = await launchExtension();
  panel = await ext.openSidePanel();
  panel.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(r.url());
  });
  await panel.locator(sel.composer).waitFor();
});
afterAll(async () => {
  await ext?.close();
  await emulator?.close();
});

describe('math in answers', () => {
  it('renders inline and display math as MathML, loads KaTeX only then, leaves prices and code alone', async () => {
    await sendPrompt(panel, 'Plain answer, prices $5 and $10, no math.');
    await waitForAnswer(panel);
    expect(await lastAssistantLocator(panel).locator('[data-testid=math]').count()).toBe(0);
    const before = scripts.length;

    await sendPrompt(panel, 'Energy $E = mc^2$ then $$\\int_0^1 x\\,dx = \\frac{1}{2}$$ costs $5 and $10, code `$x$` stays.');
    await waitForAnswer(panel);
    const answer = lastAssistantLocator(panel);
    await expect.poll(() => answer.locator('[data-testid=math][data-state=rendered]').count(), { timeout: 10_000 }).toBe(2);
    expect(await answer.locator('[data-testid=math] math').count()).toBe(2);
    expect(await answer.locator('.fc-md-math-display math[display=block]').count()).toBe(1);
    expect(await answer.locator('[data-testid=math] mfrac').count()).toBe(1);
    // The TeX source is not shown once rendered; prices and the code span stay literal text.
    const text = await answer.innerText();
    expect(text).toContain('costs $5 and $10');
    expect(await answer.locator('code', { hasText: '$x$' }).count()).toBe(1);
    expect(text).not.toContain('\\frac');
    // KaTeX came in a separate chunk, fetched only now.
    expect(scripts.slice(before).some((url) => /math-dom|katex/i.test(url))).toBe(true);
    // Display math never widens the panel.
    const overflow = await panel.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
