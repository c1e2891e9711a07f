// Issue #14: the parsers report what they do not recognise to the canary, and only that: frames,
// chunks and lines they ignore on purpose are not news, and known frames cost nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setCanarySink } from '@/lib/playground/canary-hook';
import { createAgentsChatParser } from '@/lib/playground/parse/agents-frames';
import { createHttpBodyParser } from '@/lib/playground/parse/http-body';
import { parseApiModelsResponse } from '@/lib/playground/models';
import type { CanaryKind } from '@/lib/protocol/doctor';

const REQ = 'req-1';
const chat = (chunk: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({ type: 'cf_agent_use_chat_response', id: REQ, body: JSON.stringify(chunk), done: false, ...extra });
let seen: [CanaryKind, unknown][];

beforeEach(() => {
  seen = [];
  setCanarySink((kind, sample) => seen.push([kind, sample]));
});
afterEach(() => setCanarySink(undefined));

describe('parser canary calls', () => {
  it('ws: unknown frame types, unknown chunk types and server rpc calls are recorded; the answer goes on', () => {
    const parser = createAgentsChatParser(REQ);
    const frames = [
      JSON.stringify({ type: 'cf_agent_identity', name: 'x', agent: 'playground' }),
      JSON.stringify({ type: 'cf_agent_state', state: {} }),
      JSON.stringify({ type: 'rpc', id: 'm1', done: true, success: true, result: [] }),
      chat({ type: 'start', messageId: 'm' }),
      chat({ type: 'text-start', id: 't' }),
      chat({ type: 'text-delta', id: 't', delta: 'Hi' }),
      chat({ type: 'data-usage', data: {} }),
      chat({ type: 'tool-input-start', toolCallId: 'c' }),
      JSON.stringify({ type: 'cf_agent_stream_progress', id: REQ, progress: 1 }),
      chat({ type: 'text-delta-v2', delta: { value: 'x' } }),
      JSON.stringify({ type: 'rpc', method: 'notifyClient', args: [], id: 'srv-1' }),
      chat({ type: 'finish' }, { done: true }),
    ];
    const events = frames.flatMap((f) => parser.pushFrame(f));
    expect(events.filter((e) => e.type === 'text-delta')).toEqual([{ type: 'text-delta', text: 'Hi' }]);
    expect(events.at(-1)?.type).toBe('finish');
    expect(seen.map(([kind, sample]) => [kind, (sample as { type: string }).type])).toEqual([
      ['ws-frame', 'cf_agent_stream_progress'],
      ['ui-chunk', 'text-delta-v2'],
      ['rpc-reply', 'rpc'],
    ]);
  });

  it('HTTP: unknown Era A chunks, Era B codes and Era C chunk types are recorded, known ones are not', () => {
    const eraA = createHttpBodyParser(200);
    eraA.push('data: {"response":"a","p":"xx"}\n\ndata: {"tool_calls":[]}\n\ndata: {"meta":{"t":1}}\n\ndata: [DONE]\n\n');
    const eraB = createHttpBodyParser(200);
    eraB.push('f:{"messageId":"m"}\n0:"a"\ne:{"finishReason":"stop"}\nz:"new"\nd:{"finishReason":"stop"}\n');
    const eraC = createHttpBodyParser(200);
    eraC.push('data: {"type":"start"}\n\ndata: {"type":"text-delta","id":"t","delta":"a"}\n\ndata: {"type":"reasoning-summary"}\n\ndata: [DONE]\n\n');
    expect(seen.map(([kind]) => kind)).toEqual(['sse-event', 'datastream-line', 'ui-chunk']);
  });

  it('an unknown body format and a model list of another shape are recorded', () => {
    const parser = createHttpBodyParser(200);
    parser.push('%%binary-ish future format%%');
    parser.end();
    expect(parseApiModelsResponse({ data: [] })).toEqual([]);
    expect(seen.map(([kind]) => kind)).toEqual(['http-format', 'model-row']);
  });
});
