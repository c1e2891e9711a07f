// A socket dropped three times in one 2,000-token answer (issue #17): the agents server keeps the
// stream, the extension reconnects to the same instance and resumes it. The answer still ends
// `done` with exactly the answer (nothing duplicated or lost), in one request from the user's point
// of view: one chat request, one assistant message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { longAnswer } from '../emulator/answer';
import { launchExtension, sel, sendPrompt, startEmulator, waitForAnswer, type Emulator, type EmulatorLogEntry, type LaunchedExtension } from './harness';
import { isTitleRequest } from './faults-kit';

let emulator: Emulator;
let ext: LaunchedExtension;

const framesIn = (type: string) =>
  emulator.log.filter((e: EmulatorLogEntry) => e.kind === 'ws-in' && (e.frame as { type?: string } | undefined)?.type === type && !isTitleRequest(e));
const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

beforeAll(async () => {
  emulator = await startEmulator({ mode: 'ws', tokenDelayMs: 2 });
  ext = await launchExtension();
});
afterAll(async () => {
  await ext?.close();
  await emulator?.close();
});

describe('a stream that survives dropped sockets', () => {
  it('three drops in a 2,000-token answer: done, exactly the answer, one request', async () => {
    const page = await ext.openPage('/sidepanel.html');
    emulator.configure({ tokenDelayMs: 2, faults: { active: ['socket-drop'], times: { 'socket-drop': 3 }, dropEveryTokens: 400 } });
    emulator.clearLog();
    await sendPrompt(page, '/long 2000');
    const answer = await waitForAnswer(page, { status: 'done', timeoutMs: 60_000 });

    // Three drops happened, each followed by a resume on the same instance.
    const closes = emulator.log.filter((e) => e.kind === 'ws-close' && e.code === 1006);
    expect(closes.length).toBe(3);
    expect(framesIn('cf_agent_stream_resume_request')).toHaveLength(3);
    const chatInstance = framesIn('cf_agent_use_chat_request')[0]?.instance;
    const instances = new Set(framesIn('cf_agent_stream_resume_request').map((e) => e.instance));
    expect([...instances]).toEqual([chatInstance]);
    expect(emulator.config.faults.active).not.toContain('socket-drop');

    // One request, one assistant message, exactly the answer's text.
    expect(framesIn('cf_agent_use_chat_request')).toHaveLength(1);
    expect(await page.locator(sel.assistant).count()).toBe(1);
    expect(await page.locator(sel.error).count()).toBe(0);
    // The same answer streamed without drops renders identically: nothing duplicated or lost.
    emulator.configure({ tokenDelayMs: 0, faults: { active: [], times: {} } });
    await page.locator(sel.newChat).click();
    await expect.poll(() => page.locator(sel.message).count()).toBe(0);
    await sendPrompt(page, '/long 2000');
    const clean = await waitForAnswer(page, { status: 'done', timeoutMs: 60_000 });
    expect(norm(answer.text)).toBe(norm(clean.text));
    // And the server's copy of the resumed answer is the fake model's text byte for byte.
    const transcript = emulator.transcript([...instances][0]!) as { role: string; parts: { type: string; text?: string }[] }[];
    expect(transcript.at(-1)!.parts.filter((p) => p.type === 'text').map((p) => p.text).join('')).toBe(longAnswer(2000).join(''));
  });
});
