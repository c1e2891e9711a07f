// The 2026 agents behaviours the emulator plays: the transcript read by name and cleared, resumable
// streams after a dropped socket, pending, recovering, error without done, terminal close codes,
// and the published server's missing setConfig.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { longAnswer } from '../../emulator/answer';
import { startEmulator, type Emulator } from '../../emulator/server';
import { chatRequest, chatText, isChatFrame, TestSocket } from './helpers';

let emu: Emulator;
const open: TestSocket[] = [];
let n = 0;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, mode: 'ws', tokenDelayMs: 0 });
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.configure({ faults: { active: [], times: {}, dropEveryTokens: 50, pendingMs: 100, closeCode: 4001, dropAfterTokens: 2 }, tokenDelayMs: 0, answerTokens: null, startMessageId: false });
  emu.clearLog();
});
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

async function connect(name: string): Promise<TestSocket> {
  const s = await TestSocket.open(`${emu.origin.replace('http', 'ws')}/agents/playground/${name}?_pk=${++n}`);
  open.push(s);
  await s.until(() => s.frames.length >= 3);
  return s;
}
const type = (d: unknown) => (d as { type?: string }).type;

describe('transcript by name, and clear', () => {
  it('GET /__emulator/transcript/<name> returns the stored copy; cf_agent_chat_clear empties it', async () => {
    const s = await connect('inst-a');
    s.send(chatRequest('r1', [{ id: 'm0', role: 'user', text: 'Hi' }]));
    await s.chat('r1');
    const before = (await (await fetch(`${emu.origin}/__emulator/transcript/inst-a`)).json()) as { id: string; role: string }[];
    expect(before.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(before[1].id).toMatch(/^assistant_\d+_/);
    s.send({ type: 'cf_agent_chat_clear' });
    await emu.waitFor((e) => e.kind === 'ws-in' && type(e.frame) === 'cf_agent_chat_clear');
    expect(emu.transcript('inst-a')).toEqual([]);
    expect(await (await fetch(`${emu.origin}/__emulator/transcript/inst-a`)).json()).toEqual([]);
    expect((await (await fetch(`${emu.origin}/__emulator/model-inputs`)).json())[0].prompt.at(-1)).toEqual({ role: 'user', text: 'Hi' });
  });
});

describe('resumable streams', () => {
  it('socket-drop: the stream goes on; a new socket resumes it with a replay from chunk 0, then the live rest', async () => {
    emu.configure({ answerTokens: 300, tokenDelayMs: 1, faults: { active: ['socket-drop'], times: { 'socket-drop': 1 }, dropEveryTokens: 100 } });
    const a = await connect('inst-r');
    a.send(chatRequest('r1', [{ id: 'm0', role: 'user', text: 'long' }]));
    await a.until(() => a.closeCode === 1006);
    const b = await connect('inst-r');
    b.send({ type: 'cf_agent_stream_resume_request', probeId: 'p1' });
    await b.until(() => b.frames.find((f) => type(f.data) === 'cf_agent_stream_resuming' && (f.data as { probeId?: string }).probeId === 'p1'));
    b.send({ type: 'cf_agent_stream_resume_ack', id: 'r1' });
    const frames = await b.chat('r1', 10_000);
    expect(frames[0].data).toMatchObject({ replay: true, body: '{"type":"start"}' });
    expect(frames.some((f) => (f.data as { replayComplete?: boolean }).replayComplete === true)).toBe(true);
    expect(chatText(frames)).toBe(longAnswer(300).join(''));
  });

  it('a finished stream is replayed on an ack after resume_none (reason idle, probeId echoed)', async () => {
    const a = await connect('inst-f');
    a.send(chatRequest('r1', [{ id: 'm0', role: 'user', text: 'Hi' }]));
    await a.chat('r1');
    const b = await connect('inst-f');
    b.send({ type: 'cf_agent_stream_resume_request', probeId: 'p2' });
    const none = await b.until(() => b.frames.find((f) => type(f.data) === 'cf_agent_stream_resume_none'));
    expect(none.data).toEqual({ type: 'cf_agent_stream_resume_none', reason: 'idle', probeId: 'p2' });
    b.send({ type: 'cf_agent_stream_resume_ack', id: 'r1' });
    const frames = await b.chat('r1');
    expect(chatText(frames)).toBe('Hello! You said: Hi');
    expect(frames.at(-1)!.data).toEqual({ body: '', done: true, id: 'r1', type: 'cf_agent_use_chat_response', replay: true });
    b.send({ type: 'cf_agent_stream_resume_ack', id: 'unknown' });
    const bare = await b.chat('unknown');
    expect(bare.map((f) => f.data)).toEqual([{ body: '', done: true, id: 'unknown', type: 'cf_agent_use_chat_response', replay: true }]);
  });
});

describe('2026 frames', () => {
  it('pending: cf_agent_stream_pending first, then the answer; a probe meanwhile is told to keep waiting', async () => {
    emu.configure({ faults: { active: ['pending'], times: { pending: 1 }, pendingMs: 200 } });
    const s = await connect('inst-p');
    s.send(chatRequest('r1', [{ id: 'm0', role: 'user', text: 'Hi' }]));
    await s.until(() => s.frames.find((f) => type(f.data) === 'cf_agent_stream_pending'));
    s.send({ type: 'cf_agent_stream_resume_request', probeId: 'p3' });
    await s.until(() => s.frames.filter((f) => type(f.data) === 'cf_agent_stream_pending').length === 2);
    expect(chatText(await s.chat('r1'))).toBe('Hello! You said: Hi');
  });

  it('recovering: advisory frames around the answer; messageId on the start chunk when enabled', async () => {
    emu.configure({ startMessageId: true, faults: { active: ['recovering'], times: { recovering: 1 } } });
    const s = await connect('inst-rc');
    s.send(chatRequest('r1', [{ id: 'm0', role: 'user', text: 'Hi' }]));
    const frames = await s.chat('r1');
    await s.until(() => s.frames.filter((f) => type(f.data) === 'cf_agent_chat_recovering').length === 2);
    expect(s.frames.filter((f) => type(f.data) === 'cf_agent_chat_recovering').map((f) => (f.data as { recovering: boolean }).recovering)).toEqual([true, false]);
    const start = JSON.parse((frames[0].data as { body: string }).body) as { type: string; messageId: string };
    expect(start.messageId).toBe(emu.transcript('inst-rc').at(-1) && (emu.transcript('inst-rc').at(-1) as { id: string }).id);
  });

  it('error-no-done: start, then an error frame, and no done frame ever', async () => {
    emu.configure({ faults: { active: ['error-no-done'], times: { 'error-no-done': 1 } } });
    const s = await connect('inst-e');
    s.send(chatRequest('r1', [{ id: 'm0', role: 'user', text: 'Hi' }]));
    await s.until(() => s.frames.find((f) => (f.data as { error?: boolean }).error === true));
    await new Promise((r) => setTimeout(r, 100));
    const mine = s.frames.filter((f) => isChatFrame(f.data, 'r1'));
    expect(mine.map((f) => (f.data as { done: boolean }).done)).toEqual([false, false]);
  });

  it('close-code: the socket is closed with the configured code mid-answer', async () => {
    emu.configure({ tokenDelayMs: 1, faults: { active: ['close-code'], times: { 'close-code': 1 }, closeCode: 4001, dropAfterTokens: 2 } });
    const s = await connect('inst-c');
    s.send(chatRequest('r1', [{ id: 'm0', role: 'user', text: 'one two three four' }]));
    await s.until(() => s.closeCode !== null);
    expect(s.closeCode).toBe(4001);
  });

  it('no-set-config: setConfig gets the published server error reply', async () => {
    emu.configure({ faults: { active: ['no-set-config'] } });
    const s = await connect('inst-s');
    s.send({ type: 'rpc', id: 'cfg', method: 'setConfig', args: [{ model: 'x' }] });
    const f = await s.until(() => s.frames.find((x) => (x.data as { id?: string }).id === 'cfg'));
    expect(f.data).toEqual({ error: 'Method setConfig does not exist', id: 'cfg', success: false, type: 'rpc' });
  });
});

describe('Workers AI error codes of model churn (issue #17)', () => {
  it.each([
    ['capacity', '3040: Capacity temporarily exceeded, please try again.'],
    ['model-deprecated', '5028: This model was deprecated on 2026-05-30. Please use an alternative model'],
    ['model-paid', '5035: This model requires the Workers Paid plan'],
  ] as const)('%s fails the next chat in band with its code, then chats work again', async (fault, text) => {
    emu.configure({ faults: { active: [fault], times: { [fault]: 1 } } });
    const s = await connect(`inst-${fault}`);
    s.send(chatRequest('r1', [{ id: 'm0', role: 'user', text: 'Hi' }]));
    const frames = await s.chat('r1');
    expect(frames.some((f) => (f.data as { error?: boolean; body?: string }).error === true && (f.data as { body: string }).body === text)).toBe(true);
    s.send(chatRequest('r2', [{ id: 'm1', role: 'user', text: 'Hi' }]));
    expect(chatText(await s.chat('r2'))).toContain('Hello');
  });
});
