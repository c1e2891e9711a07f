// The real Chrome side panel (not the page opened as a tab): it opens, and a prompt streams in it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultAnswer,
  launchExtension,
  sendPrompt,
  sidePanelCount,
  startEmulator,
  waitForAnswer,
  type Emulator,
  type LaunchedExtension,
} from './harness';

let emulator: Emulator;
let ext: LaunchedExtension;

beforeAll(async () => {
  emulator = await startEmulator({ mode: 'ws' });
  ext = await launchExtension();
});
afterAll(async () => {
  await ext?.close();
  await emulator?.close();
});

describe('real side panel', () => {
  it('opens and streams a prompt', async () => {
    const panel = await ext.openSidePanel();
    expect(await sidePanelCount(ext)).toBe(1);
    const prompt = `side panel ${Date.now()}`;
    await sendPrompt(panel, prompt);
    const answer = await waitForAnswer(panel, { status: 'done', timeoutMs: 20_000 });
    expect(answer.text).toBe(defaultAnswer(prompt));
  });
});
