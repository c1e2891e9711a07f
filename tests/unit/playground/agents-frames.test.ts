// Era D frames: the shared fixtures, the captured server scenarios, and replay after a reconnect.
import { describe, expect, it } from 'vitest';
import type { PlaygroundEvent } from '@/lib/playground/events';
import { createAgentsChatParser, parseFrame } from '@/lib/playground/parse/agents-frames';
import { CONNECTION_CLOSED_MESSAGE } from '@/lib/playground/parse/sink';
import { fixtureText, lines } from './helpers';

function run(requestId: string, frames: string[], close = false): PlaygroundEvent[] {
  const parser = createAgentsChatParser(requestId);
  const events = frames.flatMap((frame) => parser.pushFrame(frame));
  if (close) events.push(...parser.end());
  return events;
}

interface CapturedFrame {
  scenario: string;
  dir: 'in' | 'out' | 'meta';
  raw?: string;
}

const captured: CapturedFrame[] = fixtureText('playground/server-captures/era-d-frames.jsonl')
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => JSON.parse(line) as CapturedFrame);

function inFrames(scenario: string): string[] {
  const frames = captured.filter((f) => f.scenario === scenario && f.dir === 'in').map((f) => f.raw!);
  expect(frames.length).toBeGreaterThan(0);
  return frames;
}

const chat = (id: string, body: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ body, done: false, id, type: 'cf_agent_use_chat_response', ...extra });
const chunk = (value: Record<string, unknown>) => JSON.stringify(value);
const delta = (text: string) => chunk({ type: 'text-delta', id: 't1', delta: text });
const doneFrame = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ body: '', done: true, id, type: 'cf_agent_use_chat_response', ...extra });

describe('shared fixtures', () => {
  it('agents-ws-frames.jsonl line by line: only kq3VdJ0m chat frames count, done ends with the reason', () => {
    expect(run('kq3VdJ0m', lines('playground/agents-ws-frames.jsonl'))).toStrictEqual([
      { type: 'text-delta', text: 'Hello' },
      { type: 'text-delta', text: '!' },
      { type: 'text-delta', text: ' How can I help you today?' },
      { type: 'finish', reason: 'stop' },
    ]);
  });
  it('agents-ws-frames-error.jsonl: error:true then done → one error terminal', () => {
    expect(run('kq3VdJ0m', lines('playground/agents-ws-frames-error.jsonl'), true)).toStrictEqual([
      { type: 'error', code: 'upstream', message: 'An error occurred.' },
    ]);
  });
  it('frames for another request id yield nothing', () => {
    expect(run('someone-else', lines('playground/agents-ws-frames.jsonl'))).toStrictEqual([]);
  });
  it('parseFrame exposes state, rpc and identity frames to the transport', () => {
    const [identity, state, , resumeNone, rpc] = lines('playground/agents-ws-frames.jsonl');
    expect(parseFrame(identity)).toStrictEqual({
      name: 'Cloudflare-AI-Playground-V1StGXR8_Z5jdHi6B-myT', agent: 'playground', type: 'cf_agent_identity',
    });
    expect(parseFrame(state)?.type).toBe('cf_agent_state');
    expect((parseFrame(state)?.state as Record<string, unknown>).model).toBe('@cf/moonshotai/kimi-k2.6');
    expect(parseFrame(resumeNone)).toStrictEqual({ type: 'cf_agent_stream_resume_none' });
    expect(parseFrame(rpc)).toMatchObject({ type: 'rpc', done: true, success: true, id: '9f1c2b7e-3a4d-4c5e-8f60-1a2b3c4d5e6f' });
    expect(parseFrame('not json')).toBeNull();
    expect(parseFrame('[1,2]')).toBeNull();
    expect(parseFrame('{"type":42,"x":1}')).toStrictEqual({ x: 1 });
  });
});

