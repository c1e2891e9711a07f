// The model router through the real side panel and options page (issue #17): the picker shows the
// rows' properties and hides non-chat rows; a model that fails with 5028 offers "Answer with …"
// when automatic failover is off (the default), and is replaced at once, with the notice, when the
// user turned it on; a retired model is no longer offered. The emulator's `modelRules` knob makes
// one model fail (tests/emulator/model-rules.ts).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isChatFrame } from './faults-kit';
import { launchExtension, sel, sendPrompt, startEmulator, waitForAnswer, type Emulator, type LaunchedExtension } from './harness';

const GLM52 = '@cf/zai-org/glm-5.2';
const GLM47 = '@cf/zai-org/glm-4.7-flash';
const KIMI = '@cf/moonshotai/kimi-k2.6';
const LLAMA = '@cf/meta/llama-3.3-70b-instruct-fp8-fast';

let emulator: Emulator;
let ext: LaunchedExtension;
let page: Page;

beforeAll(async () => {
  emulator = await startEmulator({ mode: 'ws', tokenDelayMs: 2 });
  ext = await launchExtension();
  page = await ext.openPage('/sidepanel.html');
});
afterAll(async () => {
  await ext?.close();
  await emulator?.close();
});

const optionText = (id: string) => page.locator(`${sel.modelPicker} option[value="${id}"]`).first().innerText();
const offered = (id: string) => page.locator(`${sel.modelPicker} optgroup option[value="${id}"]`).count();
/** Which models the extension asked the emulator to answer with since the log was cleared. */
const modelsSent = () =>
  emulator.log.filter((e) => e.kind === 'ws-in').map((e) => JSON.stringify(e.frame)).flatMap((f) => [GLM52, GLM47, KIMI, LLAMA].filter((id) => f.includes(`"${id}"`)));

async function newChatWith(model: string): Promise<void> {
  await page.locator(sel.newChat).click();
  await page.locator(sel.modelPicker).selectOption(model);
}

describe('model picker properties', () => {
  it('shows context window, vision, paid plan and retirement; never non-chat rows', async () => {
    await expect.poll(() => page.locator(`${sel.modelPicker} option`).count(), { timeout: 10_000 }).toBeGreaterThan(5);
    expect(await optionText(GLM52)).toMatch(/262K context · paid plan/);
    expect(await optionText('@cf/google/gemma-4-26b-a4b-it')).toMatch(/131K context · vision/);
    expect(await optionText('@cf/mistralai/mistral-small-3.1-24b-instruct')).toMatch(/retiring 2026-12-30/);
    expect(await page.locator(`${sel.modelPicker} option[value="@cf/meta/llama-guard-3-8b"]`).count()).toBe(0);
    expect(await page.locator(`${sel.modelPicker} option[value="@cf/cloudflare/clef-1"]`).count()).toBe(0);
  });
});

describe('a model retired mid-conversation (5028)', () => {
  it('failover off (default): the error offers the alternative; one click answers with it', async () => {
    emulator.configure({ modelRules: { [KIMI]: { fail: 'model-deprecated' } } });
    await newChatWith(KIMI);
    emulator.clearLog();
    await sendPrompt(page, 'Retired already');
    await waitForAnswer(page, { status: 'error' });
    expect(await page.locator(`${sel.assistant} ~ .error-notice, .error-notice`).last().getAttribute('data-code')).toBe('model-deprecated');
    const button = page.locator('[data-testid=error-answer-with]');
    // Kimi has no usable sibling: the first of the preference order answers.
    expect(await button.getAttribute('data-model')).toBe(LLAMA);
    expect(await button.innerText()).toMatch(/^Answer with /);
    await button.click();
    // The empty failed answer is answered again in place (issue #12): wait for it to leave "error"
    // first, or the old state would be read as the outcome.
    await expect.poll(() => page.locator(sel.assistant).last().getAttribute('data-status'), { timeout: 10_000 }).not.toBe('error');
    await waitForAnswer(page);
    const notice = page.locator('[data-testid=failover-notice]').last();
    expect(await notice.innerText()).toMatch(/kimi-k2\.6 was retired, answered by llama-3\.3-70b/i);
    expect(modelsSent().at(-1)).toBe(LLAMA);
    // Retired: no longer offered in the picker.
    expect(await offered(KIMI)).toBe(0);
  });

  it('failover on: the same family answers at once, with the notice, in one request', async () => {
    const options = await ext.openPage('/options.html');
    await options.locator('[data-testid=auto-failover]').check();
    await options.close();
    emulator.configure({ modelRules: { [GLM52]: { fail: 'model-deprecated', afterTurns: 1 } } });
    await newChatWith(GLM52);
    emulator.clearLog();
    await sendPrompt(page, 'Turn one');
    await waitForAnswer(page);
    expect(await page.locator('[data-testid=failover-notice]').count()).toBe(0);
    await sendPrompt(page, 'Turn two');
    const answer = await waitForAnswer(page, { after: 1 });
    expect(answer.text).toContain('Turn two');
    const notice = page.locator('[data-testid=failover-notice]');
    expect(await notice.count()).toBe(1);
    expect(await notice.innerText()).toMatch(/glm-5\.2 was retired, answered by glm-4\.7-flash/i);
    expect(await notice.getAttribute('data-reason')).toBe('model-deprecated');
    expect(await page.locator(sel.error).count()).toBe(0);
    // Two chats for turn one and the failed try, one for the alternative; the user sent two prompts.
    expect(emulator.log.filter(isChatFrame)).toHaveLength(3);
    expect(modelsSent().at(-1)).toBe(GLM47);
    expect(await offered(GLM52)).toBe(0);
  });
});
