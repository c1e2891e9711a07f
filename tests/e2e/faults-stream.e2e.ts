// Fault injection, one behaviour each (issue #5): rate limits (countdown, automatic retry, at most
// three, then a lighter model), in-band errors, malformed lines, a socket dropped mid-stream, a slow
// drip past the silence limit, a server restart and a strict Origin check. Emulator in ws mode
// (today's site), the real e2e build in Chromium, driven through the data-testid hooks.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  defaultAnswer,
  E2E_ORIGIN,
  header,
  sel,
  sendPrompt,
  waitForAnswer,
  type Emulator,
  type LaunchedExtension,
} from './harness';
import { chatFrames, clickErrorAction, isInferencePost, errorText, FAST_DEADLINES, isChatUpgrade, readMessages, turnOffModelTitles, until, waitForStatus } from './faults-kit';
import { useExtensionSuite } from './suite';

let emulator: Emulator;
let page: Page;
let ext: LaunchedExtension;

useExtensionSuite({ emulator: { mode: 'ws', tokenDelayMs: 2 }, deadlines: FAST_DEADLINES }, (suite) => ({ emulator, ext, page } = suite));
// One-shot faults count chat requests: no title requests in between (faults-kit.ts turnOffModelTitles).
beforeAll(() => turnOffModelTitles(ext));
beforeEach(async () => {
  emulator.configure({ tokenDelayMs: 2, answerTokens: null, faults: { active: [], times: {}, dripMs: 30, inbandErrorAfterTokens: null } });
  emulator.clearLog();
  await page.locator(sel.newChat).click();
  await expect.poll(() => page.locator(sel.assistant).count()).toBe(0);
});

const lastStatus = () => page.locator(sel.assistant).last().getAttribute('data-status');

/** The composer takes the next prompt, and it is answered: the UI recovered. */
async function recovers(): Promise<void> {
  await expect(page.locator(sel.composer)).toBeEnabledSoon();
  const before = await page.locator(sel.assistant).count();
  const prompt = `after ${Date.now()}`;
  await sendPrompt(page, prompt);
  const answer = await waitForAnswer(page, { status: 'done', after: before, timeoutMs: 10_000 });
  expect(answer.text).toBe(defaultAnswer(prompt));
}

expect.extend({
  async toBeEnabledSoon(locator: import('playwright-core').Locator) {
    const ok = await until(() => locator.isEnabled(), 3_000, 'composer enabled').then(
      () => true,
      () => false,
    );
    return { pass: ok, message: () => 'the composer did not become enabled' };
  },
});
declare module 'vitest' {
  interface Assertion {
    toBeEnabledSoon(): Promise<void>;
  }
}

describe('rate limit', () => {
  it('once: the error shows within 2 s with a countdown, then the retry completes by itself', async () => {
    emulator.configure({ faults: { active: ['rate-limit'], times: { 'rate-limit': 1 }, rateLimitText: 'rate limiting: too many requests' } }); // the quick backoff, not the per-minute 3021 wait
    const prompt = `limited once ${Date.now()}`;
    const sent = Date.now();
    await sendPrompt(page, prompt);
    await until(async () => (await lastStatus()) === 'error' && (await page.locator(sel.error).isVisible()), 2_000, 'error within 2 s');
    expect(Date.now() - sent).toBeLessThan(2_000);
    expect(await errorText(page)).toMatch(/rate/i);
    await expect(page.locator('[data-testid=retry-countdown]').innerText()).resolves.toMatch(/\d/);
    expect(await waitForStatus(page, 'done')).toBe(defaultAnswer(prompt));
    expect(chatFrames(emulator)).toHaveLength(2);
    expect(await page.locator(sel.error).count()).toBe(0);
  });

  it('HTTP era: the countdown honours Retry-After, and the retry waits for it', async () => {
    emulator.configure({ mode: 'era-c', faults: { active: ['rate-limit'], times: { 'rate-limit': 1 }, retryAfterSeconds: 3 } });
    try {
      const prompt = `retry after ${Date.now()}`;
      await sendPrompt(page, prompt);
      await until(async () => (await lastStatus()) === 'error', 5_000, 'rate-limit error');
      const limited = emulator.log.find((e) => e.status === 429);
      expect(limited).toBeDefined();
      await expect(page.locator('[data-testid=retry-countdown]').innerText()).resolves.toMatch(/\b[34] /); // Retry-After 3 s + up to 1 s of jitter
      expect(await waitForStatus(page, 'done', 15_000)).toBe(defaultAnswer(prompt));
      const retried = emulator.log.filter((e) => isInferencePost(e) && e.status === 200).at(-1);
      expect(retried!.t - limited!.t).toBeGreaterThanOrEqual(2_900);
    } finally {
      emulator.configure({ mode: 'ws', faults: { retryAfterSeconds: 2 } });
    }
  });

  it('always on: at most three automatic retries, then a final error offering a lighter model', async () => {
    emulator.configure({ faults: { active: ['rate-limit'], rateLimitText: 'rate limiting: too many requests' } });
    await sendPrompt(page, `limited ${Date.now()}`);
    // Backoff 1–2 s, 2–4 s, 4–8 s (lib/background/engine/retry-policy.ts): all retries within ~15 s.
    await until(async () => chatFrames(emulator).length === 4 && (await lastStatus()) === 'error', 25_000, 'four tries, then error');
    await until(async () => (await page.locator('[data-testid=retry-countdown]').count()) === 0, 3_000, 'no countdown on the final error');
    await page.waitForTimeout(2_500);
    expect(chatFrames(emulator)).toHaveLength(4); // the first try + 3 retries, no more
    expect(await lastStatus()).toBe('error');
    expect(await errorText(page)).toMatch(/rate/i);
    await expect(page.locator('[data-testid=error-lighter]').innerText()).resolves.toMatch(/\S/);
    emulator.configure({ faults: { active: [] } });
    await recovers();
  });
});

