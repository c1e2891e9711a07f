// The Connection doctor against the emulator (issue #14): one browser, the emulator's modes switched
// through its control API. The self-test names the era and transport each mode speaks and the step
// that fails under each fault; frames of an unknown future shape reach the canary without breaking
// the answer, and the bug report shows them with no conversation text.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { defaultAnswer, sendPrompt, waitForAnswer, type Emulator, type LaunchedExtension } from './harness';
import { FUTURE_TEXT } from '../emulator/future-frames';
import type { EmulatorMode, Fault } from '../emulator/types';
import { useExtensionSuite } from './suite';

let emulator: Emulator;
let ext: LaunchedExtension;
let options: Page;

useExtensionSuite({ emulator: { mode: 'ws', tokenDelayMs: 1 }, open: '/options.html#connection' }, (suite) => ({ emulator, ext, page: options } = suite));

interface SelfTest {
  steps: Record<string, string>;
  evidence: Record<string, string>;
  flarechat: string | null;
  transport: string | null;
  era: string | null;
}

async function selfTest(mode: EmulatorMode, faults: Fault[] = []): Promise<SelfTest> {
  emulator.configure({ mode, challengeCleared: false, faults: { active: faults, times: {} } });
  await options.locator('[data-testid=self-test]').click();
  const verdict = options.locator('[data-testid=self-test-verdict]');
  await verdict.waitFor({ state: 'visible', timeout: 40_000 });
  const rows = await options.locator('[data-testid=self-test-step]').evaluateAll((els) =>
    els.map((el) => [el.getAttribute('data-step'), el.getAttribute('data-status'), (el as HTMLElement).innerText] as const),
  );
  return {
    steps: Object.fromEntries(rows.map(([step, status]) => [step, status])),
    evidence: Object.fromEntries(rows.map(([step, , text]) => [step, text])),
    transport: await verdict.getAttribute('data-transport'),
    era: await verdict.getAttribute('data-era'),
    flarechat: await verdict.getAttribute('data-flarechat'),
  };
}

describe('self-test', () => {
  it.each([
    ['ws', 'socket', 'D'],
    ['era-a', 'http', 'A'],
    ['era-b', 'http', 'B'],
  ] as const)('%s: names transport %s, Era %s; the one-token chat answers', async (mode, transport, era) => {
    const result = await selfTest(mode);
    expect(result, JSON.stringify(result)).toMatchObject({ transport, era, flarechat: transport });
    expect(result.steps).toMatchObject({ page: 'pass', chat: 'pass', 'header-rules': 'pass', socket: mode === 'ws' ? 'pass' : 'fail' });
    expect(result.evidence['http-models']).toMatch(mode === 'ws' ? /HTTP 404/ : /text models/);
  });

  it('era-c: HTTP, Era C (the models route is gone, the inference route alive)', async () => {
    const result = await selfTest('era-c');
    expect(result, JSON.stringify(result)).toMatchObject({ transport: 'http', era: 'C', flarechat: 'http' });
    expect(result.steps).toMatchObject({ socket: 'fail', 'http-models': 'pass', 'http-inference': 'pass' });
    expect(result.evidence['http-models']).toMatch(/HTTP 404/);
  });

  it('a check that never clears: the socket and the clearance fail, FlareChat points at a playground tab', async () => {
    const result = await selfTest('ws', ['challenge-persistent']);
    expect(result.steps, JSON.stringify(result)).toMatchObject({ socket: 'fail', clearance: 'fail', 'http-inference': 'fail' });
    expect(result.flarechat).toBe('tab');
    expect(result.evidence['http-inference']).toMatch(/403/);
  });

  it('strict origin: the header rules make it pass (the rules step names them)', async () => {
    const result = await selfTest('ws', ['strict-origin']);
    expect(result, JSON.stringify(result)).toMatchObject({ transport: 'socket', era: 'D', flarechat: 'socket' });
    expect(result.steps).toMatchObject({ page: 'pass', socket: 'pass', chat: 'pass', 'header-rules': 'pass' });
    // Chrome: the socket runs on the offscreen relay's worker thread, and the rewrite reaches it there.
    expect(result.evidence.socket).toMatch(/offscreen.*on its socket thread/);
  });

  it('rate limit: the chat step fails with rate-limited, the socket still passes', async () => {
    const result = await selfTest('ws', ['rate-limit']);
    expect(result.steps.chat, JSON.stringify(result)).toBe('fail');
    expect(result.steps.socket).toBe('pass');
    expect(result.evidence.chat).toMatch(/rate-limited/);
  });
});

describe('from a connection error', () => {
  it('the error offers the self-test, which opens the options page at #connection', async () => {
    emulator.configure({ mode: 'ws', challengeCleared: false, faults: { active: ['rate-limit'], times: {} } });
    const panel = await ext.openPage('/sidepanel.html');
    await sendPrompt(panel, 'rate limited please');
    await waitForAnswer(panel, { status: 'error' });
    const opened = ext.context.waitForEvent('page', { predicate: (p) => p.url().endsWith('/options.html#connection'), timeout: 5_000 });
    await panel.locator('[data-testid=error-self-test]').last().click();
    const page = await opened;
    await page.locator('[data-testid=self-test]').waitFor({ state: 'visible' });
    await page.close();
    await panel.close();
  });
});

describe('canary and bug report', () => {
  it('future frames reach the canary, the answer is whole, the report has them and no conversation text', async () => {
    emulator.configure({ mode: 'ws', challengeCleared: false, faults: { active: ['future-frames'], times: {} } });
    const panel = await ext.openPage('/sidepanel.html');
    const marker = `MARKER-${Date.now()}`;
    await sendPrompt(panel, `Tell me about ${marker}`);
    const answer = await waitForAnswer(panel);
    expect(answer.text).toContain(defaultAnswer(`Tell me about ${marker}`));
    expect(answer.text).not.toContain(FUTURE_TEXT);
    // The header mark appears (pushed over the data port) and opens the Connection section.
    const mark = panel.locator('[data-testid=canary-indicator]');
    await mark.waitFor({ state: 'visible', timeout: 10_000 });
    expect(Number(await mark.getAttribute('data-unseen'))).toBeGreaterThan(0);
    await panel.close();

    emulator.configure({ faults: { active: [], times: {} } });
    await options.reload();
    await options.locator('[data-testid=bug-report]').click();
    const report = await options.locator('[data-testid=bug-report-text]').inputValue();
    expect(report).toContain('cf_agent_stream_progress');
    expect(report).toContain('text-delta-v2');
    expect(report).not.toContain(marker);
    expect(report).not.toContain(FUTURE_TEXT);
    expect(report).not.toContain('Hello! You said');
  });
});