describe('era-d-frames.jsonl server scenarios ("in" frames)', () => {
  it('basic two turns: each request id sees only its own answer', () => {
    const frames = inFrames('basic-two-turns');
    expect(run('req_ab12cd34', frames)).toStrictEqual([
      { type: 'text-delta', text: 'Hello' },
      { type: 'text-delta', text: '! You said: ' },
      { type: 'text-delta', text: 'Hi' },
      { type: 'finish', reason: 'stop' },
    ]);
    expect(run('req_second02', frames)).toStrictEqual([
      { type: 'text-delta', text: 'Hello' },
      { type: 'text-delta', text: '! You said: ' },
      { type: 'text-delta', text: 'Second question' },
      { type: 'finish', reason: 'stop' },
    ]);
  });
  it('origin-chrome-extension: same answers', () => {
    expect(run('req_ab12cd34', inFrames('origin-chrome-extension'))).toStrictEqual([
      { type: 'text-delta', text: 'Hello' },
      { type: 'text-delta', text: '! You said: ' },
      { type: 'text-delta', text: 'Hi' },
      { type: 'finish', reason: 'stop' },
    ]);
  });
  it('error thrown by binding: rate-limited with the raw 3021 text, done ignored', () => {
    expect(run('req_x', inFrames('error-thrown-by-binding'), true)).toStrictEqual([
      { type: 'error', code: 'rate-limited', message: '3021: rate limiting: inference request per min rate reached', retryAfterMs: expect.any(Number) },
    ]);
  });
  it('error mid-stream: error and done in ONE frame → partial text, then the error', () => {
    expect(run('req_x', inFrames('error-mid-stream-rpc-artefact'), true)).toStrictEqual([
      { type: 'text-delta', text: 'Hello' },
      { type: 'error', code: 'upstream', message: 'ReadableStream received over RPC disconnected prematurely.' },
    ]);
  });
  it('cancel: bare done after partial text → finish with no reason (the transport maps it to aborted)', () => {
    expect(run('req_x', inFrames('cancel'), true)).toStrictEqual([
      { type: 'text-delta', text: 'tok0 ' },
      { type: 'text-delta', text: 'tok1 ' },
      { type: 'text-delta', text: 'tok2 ' },
      { type: 'text-delta', text: 'tok3 ' },
      { type: 'text-delta', text: 'tok4 ' },
      { type: 'finish' },
    ]);
  });
});

describe('terminal rules', () => {
  it('rpc frames with done:true are not the end', () => {
    const parser = createAgentsChatParser('r1');
    expect(parser.pushFrame('{"done":true,"id":"r1","result":null,"success":true,"type":"rpc"}')).toStrictEqual([]);
    expect(parser.pushFrame(chat('r1', delta('A')))).toStrictEqual([{ type: 'text-delta', text: 'A' }]);
    expect(parser.done).toBe(false);
  });
  it('finish-step, finish and chat_messages broadcasts are not the end; done is', () => {
    const events = run('r1', [
      chat('r1', delta('one')),
      chat('r1', chunk({ type: 'finish-step' })),
      '{"type":"cf_agent_chat_messages","messages":[]}',
      chat('r1', chunk({ type: 'start-step' })),
      chat('r1', delta(' two')),
      chat('r1', chunk({ type: 'finish', messageMetadata: { finishReason: 'length' } })),
      doneFrame('r1'),
      chat('r1', delta('ignored after the terminal')),
    ]);
    expect(events).toStrictEqual([
      { type: 'text-delta', text: 'one' },
      { type: 'text-delta', text: ' two' },
      { type: 'finish', reason: 'length' },
    ]);
  });
  it('error with a JSON {message, details} body (2026 live app)', () => {
    const body = JSON.stringify({ message: '3021: rate limiting: inference request per min rate reached', details: 'upstream' });
    expect(run('r1', [chat('r1', body, { error: true, done: true })])).toStrictEqual([
      { type: 'error', code: 'rate-limited', message: '3021: rate limiting: inference request per min rate reached', retryAfterMs: expect.any(Number) },
    ]);
  });
  it('socket closing after finish but before done → finish; closing mid-answer → network error; nothing → network error', () => {
    expect(run('r1', [chat('r1', delta('A')), chat('r1', chunk({ type: 'finish' }))], true)).toStrictEqual([
      { type: 'text-delta', text: 'A' },
      { type: 'finish' },
    ]);
    expect(run('r1', [chat('r1', delta('A'))], true)).toStrictEqual([
      { type: 'text-delta', text: 'A' },
      { type: 'error', code: 'network', message: CONNECTION_CLOSED_MESSAGE },
    ]);
    expect(run('r1', [], true)).toStrictEqual([{ type: 'error', code: 'network', message: CONNECTION_CLOSED_MESSAGE }]);
  });
  it('end() after the terminal adds nothing', () => {
    const parser = createAgentsChatParser('r1');
    parser.pushFrame(doneFrame('r1'));
    expect(parser.end()).toStrictEqual([]);
    expect(parser.pushFrame(doneFrame('r1'))).toStrictEqual([]);
  });
  it('an error chunk inside a body is the terminal', () => {
    expect(run('r1', [chat('r1', chunk({ type: 'error', errorText: 'boom' })), doneFrame('r1')])).toStrictEqual([
      { type: 'error', code: 'upstream', message: 'boom' },
    ]);
  });
  it('reasoning deltas come through', () => {
    expect(run('r1', [chat('r1', chunk({ type: 'reasoning-delta', id: 'r', delta: 'think' })), doneFrame('r1')])).toStrictEqual([
      { type: 'reasoning-delta', text: 'think' },
      { type: 'finish' },
    ]);
  });
});

