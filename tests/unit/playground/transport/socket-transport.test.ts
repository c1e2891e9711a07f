import { describe, expect, it, vi } from 'vitest';
import type { PlaygroundEvent } from '@/lib/playground/events';
import { socketChat } from '@/lib/playground/socket-transport';
import { socketModelRows } from '@/lib/playground/socket-oneshot';
import type { ChatRequest } from '@/lib/playground/types';
import { fakeAgents, replyWith } from './fakes';

const req: ChatRequest = {
  requestId: 'req_1',
  sessionName: 'flarechat-abc',
  messages: [{ id: 'm0', role: 'user', text: 'Hi' }],
  model: '@cf/meta/llama-3.3-70b-instruct-fp8-fast',
  system: 'Be brief.',
  temperature: 0.3,
};
const fast = { firstByteMs: 300, silenceMs: 300, totalMs: 5_000 };

function run(factory: Parameters<typeof socketChat>[1]['openSocket'], signal = new AbortController().signal, deadlines = fast) {
  const events: PlaygroundEvent[] = [];
  const done = socketChat(req, { signal, emit: (e) => events.push(e), openSocket: factory, deadlines });
  return { events, done };
}

const answer = [
  { type: 'start' },
  { type: 'start-step' },
  { type: 'text-start', id: 't' },
  { type: 'text-delta', id: 't', delta: 'Hello' },
  { type: 'text-delta', id: 't', delta: ' world' },
  { type: 'text-end', id: 't' },
  { type: 'finish-step' },
  { type: 'finish', messageMetadata: { finishReason: 'stop' } },
];

