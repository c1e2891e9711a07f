import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/server';
import { chatRequest, chatText, eraDFrames, normalise, sleep, TestSocket, UpgradeRejected } from './helpers';

const LLAMA = '@cf/meta/llama-3.3-70b-instruct-fp8-fast';
let emu: Emulator;
const open: TestSocket[] = [];
let seq = 0;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, mode: 'ws', tokenDelayMs: 0 });
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.configure({ mode: 'ws', faults: { active: [], times: {} }, tokenDelayMs: 0, answerTokens: null, reasoning: false });
  emu.clearLog();
});
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

async function connect(name = `test-${++seq}`, headers: Record<string, string> = {}): Promise<TestSocket> {
  const s = await TestSocket.open(`${emu.origin.replace('http', 'ws')}/agents/playground/${name}?_pk=8d12cf05-08af-4956-b2b1-1a26a62093b1`, headers);
  open.push(s);
  await s.until(() => s.frames.length >= 3);
  return s;
}

function setModel(s: TestSocket, model: string): void {
  s.send({
    type: 'cf_agent_state',
    state: { model, temperature: 1, stream: true, system: 'You are a helpful assistant.', useExternalProvider: false, externalProvider: 'openai', authMethod: 'provider-key' },
  });
}

describe('Era D WebSocket', () => {
  it('sends identity, state (kimi-k2.6), mcp servers on open — byte-identical to the capture', async () => {
    const s = await connect('test-1');
    expect(s.frames.slice(0, 3).map((f) => f.raw)).toEqual(eraDFrames('basic-two-turns', 'in').slice(0, 3));
  });

  it('answers a resume request with cf_agent_stream_resume_none', async () => {
    const s = await connect();
    s.send({ type: 'cf_agent_stream_resume_request' });
    await s.until(() => s.frames.length >= 4);
    expect(s.frames[3].raw).toBe('{"type":"cf_agent_stream_resume_none"}');
  });

  it('returns every task from rpc getModels', async () => {
    const s = await connect();
    s.send({ type: 'rpc', id: 'rpc-models-1', method: 'getModels', args: [] });
    const f = await s.until(() => s.frames.find((x) => (x.data as { type?: string }).type === 'rpc'));
    const msg = f.data as { done: boolean; id: string; success: boolean; result: { name: string; description: string; task: { name: string }; properties: { property_id: string }[] }[] };
    expect(f.raw.startsWith('{"done":true,"id":"rpc-models-1","result":[')).toBe(true);
    expect(f.raw.endsWith('],"success":true,"type":"rpc"}')).toBe(true);
    const names = msg.result.map((r) => r.name);
    for (const n of [LLAMA, '@cf/moonshotai/kimi-k2.6', '@cf/qwen/qwen3-30b-a3b-fp8', '@cf/openai/gpt-oss-120b', '@cf/google/gemma-3-12b-it', '@cf/deepseek-ai/deepseek-r1-distill-qwen-32b', '@cf/baai/bge-m3']) {
      expect(names).toContain(n);
    }
    expect(names.some((n) => n.endsWith('-lora'))).toBe(true);
    expect(new Set(msg.result.map((r) => r.task.name)).size).toBeGreaterThan(1);
    for (const r of msg.result) {
      expect(r.description).toBeTruthy();
      if (r.task.name === 'Text Generation') expect(r.properties.map((p) => p.property_id)).toContain('context_window');
    }
  });

  it('answers rpc setConfig with a done rpc frame and applies it', async () => {
    const s = await connect();
    s.send({ type: 'rpc', id: 'cfp-config', method: 'setConfig', args: [{ model: '@cf/google/gemma-3-12b-it', temperature: 1, stream: true }] });
    const f = await s.until(() => s.frames.find((x) => (x.data as { id?: string }).id === 'cfp-config'));
    expect(f.raw).toBe('{"done":true,"id":"cfp-config","success":true,"type":"rpc"}');
    s.send(chatRequest('r1', [{ id: 'm0', role: 'user', text: 'Hi' }]));
    expect(chatText(await s.chat('r1'))).toBe('Hello! You said: Hi');
  });

  it('stores a client cf_agent_state without replying or echoing', async () => {
    const s = await connect();
    setModel(s, LLAMA);
    await emu.waitFor((e) => e.kind === 'ws-in' && (e.frame as { type?: string }).type === 'cf_agent_state');
    await sleep(50);
    expect(s.frames).toHaveLength(3);
  });

  it('streams a chat answer with exactly the captured frames (two turns, history merged by id)', async () => {
    const s = await connect('test-1');
    setModel(s, LLAMA);
    const reqs = eraDFrames('basic-two-turns', 'out').filter((r) => r.includes('cf_agent_use_chat_request'));
    const expected = eraDFrames('basic-two-turns', 'in').filter((r) => r.includes('cf_agent_use_chat_response'));
    s.send(reqs[0]);
    const first = await s.chat('req_ab12cd34');
    s.send(reqs[1]);
    const second = await s.chat('req_second02');
    // Turn 1 ("Hi", one word) is byte-identical. The capture's stub sent the user text as one token,
    // the emulator splits it into words: compare turn 2's non-delta frames byte for byte, and its text.
    expect(first.map((f) => normalise(f.raw))).toEqual(expected.slice(0, first.length).map(normalise));
    const rest = expected.slice(first.length);
    const noDelta = (l: string[]): string[] => l.filter((r) => !r.includes('text-delta')).map(normalise);
    expect(noDelta(second.map((f) => f.raw))).toEqual(noDelta(rest));
    expect(chatText(second)).toBe('Hello! You said: Second question');
    for (const f of second.filter((x) => x.raw.includes('text-delta'))) {
      expect(normalise(f.raw)).toMatch(/^\{"body":"\{\\"type\\":\\"text-delta\\",\\"id\\":\\"X\\",\\"delta\\":\\".*\\"\}","done":false,"id":"req_second02","type":"cf_agent_use_chat_response"\}$/);
    }
    const history = (await (await fetch(`${emu.origin}/agents/playground/test-1/get-messages`)).json()) as { id: string; role: string }[];
    expect(history.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(history.filter((m) => m.id === 'msg_0')).toHaveLength(1);
  });

  it('ends with finish (finishReason stop) then done, and logs the request body', async () => {
    const s = await connect();
    s.send(chatRequest('r1', [{ id: 'm0', role: 'user', text: 'How are you' }]));
    const frames = await s.chat('r1');
    expect(chatText(frames)).toBe('Hello! You said: How are you');
    expect(frames.at(-2)!.raw).toContain('\\"messageMetadata\\":{\\"finishReason\\":\\"stop\\"}');
    expect(frames.at(-1)!.data).toEqual({ body: '', done: true, id: 'r1', type: 'cf_agent_use_chat_response' });
    const e = await emu.waitFor((x) => x.kind === 'ws-in' && x.requestId === 'r1');
    expect((e.body as { messages: unknown[] }).messages).toHaveLength(1);
  });

  it('sends reasoning chunks first for a reasoning model and for /reason', async () => {
    const s = await connect();
    setModel(s, '@cf/deepseek-ai/deepseek-r1-distill-qwen-32b');
    s.send(chatRequest('r1', [{ id: 'm0', role: 'user', text: 'Hi' }]));
    const frames = await s.chat('r1');
    const types = frames.map((f) => (f.data as { body: string }).body).filter(Boolean).map((b) => (JSON.parse(b) as { type: string }).type);
    expect(types.slice(0, 3)).toEqual(['start', 'start-step', 'reasoning-start']);
    expect(types.indexOf('reasoning-end')).toBeLessThan(types.indexOf('text-start'));
    expect(chatText(frames, 'reasoning-delta')).toContain('Let me think');
    setModel(s, LLAMA);
    s.send(chatRequest('r2', [{ id: 'm1', role: 'user', text: '/reason please' }]));
    expect(chatText(await s.chat('r2'), 'reasoning-delta')).not.toBe('');
  });

  it('fails an unknown model in band: start, error (model not found), done', async () => {
    const s = await connect();
    setModel(s, '@cf/nope/unknown');
    s.send(chatRequest('r1', [{ id: 'm0', role: 'user', text: 'Hi' }]));
    const frames = await s.chat('r1');
    expect(frames.map((f) => f.data)).toEqual([
      { body: '{"type":"start"}', done: false, id: 'r1', type: 'cf_agent_use_chat_response' },
      { error: true, body: expect.stringMatching(/model not found/), done: false, id: 'r1', type: 'cf_agent_use_chat_response' },
      { body: '', done: true, id: 'r1', type: 'cf_agent_use_chat_response' },
    ]);
    expect(frames[1].raw.startsWith('{"error":true,"body":')).toBe(true);
  });

  it('stops on cf_agent_chat_request_cancel and sends only the done frame', async () => {
    emu.configure({ tokenDelayMs: 20 });
    const s = await connect();
    s.send(chatRequest('req_x', [{ id: 'm0', role: 'user', text: '/long 200' }]));
    await s.until(() => s.frames.filter((f) => f.raw.includes('text-delta')).length >= 2);
    s.send({ type: 'cf_agent_chat_request_cancel', id: 'req_x' });
    const frames = await s.chat('req_x');
    await sleep(60);
    const mine = s.frames.filter((f) => f.raw.includes('"id":"req_x"'));
    expect(mine.at(-1)!.raw).toBe('{"body":"","done":true,"id":"req_x","type":"cf_agent_use_chat_response"}');
    expect(mine).toHaveLength(frames.length);
    expect(frames.some((f) => f.raw.includes('text-end') || f.raw.includes('finish'))).toBe(false);
  });

  it('ignores cf_agent_chat_clear, unknown frames and garbage without closing', async () => {
    const s = await connect();
    s.send({ type: 'cf_agent_chat_clear' });
    s.send('not json');
    s.send({ type: 'something_else' });
    s.send(chatRequest('r1', [{ id: 'm0', role: 'user', text: 'Hi' }]));
    expect(chatText(await s.chat('r1'))).toBe('Hello! You said: Hi');
    expect(s.closeCode).toBeNull();
  });

  it('accepts a chrome-extension Origin and no Origin', async () => {
    const s = await connect(undefined, { Origin: 'chrome-extension://abc' });
    expect(s.frames).toHaveLength(3);
    const up = await emu.waitFor((e) => e.kind === 'upgrade' && e.headers.origin === 'chrome-extension://abc');
    expect(up.status).toBe(101);
  });

  it('rejects an unknown agent class with 400 Invalid request', async () => {
    const err = await TestSocket.open(`${emu.origin.replace('http', 'ws')}/agents/other/x?_pk=1`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpgradeRejected);
    expect((err as UpgradeRejected).status).toBe(400);
    expect((err as UpgradeRejected).body).toBe('Invalid request');
  });

  it('broadcasts state and chat history to other sockets of the same instance only', async () => {
    const a = await connect('shared');
    const b = await connect('shared');
    setModel(a, LLAMA);
    await b.until(() => b.frames.find((f) => (f.data as { type?: string }).type === 'cf_agent_state' && f.raw.includes(LLAMA)));
    a.send(chatRequest('r1', [{ id: 'm0', role: 'user', text: 'Hi' }]));
    await a.chat('r1');
    await b.until(() => b.frames.find((f) => (f.data as { type?: string }).type === 'cf_agent_chat_messages'));
    expect(a.frames.some((f) => f.raw.includes('cf_agent_chat_messages'))).toBe(false);
    // a new socket on the instance gets the stored state
    const c = await connect('shared');
    expect(c.frames[1].raw).toContain(LLAMA);
  });
});
