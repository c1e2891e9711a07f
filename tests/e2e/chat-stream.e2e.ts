// A prompt sent from the side panel page (opened as a tab) streams the emulator's answer, over
// each transport the emulator can speak: the agents WebSocket (mode ws) and the three HTTP eras
// of POST /api/inference. The emulator log tells which transport carried it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultAnswer,
  header,
  launchExtension,
  sendPrompt,
  startEmulator,
  waitForAnswer,
  sel,
  E2E_ORIGIN,
  type Emulator,
  type EmulatorLogEntry,
  type EmulatorMode,
  type Fault,
  type LaunchedExtension,
} from './harness';

let emulator: Emulator;
let ext: LaunchedExtension | undefined;

beforeAll(async () => {
  emulator = await startEmulator({ mode: 'ws' });
});
afterAll(async () => {
  await emulator?.close();
});
afterEach(async () => {
  await ext?.close();
  ext = undefined;
});

const isInference = (e: EmulatorLogEntry) => e.kind === 'http' && e.method === 'POST' && e.path?.startsWith('/api/inference') === true;
const isSocket = (e: EmulatorLogEntry) => e.kind === 'upgrade' && e.path?.startsWith('/agents/') === true;

/** Fresh browser per case: the extension may remember which transport worked last time. */
async function chat(mode: EmulatorMode, faults: Fault[], prompt: string) {
  emulator.configure({ mode, faults: { active: faults, times: {} } });
  emulator.clearLog();
  ext = await launchExtension();
  const page = await ext.openPage('/sidepanel.html');
  await sendPrompt(page, prompt);
  await expect.poll(() => page.locator(sel.user).last().innerText().catch(() => ''), { timeout: 5_000 }).toContain(prompt);
  const answer = await waitForAnswer(page, { status: 'done', timeoutMs: 20_000 });
  return { page, answer };
}

function assertTransport(mode: EmulatorMode) {
  if (mode === 'ws') {
    expect(emulator.log.some(isSocket), 'a WebSocket upgrade to /agents/…').toBe(true);
    expect(emulator.log.some((e) => e.kind === 'ws-in'), 'client frames on the socket').toBe(true);
    expect(emulator.log.some(isInference), 'no POST /api/inference in ws mode').toBe(false);
  } else {
    expect(emulator.log.some(isInference), 'POST /api/inference').toBe(true);
    const post = emulator.log.find(isInference);
    expect(post?.status).toBe(200);
  }
}

describe('chat streams over every transport', () => {
  for (const mode of ['ws', 'era-a', 'era-b', 'era-c'] as const) {
    it(`mode ${mode}: the answer streams to done`, async () => {
      const prompt = `e2e ${mode} ${Date.now()}`;
      const { page, answer } = await chat(mode, [], prompt);
      expect(answer.text).toBe(defaultAnswer(prompt));
      expect(answer.status).toBe('done');
      expect(await page.locator(sel.error).count()).toBe(0);
      assertTransport(mode);
    });
  }
});

describe('strict-origin fault: the Origin header rewrite works', () => {
  for (const mode of ['ws', 'era-c'] as const) {
    it(`mode ${mode}: the request carries the playground Origin, not chrome-extension://`, async () => {
      const prompt = `strict ${mode} ${Date.now()}`;
      const { answer } = await chat(mode, ['strict-origin'], prompt);
      expect(answer.text).toBe(defaultAnswer(prompt));
      assertTransport(mode);
      const carrier = emulator.log.find(mode === 'ws' ? isSocket : isInference);
      expect(header(carrier, 'origin')).toBe(E2E_ORIGIN);
      expect(emulator.log.filter((e) => e.status === 403)).toEqual([]);
    });
  }
});