describe('agents socket transport', () => {
  it('sets the state from the server state, then chats, and streams to done:true', async () => {
    const { factory, server } = fakeAgents({ script: replyWith(answer) });
    const { events, done } = run(factory);
    expect(await done).toEqual({ event: { type: 'finish', reason: 'stop' }, refused: false });
    expect(events).toEqual([
      { type: 'text-delta', text: 'Hello' },
      { type: 'text-delta', text: ' world' },
    ]);
    expect(server.urls[0]).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/agents\/playground\/flarechat-abc\?_pk=[0-9a-f-]{36}$|^wss:\/\/playground\.ai\.cloudflare\.com\/agents\/playground\/flarechat-abc\?_pk=[0-9a-f-]{36}$/);
    // The transcript is cleared right before the chat: the server's copy is then exactly what we send.
    expect(server.sent.map((f) => f.type)).toEqual(['cf_agent_state', 'rpc', 'cf_agent_chat_clear', 'cf_agent_use_chat_request']);
    // The client state replaces the server's: unknown server fields are carried over.
    expect(server.sent[0].state).toMatchObject({ model: req.model, system: 'Be brief.', temperature: 0.3, authMethod: 'provider-key', stream: true });
    expect(server.sent[1]).toMatchObject({ method: 'setConfig' });
    const chat = server.sent[3] as { id: string; init: { body: string } };
    expect(chat.id).toBe('req_1');
    expect(JSON.parse(chat.init.body)).toMatchObject({ messages: [{ id: 'm0', role: 'user', parts: [{ type: 'text', text: 'Hi' }] }], trigger: 'submit-message' });
  });

  it('parses each server frame once (the transport hands its parse to the chat parser: issue #16)', async () => {
    const { factory } = fakeAgents({ script: replyWith(answer) });
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const { done } = run(factory);
      expect((await done).event.type).toBe('finish');
      const chatFrames = parse.mock.calls.map(([text]) => text).filter((text) => text.startsWith('{"body"') && text.includes('cf_agent_use_chat_response'));
      // answer.length chunk frames and the done frame, each parsed exactly once.
      expect(chatFrames).toHaveLength(answer.length + 1);
      expect(new Set(chatFrames).size).toBe(answer.length + 1);
    } finally {
      parse.mockRestore();
    }
  });

  it('sends the chat even when the server never answers setConfig', async () => {
    const { factory, server } = fakeAgents({ script: (frame, s) => frame.type === 'cf_agent_use_chat_request' && replyWith(answer)(frame, s) });
    const { done } = run(factory, undefined, { firstByteMs: 5_000, silenceMs: 5_000, totalMs: 10_000 });
    expect((await done).event.type).toBe('finish');
    expect(server.sent.at(-1)?.type).toBe('cf_agent_use_chat_request');
  });

  it('ignores rpc done frames and frames for other requests', async () => {
    // Noise first (other ids, rpc done, history broadcasts), then the real answer.
    const noisy = fakeAgents({
      script: (frame, s) => {
        if (frame.type === 'rpc') s.push({ type: 'rpc', id: frame.id, done: true, success: true, result: null });
        if (frame.type !== 'cf_agent_use_chat_request') return;
        s.push({ type: 'rpc', id: 'other', done: true, result: [] });
        s.push({ body: '', done: true, id: 'someone-else', type: 'cf_agent_use_chat_response' });
        s.push({ type: 'cf_agent_chat_messages', messages: [] });
        replyWith(answer)({ ...frame }, s);
      },
    });
    const { events, done } = run(noisy.factory);
    expect((await done).event).toEqual({ type: 'finish', reason: 'stop' });
    expect(events.map((e) => (e.type === 'text-delta' ? e.text : e.type)).join('')).toBe('Hello world');
  });

  it('reports a socket that closes before it opens as refused (so HTTP is tried)', async () => {
    const { factory } = fakeAgents({ refuse: true });
    const outcome = await run(factory).done;
    expect(outcome.refused).toBe(true);
    expect(outcome.event).toMatchObject({ type: 'error', code: 'network' });
  });

  it('keeps the partial answer and reports network when the socket drops mid-answer', async () => {
    const { factory } = fakeAgents({
      script: (frame, s) => {
        if (frame.type === 'rpc') s.push({ type: 'rpc', id: frame.id, done: true });
        if (frame.type !== 'cf_agent_use_chat_request') return;
        s.push({ body: JSON.stringify({ type: 'text-delta', id: 't', delta: 'Half' }), done: false, id: frame.id, type: 'cf_agent_use_chat_response' });
        s.close(1006);
      },
    });
    const { events, done } = run(factory);
    expect(await done).toMatchObject({ refused: false, event: { type: 'error', code: 'network' } });
    // It tried to resume first; the (idle) server had nothing kept.
    expect(events).toEqual([{ type: 'text-delta', text: 'Half' }, { type: 'status', status: 'reconnecting' }]);
  });

  it('surfaces the in-band rate-limit error', async () => {
    const { factory } = fakeAgents({
      script: replyWith([{ type: 'start' }], { error: true, body: '3021: rate limiting: inference request per min rate reached', done: true }),
    });
    expect((await run(factory).done).event).toMatchObject({ type: 'error', code: 'rate-limited' });
  });

  it('cancels with cf_agent_chat_request_cancel on abort and ends as aborted', async () => {
    const controller = new AbortController();
    const { factory, server } = fakeAgents({
      script: (frame, s) => {
        if (frame.type === 'rpc') s.push({ type: 'rpc', id: frame.id, done: true });
        if (frame.type === 'cf_agent_use_chat_request') {
          s.push({ body: JSON.stringify({ type: 'text-delta', id: 't', delta: 'tok ' }), done: false, id: frame.id, type: 'cf_agent_use_chat_response' });
          setTimeout(() => controller.abort(), 5);
        }
        if (frame.type === 'cf_agent_chat_request_cancel') s.push({ body: '', done: true, id: frame.id, type: 'cf_agent_use_chat_response' });
      },
    });
    const { events, done } = run(factory, controller.signal);
    expect((await done).event).toMatchObject({ type: 'error', code: 'aborted' });
    expect(events).toEqual([{ type: 'text-delta', text: 'tok ' }]);
    expect(server.sent.at(-1)).toEqual({ type: 'cf_agent_chat_request_cancel', id: 'req_1' });
  });

  it('times out on a silent server', async () => {
    const { factory } = fakeAgents({ greet: false });
    const outcome = await run(factory).done;
    expect(outcome.event).toMatchObject({ type: 'error', code: 'timeout' });
  });

  it('lists models over rpc getModels', async () => {
    const rows = [{ name: '@cf/a/b', task: { name: 'Text Generation' } }];
    const { factory, server } = fakeAgents({
      script: (frame, s) => frame.method === 'getModels' && s.push({ done: true, id: frame.id, result: rows, success: true, type: 'rpc' }),
    });
    expect(await socketModelRows(factory)).toEqual(rows);
    expect(server.sent).toMatchObject([{ type: 'rpc', method: 'getModels', args: [] }]);
  });

  it('returns null for models when the socket is refused', async () => {
    expect(await socketModelRows(fakeAgents({ refuse: true }).factory)).toBeNull();
  });
});