describe('resume and replay (no duplicated text)', () => {
  it('replayed chunks already applied live are skipped; new ones are applied', () => {
    const parser = createAgentsChatParser('r1');
    const out: PlaygroundEvent[] = [];
    for (const f of [chat('r1', chunk({ type: 'start' })), chat('r1', delta('A')), chat('r1', delta('B'))]) {
      out.push(...parser.pushFrame(f));
    }
    // Reconnect: the server offers the stream, then replays it from chunk 0.
    out.push(...parser.pushFrame('{"type":"cf_agent_stream_resuming","id":"r1"}'));
    for (const f of [
      chat('r1', chunk({ type: 'start' }), { replay: true }),
      chat('r1', delta('A'), { replay: true }),
      chat('r1', delta('B'), { replay: true }),
      chat('r1', delta('C'), { replay: true }), // sent while we were away
      chat('r1', '', { replay: true, replayComplete: true }),
      chat('r1', delta('D')),
      doneFrame('r1'),
    ]) {
      out.push(...parser.pushFrame(f));
    }
    expect(out).toStrictEqual([
      { type: 'text-delta', text: 'A' },
      { type: 'text-delta', text: 'B' },
      { type: 'text-delta', text: 'C' },
      { type: 'text-delta', text: 'D' },
      { type: 'finish' },
    ]);
  });
  it('a second reconnect replays from 0 again and is still deduplicated; replay can end with done', () => {
    const replayAll = (texts: string[]) => texts.map((t) => chat('r1', delta(t), { replay: true, continuation: true }));
    const events = run('r1', [
      chat('r1', delta('A')),
      ...replayAll(['A', 'B']),
      chat('r1', '', { replay: true, replayComplete: true }),
      chat('r1', delta('C')),
      '{"type":"cf_agent_stream_resuming","id":"r1"}',
      ...replayAll(['A', 'B', 'C', 'D']),
      doneFrame('r1', { replay: true }),
    ]);
    expect(events).toStrictEqual([
      { type: 'text-delta', text: 'A' },
      { type: 'text-delta', text: 'B' },
      { type: 'text-delta', text: 'C' },
      { type: 'text-delta', text: 'D' },
      { type: 'finish' },
    ]);
  });
  it('frames stamped with seq are deduplicated by seq', () => {
    const events = run('r1', [
      chat('r1', delta('A'), { seq: 0 }),
      chat('r1', delta('B'), { seq: 1 }),
      chat('r1', delta('B'), { seq: 1, replay: true }),
      chat('r1', delta('C'), { seq: 2, replay: true }),
      chat('r1', delta('D'), { seq: 3 }),
      doneFrame('r1'),
    ]);
    expect(events).toStrictEqual([
      { type: 'text-delta', text: 'A' },
      { type: 'text-delta', text: 'B' },
      { type: 'text-delta', text: 'C' },
      { type: 'text-delta', text: 'D' },
      { type: 'finish' },
    ]);
  });
  it('resume_none: ignored before our stream started, interrupted after', () => {
    const none = '{"type":"cf_agent_stream_resume_none"}';
    expect(run('r1', [none, chat('r1', delta('A')), doneFrame('r1')])).toStrictEqual([
      { type: 'text-delta', text: 'A' },
      { type: 'finish' },
    ]);
    expect(run('r1', [chat('r1', delta('A')), none])).toStrictEqual([
      { type: 'text-delta', text: 'A' },
      { type: 'error', code: 'network', message: CONNECTION_CLOSED_MESSAGE },
    ]);
  });
  it('a resuming offer for another request does not disturb ours', () => {
    expect(run('r1', [
      chat('r1', delta('A')),
      '{"type":"cf_agent_stream_resuming","id":"other"}',
      chat('other', delta('X'), { replay: true }),
      chat('r1', delta('B')),
      doneFrame('r1'),
    ])).toStrictEqual([
      { type: 'text-delta', text: 'A' },
      { type: 'text-delta', text: 'B' },
      { type: 'finish' },
    ]);
  });
});