describe('stream faults', () => {
  it('in-band error: a clear error with Retry, and Retry completes', async () => {
    emulator.configure({ faults: { active: ['inband-error'], times: { 'inband-error': 1 } } });
    const prompt = `inband ${Date.now()}`;
    await sendPrompt(page, prompt);
    await waitForAnswer(page, { status: 'error' });
    expect(await errorText(page)).not.toBe('');
    await clickErrorAction(page);
    const answer = await waitForAnswer(page, { status: 'done', timeoutMs: 10_000 });
    expect(answer.text).toBe(defaultAnswer(prompt));
  });

  it('in-band error mid-answer: the partial text is kept with the error', async () => {
    emulator.configure({ faults: { active: ['inband-error'], times: { 'inband-error': 1 }, inbandErrorAfterTokens: 2 } });
    await sendPrompt(page, `inband mid ${Date.now()}`);
    const failed = await waitForAnswer(page, { status: 'error' });
    expect(failed.text).toBe('Hello! You said:');
    const stored = (await readMessages(page)).find((m) => m.role === 'assistant' && m.status === 'error' && m.text.startsWith('Hello!'));
    expect(stored?.text).toBe('Hello! You said: ');
  });

  it('malformed lines: the answer still completes, exactly', async () => {
    emulator.configure({ faults: { active: ['malformed'] } });
    const prompt = `malformed ${Date.now()} with several words in it`;
    await sendPrompt(page, prompt);
    const answer = await waitForAnswer(page, { status: 'done' });
    expect(answer.text).toBe(defaultAnswer(prompt));
  });

  it('socket closed mid-stream: the partial answer is kept, Retry completes it', async () => {
    emulator.configure({ faults: { active: ['drop-mid'], times: { 'drop-mid': 1 }, dropAfterTokens: 2 } });
    const prompt = `dropped ${Date.now()}`;
    await sendPrompt(page, prompt);
    const failed = await waitForAnswer(page, { status: ['error', 'interrupted'] });
    expect(failed.text).toBe('Hello! You said:');
    expect(await errorText(page)).not.toBe('');
    await clickErrorAction(page);
    const answer = await waitForAnswer(page, { status: 'done', timeoutMs: 10_000 });
    expect(answer.text).toBe(defaultAnswer(prompt));
  });

  it('slow drip past the silence limit: a clear timeout error, Retry completes', async () => {
    // FAST_DEADLINES: 2.5 s of silence (the product's 30 s, shortened through the e2e hook).
    // Tokens 3.5 s apart: the first gap already exceeds the limit.
    emulator.configure({ faults: { active: ['slow-drip'], times: { 'slow-drip': 1 }, dripMs: 3_500 } });
    const prompt = `drip ${Date.now()}`;
    const sent = Date.now();
    await sendPrompt(page, prompt);
    const failed = await waitForAnswer(page, { status: 'error', timeoutMs: 10_000 });
    expect(Date.now() - sent).toBeGreaterThanOrEqual(FAST_DEADLINES.silenceMs);
    expect(defaultAnswer(prompt).startsWith(failed.text)).toBe(true);
    expect(await errorText(page)).toMatch(/time|long|silent|respond/i);
    await clickErrorAction(page);
    const answer = await waitForAnswer(page, { status: 'done', timeoutMs: 10_000 });
    expect(answer.text).toBe(defaultAnswer(prompt));
  });

  it('slow drip within the silence limit still completes', async () => {
    emulator.configure({ faults: { active: ['slow-drip'], times: { 'slow-drip': 1 }, dripMs: 400 } });
    const prompt = `slow ${Date.now()}`;
    await sendPrompt(page, prompt);
    const answer = await waitForAnswer(page, { status: 'done', timeoutMs: 10_000 });
    expect(answer.text).toBe(defaultAnswer(prompt));
  });

  it('server restart: the answer in flight fails cleanly and the next prompt works', async () => {
    emulator.configure({ faults: { active: ['restart'], restartMs: 800 } });
    await sendPrompt(page, `restart ${Date.now()}`);
    await waitForAnswer(page, { status: ['error', 'interrupted'], timeoutMs: 10_000 });
    await until(() => fetch(`${E2E_ORIGIN}/__emulator/config`).then((r) => r.ok, () => false), 5_000, 'emulator back');
    await recovers();
  });

  it('strict origin: the request carries the playground Origin and passes', async () => {
    emulator.configure({ faults: { active: ['strict-origin'] } });
    const prompt = `strict ${Date.now()}`;
    await sendPrompt(page, prompt);
    const answer = await waitForAnswer(page, { status: 'done' });
    expect(answer.text).toBe(defaultAnswer(prompt));
    const upgrade = emulator.log.filter((e) => isChatUpgrade(e, emulator.log)).at(-1);
    expect(header(upgrade, 'origin')).toBe(E2E_ORIGIN);
    expect(emulator.log.filter((e) => e.status === 403)).toEqual([]);
  });
});
