// The socket transport against the emulator's 2026 behaviours: a stream that survives dropped
// sockets, pending / recovering statuses, error frames without done, terminal close codes, the
// published server's missing setConfig, and clearing an instance (issue #17).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { longAnswer } from '../../../emulator/answer';
import { startEmulator, type Emulator } from '../../../emulator/server';
import type { PlaygroundEvent } from '@/lib/playground/events';
import { newInstanceName } from '@/lib/playground/instance-name';
import { socketChat } from '@/lib/playground/socket-transport';
import { clearInstance } from '@/lib/playground/socket-oneshot';
import type { DeadlineLimits } from '@/lib/playground/deadlines';
import { emulatorSockets } from './ws-factory';

const LLAMA = '@cf/meta/llama-3.3-70b-instruct-fp8-fast';
let emu: Emulator;
let n = 0;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, mode: 'ws', tokenDelayMs: 0 });
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.configure({ faults: { active: [], times: {}, dropEveryTokens: 50, pendingMs: 300, closeCode: 4001, dropAfterTokens: 2 }, tokenDelayMs: 0, answerTokens: null });
  emu.clearLog();
});

async function ask(prompt: string, session = newInstanceName(), deadlines: DeadlineLimits = { firstByteMs: 5_000, silenceMs: 5_000, totalMs: 30_000 }) {
  const events: PlaygroundEvent[] = [];
  const sockets = emulatorSockets(emu.origin);
  const outcome = await socketChat(
    { requestId: `req_${++n}`, sessionName: session, messages: [{ id: `u${n}`, role: 'user', text: prompt }], model: LLAMA },
    { signal: new AbortController().signal, emit: (e) => events.push(e), openSocket: sockets, deadlines },
  );
  const text = events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');
  const statuses = events.flatMap((e) => (e.type === 'status' ? [e.status] : []));
  return { outcome, text, statuses, sockets: sockets.opened.length };
}
const sent = (type: string) => emu.log.filter((e) => e.kind === 'ws-in' && (e.frame as { type?: string }).type === type);

describe('a stream survives dropped sockets', () => {
  it('three drops in one 2,000-token answer: done, exactly the answer, one chat request', async () => {
    emu.configure({ answerTokens: 2000, tokenDelayMs: 1, faults: { active: ['socket-drop'], times: { 'socket-drop': 3 }, dropEveryTokens: 400 } });
    const { outcome, text, statuses, sockets } = await ask('long');
    expect(outcome.event).toEqual({ type: 'finish', reason: 'stop' });
    expect(text).toBe(longAnswer(2000).join(''));
    expect(sockets).toBe(4);
    expect(sent('cf_agent_use_chat_request')).toHaveLength(1);
    expect(sent('cf_agent_stream_resume_request')).toHaveLength(3);
    expect(sent('cf_agent_stream_resume_request').every((e) => typeof (e.frame as { probeId?: unknown }).probeId === 'string')).toBe(true);
    expect(statuses.filter((s) => s === 'reconnecting')).toHaveLength(3);
    expect(statuses.at(-1)).toBe('streaming');
  });

  it('a drop after the answer finished on the server: the kept stream is replayed by id, then done', async () => {
    emu.configure({ answerTokens: 30, tokenDelayMs: 0, faults: { active: ['socket-drop'], times: { 'socket-drop': 1 }, dropEveryTokens: 10 } });
    const { outcome, text } = await ask('short');
    expect(outcome.event.type).toBe('finish');
    expect(text).toBe(longAnswer(30).join(''));
  });

  it('a stream the server lost (drop-mid) ends interrupted with the partial text, after one resume try', async () => {
    emu.configure({ faults: { active: ['drop-mid'], times: { 'drop-mid': 1 }, dropAfterTokens: 2 } });
    const { outcome, text, statuses } = await ask('one two three four');
    expect(outcome.event).toMatchObject({ type: 'error', code: 'network' });
    expect(text).toBe('Hello! You said: ');
    expect(statuses).toEqual(['reconnecting']);
  });
});

describe('2026 frames', () => {
  it('pending: waits past the silence limit with a "waiting-for-capacity" status, then streams', async () => {
    emu.configure({ faults: { active: ['pending'], times: { pending: 1 }, pendingMs: 600 } });
    const { outcome, text, statuses } = await ask('Hi', undefined, { firstByteMs: 400, silenceMs: 400, totalMs: 10_000, pendingMs: 2_000 });
    expect(outcome.event.type).toBe('finish');
    expect(text).toBe('Hello! You said: Hi');
    expect(statuses).toEqual(['waiting-for-capacity', 'streaming']);
  });

  it('recovering: an advisory status, and the answer completes', async () => {
    emu.configure({ faults: { active: ['recovering'], times: { recovering: 1 } } });
    const { outcome, statuses } = await ask('Hi');
    expect(outcome.event.type).toBe('finish');
    expect(statuses[0]).toBe('recovering');
  });

  it('an error frame without done ends the request at once', async () => {
    emu.configure({ faults: { active: ['error-no-done'], times: { 'error-no-done': 1 } } });
    const started = Date.now();
    const { outcome } = await ask('Hi');
    expect(outcome.event).toMatchObject({ type: 'error', code: 'upstream' });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('close code 4001 mid-answer: a clear error and no reconnect', async () => {
    emu.configure({ tokenDelayMs: 1, faults: { active: ['close-code'], times: { 'close-code': 1 }, closeCode: 4001, dropAfterTokens: 2 } });
    const { outcome, sockets } = await ask('one two three four');
    expect(outcome.event).toMatchObject({ type: 'error', code: 'upstream', message: expect.stringContaining('4001') });
    expect(sockets).toBe(1);
    expect(sent('cf_agent_stream_resume_request')).toHaveLength(0);
  });

  it('the published server: setConfig answered with an error is harmless, and sent once per socket', async () => {
    emu.configure({ faults: { active: ['no-set-config'] } });
    const session = newInstanceName();
    expect((await ask('Hi', session)).outcome.event.type).toBe('finish');
    expect((await ask('Again', session)).outcome.event.type).toBe('finish');
    const sockets = emu.log.filter((e) => e.kind === 'upgrade').length;
    expect(sent('rpc').filter((e) => (e.frame as { method?: string }).method === 'setConfig')).toHaveLength(sockets);
  });
});

describe('clearInstance', () => {
  it('empties the server copy of a conversation', async () => {
    const session = newInstanceName();
    await ask('Secret', session);
    expect(emu.transcript(session)).toHaveLength(2);
    const clears = () => sent('cf_agent_chat_clear').filter((e) => e.instance === session).length;
    expect(clears()).toBe(1); // the one before the chat
    expect(await clearInstance(session, emulatorSockets(emu.origin))).toBe(true);
    await expect.poll(clears).toBe(2);
    expect(emu.transcript(session)).toEqual([]);
  });
  it('resolves false when the playground cannot be reached', async () => {
    expect(await clearInstance('x', emulatorSockets('http://127.0.0.1:9'), 2_000)).toBe(false);
  });
});
