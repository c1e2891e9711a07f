// Compare models side by side (issue #15), in the real side panel against the emulator: three
// models stream at once at different speeds (per-model knobs, tests/emulator/model-knobs.ts), one
// is rate-limited and recovers on its own countdown, one is stopped; "Continue with this one" on
// the second; the next turn's history (what the fake model received) holds only the chosen answer;
// a worker kill mid-comparison leaves every column in a clear state.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, sel, startEmulator, waitForAnswer, type Emulator, type LaunchedExtension } from './harness';
import { answerInputs, readMessages, watchStatuses } from './faults-kit';

const FAST = '@cf/meta/llama-3.3-70b-instruct-fp8-fast';
const SLOW = '@cf/qwen/qwen3-30b-a3b-fp8';
const LIMITED = '@cf/moonshotai/kimi-k2.6';

let emulator: Emulator;
let ext: LaunchedExtension;
let page: Page;

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
const column = (model: string) => page.locator(`[data-testid=compare-column][data-model="${model}"]`);
const answerIn = (model: string) => column(model).locator(sel.assistant);
const statusOf = (model: string) => answerIn(model).getAttribute('data-status');

async function startCompare(prompt: string, models: string[]): Promise<void> {
  await page.locator(sel.composer).fill(prompt);
  if ((await page.locator('[data-testid=compare-model]').count()) === 0) await page.locator('[data-testid=compare-models-toggle]').click();
  const slots = page.locator('[data-testid=compare-model]');
  await expect.poll(() => slots.count()).toBe(3);
  for (const [i, model] of models.entries()) await slots.nth(i).selectOption(model);
  if (models.length < 3) await slots.nth(2).selectOption('');
  await page.locator('[data-testid=compare]').click();
  await expect.poll(() => page.locator('[data-testid=compare-column]').count(), { timeout: 10_000 }).toBe(models.length);
}

beforeAll(async () => {
  emulator = await startEmulator({ mode: 'ws', tokenDelayMs: 5 });
  ext = await launchExtension();
  page = await ext.openPage('/sidepanel.html');
  // The live model list has arrived (the slots offer its models).
  await page.locator(`${sel.modelPicker} option[value="${SLOW}"]`).waitFor({ state: 'attached', timeout: 15_000 });
});
afterAll(async () => {
  await ext?.close();
  await emulator?.close();
});

describe('compare models side by side', () => {
  it('three models at once, one rate-limited and recovering, one stopped; continue with the second; the next turn sends only it', async () => {
    emulator.clearLog();
    emulator.configure({
      perModel: { [FAST]: { tokenDelayMs: 2 }, [SLOW]: { tokenDelayMs: 200 }, [LIMITED]: { tokenDelayMs: 10, rateLimitTimes: 1 } },
      faults: { rateLimitText: 'rate limiting: too many requests' }, // the quick backoff, not the per-minute 3021 wait
    });
    // The rate limit's error lasts about 2 s (the emulator's retry-after): recorded as it happens, not polled.
    const limited = await watchStatuses(page, `[data-testid=compare-column][data-model="${LIMITED}"]`);
    await startCompare('/long 60 compare these', [FAST, SLOW, LIMITED]);
    // Each column is a labelled region holding a normal answer.
    for (const model of [FAST, SLOW, LIMITED]) {
      expect(await column(model).getAttribute('aria-label')).toBeTruthy();
      expect(await answerIn(model).count()).toBe(1);
    }
    // All three stream at once: the slow one is still writing when the fast one is done.
    await expect.poll(() => statusOf(FAST), { timeout: 15_000 }).toBe('done');
    expect(await statusOf(SLOW)).toBe('streaming');
    // The rate-limited column shows its own error and countdown, then recovers by itself.
    await expect.poll(() => statusOf(LIMITED), { timeout: 20_000 }).toBe('done');
    const seen = await limited.read();
    expect(seen).toContain('error');
    expect(seen.indexOf('error')).toBeLessThan(seen.lastIndexOf('done'));
    expect(await column(LIMITED).locator(sel.error).count()).toBe(0);
    // Stop the slow one on its own.
    await expect.poll(async () => norm(await answerIn(SLOW).innerText()).length, { timeout: 10_000 }).toBeGreaterThan(20);
    await column(SLOW).locator('[data-testid=compare-stop]').click();
    await expect.poll(() => statusOf(SLOW), { timeout: 10_000 }).toBe('stopped');
    expect(await statusOf(FAST)).toBe('done');
    const meta = await column(FAST).locator('[data-testid=compare-meta]').innerText();
    expect(meta).toMatch(/\d/); // time to first token, tokens/s, finish reason
    const chosenText = norm(await answerIn(SLOW).innerText());
    const fastWords = (norm(await answerIn(FAST).innerText()).match(/[A-Za-z0-9]+/g) ?? []).length;

    // Continue with the second.
    await column(SLOW).locator('[data-testid=compare-choose]').click();
    await expect.poll(() => page.locator('[data-testid=compare-column]').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => page.locator(sel.assistant).count()).toBe(1);
    expect(norm(await page.locator(sel.assistant).innerText())).toBe(chosenText);
    await expect.poll(() => page.locator(sel.modelPicker).inputValue()).toBe(SLOW);

    // The next turn: the model receives the prompt, the chosen answer only, and the new prompt.
    const before = answerInputs(emulator).length;
    emulator.configure({ perModel: {} });
    await page.locator(sel.composer).fill('And now?');
    await page.locator(sel.send).click();
    await waitForAnswer(page, { after: 1 });
    await expect.poll(() => answerInputs(emulator).length, { timeout: 10_000 }).toBe(before + 1);
    const got = answerInputs(emulator).at(-1)!.prompt.map((m) => ({ role: m.role, text: norm(m.text) }));
    expect(got.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    // Every column answered the same /long directive, so the chosen (stopped) answer is the short one.
    const words = (s: string) => s.match(/[A-Za-z0-9]+/g)?.length ?? 0;
    // Compared with the stored answer, not the screen: a rendered code block adds its label and Copy.
    const stopped = (await readMessages(page)).filter((m) => m.role === 'assistant' && m.status === 'stopped');
    expect(stopped).toHaveLength(1);
    expect(Math.abs(words(got[1].text) - words(stopped[0].text))).toBeLessThanOrEqual(3);
    expect(words(got[1].text)).toBeLessThan(fastWords - 5);
    expect(got.filter((m) => m.role === 'assistant')).toHaveLength(1);
    expect(got[2].text).toBe('And now?');
  });

  it('a worker kill during a comparison leaves every column in a clear state', async () => {
    await page.locator(sel.newChat).click();
    emulator.configure({ perModel: { [FAST]: { tokenDelayMs: 40 }, [SLOW]: { tokenDelayMs: 60 } } });
    await startCompare('/long 80 kill the worker', [FAST, SLOW]);
    await expect.poll(async () => norm(await answerIn(FAST).innerText()).length, { timeout: 15_000 }).toBeGreaterThan(10);
    await ext.stopServiceWorker();
    const clear = ['done', 'stopped', 'error', 'interrupted'];
    for (const model of [FAST, SLOW]) await expect.poll(() => statusOf(model), { timeout: 30_000 }).toSatisfy((s: string | null) => s !== null && clear.includes(s));
    expect(await statusOf(FAST)).toBe('interrupted');
    emulator.configure({ perModel: {} });
  });
});
