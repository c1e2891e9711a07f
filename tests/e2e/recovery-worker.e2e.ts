// Recovery after the MV3 worker dies mid-answer, repeatedly (docs/platform-notes.md#service-worker-lifetime): every time,
// the answer must leave "streaming" (interrupted, or resumed to done), its partial text must be kept,
// and the side panel must keep working — Retry completes the answer and the next prompt is answered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildAnswer } from '../emulator/answer';
import { defaultAnswer, sel, sendPrompt, waitForAnswer, type Emulator, type LaunchedExtension } from './harness';
import { launch, readMessages, startEmulatorWhenFree, until, waitForStatus } from './faults-kit';

const ROUNDS = Number(process.env.RECOVERY_ROUNDS ?? 6);

let emulator: Emulator;
let ext: LaunchedExtension;
let page: Page;

beforeAll(async () => {
  emulator = await startEmulatorWhenFree({ mode: 'ws', tokenDelayMs: 25 });
  ext = await launch();
  page = await ext.openPage('/sidepanel.html');
});
afterAll(async () => {
  await ext?.close();
  await emulator?.close();
});

const lastStatus = async () => (await page.locator(sel.assistant).last().getAttribute('data-status').catch(() => null)) ?? '';

describe('worker stopped mid-answer, again and again', () => {
  it(`${ROUNDS} rounds: never stuck streaming, partial kept, Retry completes, the next prompt works`, { timeout: 120_000 }, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      emulator.configure({ tokenDelayMs: 25 });
      const prompt = `/long 200 worker round ${round} ${Date.now()}`;
      const before = await page.locator(sel.assistant).count();
      await sendPrompt(page, prompt);
      await until(async () => (await page.locator(sel.assistant).count()) > before && (await page.locator(sel.assistant).last().innerText()).length > 20, 10_000, `round ${round}: text streams`);
      await ext.stopServiceWorker();
      emulator.configure({ tokenDelayMs: 1 });
      await until(async () => (await lastStatus()) !== 'streaming', 10_000, `round ${round}: the answer leaves "streaming" after the worker died`);
      const status = await lastStatus();
      const full = buildAnswer(prompt, { answerTokens: null, reasoning: false, reasoningModel: false }).text.join('');
      if (status !== 'done') {
        expect(['interrupted', 'error']).toContain(status);
        const stored = (await readMessages(page)).filter((m) => m.role === 'assistant').find((m) => m.status === status && full.startsWith(m.text) && m.text.length > 0);
        expect(stored, `round ${round}: the partial answer is kept in IndexedDB`).toBeDefined();
        await page.locator(status === 'interrupted' ? '[data-testid=error-retry]' : sel.errorAction).last().click({ timeout: 5_000 });
        await until(async () => (await lastStatus()) !== status, 5_000, `round ${round}: Retry starts`);
        await waitForStatus(page, 'done', 15_000);
      }
      const rows = await readMessages(page);
      expect(rows.find((m) => m.role === 'assistant' && m.text === full && m.status === 'done'), `round ${round}: the full answer is stored`).toBeDefined();
      const next = `after round ${round} ${Date.now()}`;
      const count = await page.locator(sel.assistant).count();
      await sendPrompt(page, next);
      const answer = await waitForAnswer(page, { status: 'done', after: count, timeoutMs: 10_000 });
      expect(answer.text).toBe(defaultAnswer(next));
    }
  });
});
