import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import type { PlaygroundEvent } from '@/lib/playground/events';
import { httpChat } from '@/lib/playground/http-transport';
import type { ChatRequest } from '@/lib/playground/types';
import { splitEvery, streamingResponse } from './fakes';

const fixture = (name: string) => readFileSync(`tests/fixtures/playground/${name}`, 'utf8');
const req: ChatRequest = {
  requestId: 'r1',
  sessionName: 's',
  messages: [{ id: 'm0', role: 'user', text: 'Hi' }],
  model: '@cf/meta/llama-3.3-70b-instruct-fp8-fast',
  system: 'Be brief.',
  maxTokens: 512,
};
const fast = { firstByteMs: 200, silenceMs: 200, totalMs: 5_000 };

async function run(fetchImpl: typeof fetch, signal = new AbortController().signal) {
  const events: PlaygroundEvent[] = [];
  const terminal = await httpChat(req, { signal, emit: (e) => events.push(e), fetchImpl, deadlines: fast });
  return { events, terminal };
}
const text = (events: PlaygroundEvent[]) => events.map((e) => (e.type === 'text-delta' ? e.text : '')).join('');

describe('HTTP inference transport', () => {
  it('posts the B/C body with cookies to /api/inference', async () => {
    const fetchImpl = vi.fn<typeof fetch>(() => Promise.resolve(streamingResponse([fixture('aisdk-datastream.txt')], { status: 200 })));
    await run(fetchImpl);
    const [url, init] = fetchImpl.mock.calls[0];
    expect(url).toMatch(/\/api\/inference$/);
    expect(init).toMatchObject({ method: 'POST', credentials: 'include' });
    expect(JSON.parse(init!.body as string)).toEqual({
      messages: [{ id: 'm0', role: 'user', content: 'Hi', parts: [{ type: 'text', text: 'Hi' }] }],
      lora: null,
      model: req.model,
      max_tokens: 512,
      stream: true,
      system_message: 'Be brief.',
      tools: [],
    });
  });

  it.each([
    ['aisdk-datastream.txt', 'Hello! How can I help you today?', 'finish'],
    ['aisdk-uimessage-sse.txt', 'Hello! How can I help you today?', 'finish'],
    ['sse-response.txt', 'Hello! How can I help you today?', 'finish'],
    ['aisdk-datastream-error.txt', '', 'error'],
    ['aisdk-uimessage-sse-error.txt', '', 'error'],
  ])('streams %s split into 5-byte chunks', async (name, expected, terminal) => {
    const { events, terminal: end } = await run(() => Promise.resolve(streamingResponse(splitEvery(fixture(name), 5), { status: 200 })));
    expect(text(events)).toBe(expected);
    expect(end.type).toBe(terminal);
    if (end.type === 'error') expect(end.code).toBe('upstream');
  });

  it('reads usage from the v4 stream', async () => {
    const { terminal } = await run(() => Promise.resolve(streamingResponse([fixture('aisdk-datastream.txt')])));
    expect(terminal).toEqual({ type: 'finish', reason: 'stop', usage: { promptTokens: 23, completionTokens: 9 } });
  });

  it.each([
    [403, { 'cf-mitigated': 'challenge', 'content-type': 'text/html' }, fixture('error-403.html'), 'challenge'],
    [403, { 'content-type': 'text/html' }, fixture('error-403.html'), 'challenge'],
    [429, { 'retry-after': '7' }, 'Too many requests', 'rate-limited'],
    [400, {}, '', 'bad-request'],
    [404, { 'content-type': 'text/plain' }, 'Not found', 'not-found'],
    [502, {}, 'Bad gateway', 'upstream'],
  ])('classifies HTTP %i', async (status, headers, body, code) => {
    const { events, terminal } = await run(() => Promise.resolve(new Response(body === '' ? null : body, { status, headers })));
    expect(events).toEqual([]);
    expect(terminal).toMatchObject({ type: 'error', code });
    if (status === 429) expect(terminal).toMatchObject({ retryAfterMs: 7000 });
  });

  it('reports a dead network as network', async () => {
    const { terminal } = await run(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(terminal).toMatchObject({ type: 'error', code: 'network' });
  });

  it('keeps the partial answer when the body ends without an end marker', async () => {
    const body = 'f:{"messageId":"x"}\n0:"Hel"\n0:"lo"\n';
    const { events, terminal } = await run(() => Promise.resolve(streamingResponse([body])));
    expect(text(events)).toBe('Hello');
    expect(terminal).toMatchObject({ type: 'error', code: 'network' });
  });

  it('times out when the body goes silent mid-answer', async () => {
    const { events, terminal } = await run(() => Promise.resolve(streamingResponse(['0:"Hel"\n'], {}, { close: false })));
    expect(text(events)).toBe('Hel');
    expect(terminal).toMatchObject({ type: 'error', code: 'timeout' });
  });

  it('ends as aborted when stopped mid-answer', async () => {
    const controller = new AbortController();
    const fetchImpl: typeof fetch = (_url, init) =>
      new Promise((resolve) => {
        const stream = new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(new TextEncoder().encode('0:"tok"\n'));
            init?.signal?.addEventListener('abort', () => c.error(new DOMException('aborted', 'AbortError')));
          },
        });
        resolve(new Response(stream));
      });
    setTimeout(() => controller.abort(), 20);
    const { events, terminal } = await run(fetchImpl, controller.signal);
    expect(text(events)).toBe('tok');
    expect(terminal).toMatchObject({ type: 'error', code: 'aborted' });
  });

  it('decodes multi-byte text split mid-character', async () => {
    const body = '0:"Привет, 世界 👋🏽"\nd:{"finishReason":"stop"}\n';
    const { events } = await run(() => Promise.resolve(streamingResponse(splitEvery(body, 1))));
    expect(text(events)).toBe('Привет, 世界 👋🏽');
  });
});
