// docs/platform-notes.md#service-worker-lifetime and #streams-outlive-their-pages: the MV3 worker can die mid-stream. After a real worker stop
// (harness/worker.ts recipe) the answer must never stay "streaming" forever and its partial text
// must never be lost: it ends interrupted with at least the text that was on screen (the delta
// journal is written before each delta is sent), and Retry completes it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchExtension,
  lastAssistant,
  sendPrompt,
  startEmulator,
  waitForAnswer,
  type Emulator,
  type LaunchedExtension,
} from './harness';

let emulator: Emulator;
let ext: LaunchedExtension;

beforeAll(async () => {
  emulator = await startEmulator({ mode: 'ws', tokenDelayMs: 40 });
  ext = await launchExtension();
});
afterAll(async () => {
  await ext?.close();
  await emulator?.close();
});

describe('worker stopped mid-stream', () => {
  it('keeps the partial answer, marks it interrupted, and Retry completes it', async () => {
    const page = await ext.openPage('/sidepanel.html');
    await sendPrompt(page, '/long 80 worker restart');
    await expect
      .poll(async () => (await lastAssistant(page).catch(() => ({ text: '', status: null }))).text.length, { timeout: 15_000 })
      .toBeGreaterThan(20);
    const before = await lastAssistant(page);
    expect(before.status).toBe('streaming');

    await ext.stopServiceWorker();

    const after = await waitForAnswer(page, { status: ['interrupted'], timeoutMs: 30_000 });
    // Nothing that was on screen is lost (whitespace-normalised: markdown rendering may differ).
    const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
    const [a, b] = [norm(after.text), norm(before.text)];
    expect(a.startsWith(b), `before ${JSON.stringify(b)} / after ${JSON.stringify(a)}`).toBe(true);
    await expect.poll(() => page.locator('[data-testid=error]').isVisible()).toBe(true);

    await page.locator('[data-testid=error-retry]').click();
    await expect.poll(async () => (await lastAssistant(page)).status, { timeout: 10_000 }).not.toBe('interrupted');
    const retried = await waitForAnswer(page, { status: ['done'], timeoutMs: 40_000 });
    expect(norm(retried.text).length).toBeGreaterThan(a.length);
    expect(norm(retried.text).startsWith(b.slice(0, 20))).toBe(true);
  });
});
