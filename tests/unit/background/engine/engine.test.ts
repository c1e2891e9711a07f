import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatEngine } from '@/lib/background/engine/engine';
import { CONTINUE_PROMPT } from '@/lib/background/engine/history';
import type { TerminalEvent } from '@/lib/playground/events';
import { closeDb } from '@/lib/background/storage/db';
import { listMessages } from '@/lib/background/storage/messages';
import { recorder, scriptedStream } from './fake-stream';

let script: ReturnType<typeof scriptedStream>;
let engine: ChatEngine;

beforeEach(async () => {
  await closeDb();
  indexedDB.deleteDatabase('flarechat');
  script = scriptedStream();
  engine = new ChatEngine({
    stream: script.stream,
    listModels: () => Promise.resolve({ models: [], source: 'bundled', fetchedAt: 0 }),
  });
});

async function startChat(ui = recorder(), text = 'Hi there') {
  await engine.handle(ui, { type: 'chat-start', requestId: 'req1', text });
  const call = await script.nextCall();
  const started = await ui.waitFor('chat-started');
  return { ui, call, started, conversationId: started.conversationId };
}

describe('chat engine', () => {
  it('streams a new turn: chat-started, deltas with increasing seq, one chat-end, stored as done', async () => {
    const { ui, call, started, conversationId } = await startChat();
    expect(started.seq).toBe(0);
    expect(started.messages.map((m) => [m.role, m.text, m.status])).toEqual([
      ['user', 'Hi there', 'done'],
      ['assistant', '', 'queued'],
    ]);
    expect(call.req.messages.map((m) => [m.role, m.text])).toEqual([['user', 'Hi there']]);
    expect(call.req.sessionName).toMatch(/^[A-Za-z0-9_-]{22}$/);
    call.emit({ type: 'text-delta', text: 'Hel' });
    call.emit({ type: 'reasoning-delta', text: 'thinking' });
    call.emit({ type: 'text-delta', text: 'lo' });
    call.end({ type: 'finish', reason: 'stop', usage: { promptTokens: 3, completionTokens: 2 } });
    const end = await ui.waitFor('chat-end');
    const frames = ui.received.filter((m) => 'seq' in m && 'requestId' in m) as { seq: number; type: string }[];
    // Deltas that arrive in the same moment travel as one frame per kind.
    expect(frames.map((f) => f.type)).toEqual(['chat-started', 'chat-status', 'reasoning-delta', 'text-delta', 'chat-end']);
    expect(frames.map((f) => f.seq)).toEqual([0, 1, 2, 3, 4]);
    expect(ui.ofType('text-delta').map((d) => d.text)).toEqual(['Hello']);
    expect(ui.ofType('chat-status')[0]).toMatchObject({ status: 'streaming', message: { status: 'streaming' } });
    expect(end.message).toMatchObject({ text: 'Hello', reasoning: 'thinking', status: 'done', finishReason: 'stop', usage: { completionTokens: 2 } });
    const stored = await listMessages(conversationId);
    expect(stored.map((m) => [m.role, m.text, m.status])).toEqual([
      ['user', 'Hi there', 'done'],
      ['assistant', 'Hello', 'done'],
    ]);
    expect(stored[1].timings?.totalMs).toBeGreaterThanOrEqual(0);
  });

  it('sends deltas that arrive apart without holding them back, and coalesces those that arrive together', async () => {
    const { ui, call } = await startChat();
    call.emit({ type: 'text-delta', text: 'a' });
    await new Promise((r) => setTimeout(r, 5));
    expect(ui.ofType('text-delta').map((d) => d.text)).toEqual(['a']);
    for (const t of ['b', 'c', 'd']) call.emit({ type: 'text-delta', text: t });
    await new Promise((r) => setTimeout(r, 5));
    expect(ui.ofType('text-delta').map((d) => d.text)).toEqual(['a', 'bcd']);
    call.emit({ type: 'text-delta', text: 'e' });
    call.end({ type: 'finish' });
    const end = await ui.waitFor('chat-end');
    // The last delta is flushed before the terminal frame, never after it.
    expect(ui.ofType('text-delta').map((d) => d.text)).toEqual(['a', 'bcd', 'e']);
    expect(end.message.text).toBe('abcde');
  });

  it.each<[string, TerminalEvent | 'throw', string, string]>([
    ['finish', { type: 'finish' }, 'chat-end', 'done'],
    ['upstream error', { type: 'error', code: 'upstream', message: 'boom' }, 'chat-error', 'error'],
    ['rate limit', { type: 'error', code: 'rate-limited', message: '3021' }, 'chat-error', 'error'],
    ['abort', { type: 'error', code: 'aborted', message: 'Stopped.' }, 'chat-end', 'stopped'],
  ])('every request ends in exactly one terminal frame (%s)', async (_name, terminal, frameType, status) => {
    const { ui, call, conversationId } = await startChat();
    call.emit({ type: 'text-delta', text: 'partial' });
    if (terminal !== 'throw') call.end(terminal);
    await engine.settle();
    const terminals = ui.received.filter((m) => m.type === 'chat-end' || m.type === 'chat-error');
    expect(terminals).toHaveLength(1);
    expect(terminals[0].type).toBe(frameType);
    const [, answer] = await listMessages(conversationId);
    expect(answer.status).toBe(status);
    expect(answer.text).toBe('partial');
    if (frameType === 'chat-error') expect(answer.error?.code).toBe((terminal as { code: string }).code);
  });

  it('ends cleanly even when the stream function throws', async () => {
    const ui = recorder();
    const broken = new ChatEngine({
      stream: () => Promise.reject(new Error('bug')),
      listModels: () => Promise.resolve({ models: [], source: 'bundled', fetchedAt: 0 }),
    });
    await broken.handle(ui, { type: 'chat-start', requestId: 'r', text: 'x' });
    await broken.settle();
    const error = await ui.waitFor('chat-error');
    expect(error.code).toBe('protocol');
    expect(error.message.status).toBe('error');
  });

  it('stop keeps the partial answer and marks it stopped', async () => {
    const { ui, call, conversationId } = await startChat();
    call.emit({ type: 'text-delta', text: 'half an ans' });
    await engine.handle(ui, { type: 'chat-stop', conversationId });
    const end = await ui.waitFor('chat-end');
    expect(call.signal.aborted).toBe(true);
    expect(end.message).toMatchObject({ status: 'stopped', text: 'half an ans' });
  });

  it('keeps generating when the UI goes away, and replays the answer so far to a new subscriber', async () => {
    const first = recorder();
    const { call, conversationId } = await startChat(first);
    call.emit({ type: 'text-delta', text: 'one ' });
    engine.hub.drop(first);
    call.emit({ type: 'text-delta', text: 'two ' });
    const second = recorder();
    await engine.handle(second, { type: 'conversation-subscribe', conversationId });
    const snapshot = await second.waitFor('conversation-snapshot');
    expect(snapshot.live).toMatchObject({ text: 'one two ', seq: 2 });
    call.emit({ type: 'text-delta', text: 'three' });
    call.end({ type: 'finish' });
    const end = await second.waitFor('chat-end');
    // Frames at or below the snapshot's seq are already in it (the UI drops them by seq).
    const fresh = second.ofType('text-delta').filter((d) => d.seq > snapshot.live!.seq);
    expect(fresh.map((d) => [d.seq, d.text])).toEqual([[3, 'three']]);
    expect(snapshot.live!.text + fresh.map((d) => d.text).join('')).toBe(end.message.text);
    expect(end.message.text).toBe('one two three');
    expect(first.ofType('chat-end')).toHaveLength(0);
  });

  it('queues a second turn behind the running one and sends it the full history', async () => {
    const { ui, call, conversationId } = await startChat();
    await engine.handle(ui, { type: 'chat-start', requestId: 'req2', conversationId, text: 'Second question' });
    const queued = await ui.waitFor('chat-started', 2);
    expect(queued.messages.at(-1)).toMatchObject({ role: 'assistant', status: 'queued' });
    expect(script.calls).toHaveLength(1);
    call.emit({ type: 'text-delta', text: 'Answer one' });
    call.end({ type: 'finish' });
    const second = await script.nextCall();
    expect(second.req.messages.map((m) => [m.role, m.text])).toEqual([
      ['user', 'Hi there'],
      ['assistant', 'Answer one'],
      ['user', 'Second question'],
    ]);
    expect(second.req.sessionName).toBe(call.req.sessionName);
  });

  it('applies the chosen model to the conversation and the request', async () => {
    const ui = recorder();
    await engine.handle(ui, { type: 'chat-start', requestId: 'm', text: 'hi', options: { model: 'qwen-2.5-coder-32b', temperature: 0.1 } });
    const call = await script.nextCall();
    expect(call.req.model).toBe('@cf/qwen/qwen2.5-coder-32b-instruct');
    expect(call.req.temperature).toBe(0.1);
    const started = await ui.waitFor('chat-started');
    expect(started.conversation.model).toBe('@cf/qwen/qwen2.5-coder-32b-instruct');
  });

  it('regenerates an answer as a new version shown in place of the old one, which is kept (issue #12)', async () => {
    const { ui, call, conversationId, started } = await startChat();
    call.emit({ type: 'text-delta', text: 'first try' });
    call.end({ type: 'finish' });
    await engine.settle();
    const oldAnswer = started.messages[1];
    await engine.handle(ui, { type: 'chat-regenerate', requestId: 'regen', conversationId, messageId: oldAnswer.id });
    const again = await script.nextCall();
    expect(again.req.messages.map((m) => m.text)).toEqual(['Hi there']);
    again.emit({ type: 'text-delta', text: 'second try' });
    again.end({ type: 'finish' });
    await engine.settle();
    const stored = await listMessages(conversationId);
    expect(stored.map((m) => m.text).sort()).toEqual(['Hi there', 'first try', 'second try']);
    const shown = ui.ofType('chat-started').at(-1)!;
    expect(shown.messages.map((m) => m.text)).toEqual(['Hi there', '']);
    expect(shown.messages[1].id).not.toBe(oldAnswer.id);
  });

  it('edits a user message as a new version, keeps the old branch and answers the new text (issue #12)', async () => {
    const { ui, call, conversationId, started } = await startChat();
    call.end({ type: 'finish' });
    await engine.settle();
    await engine.handle(ui, { type: 'chat-edit', requestId: 'edit', conversationId, messageId: started.messages[0].id, text: 'Edited' });
    const again = await script.nextCall();
    expect(again.req.messages.map((m) => [m.role, m.text])).toEqual([['user', 'Edited']]);
    again.emit({ type: 'text-delta', text: 'new answer' });
    again.end({ type: 'finish' });
    await engine.settle();
    expect((await listMessages(conversationId)).map((m) => m.text).sort()).toEqual(['', 'Edited', 'Hi there', 'new answer']);
    expect(ui.ofType('chat-started').at(-1)!.messages.map((m) => m.text)).toEqual(['Edited', '']);
  });

  it('continues a stopped answer in place, appending to its text', async () => {
    const { ui, call, conversationId, started } = await startChat();
    call.emit({ type: 'text-delta', text: 'The start' });
    await engine.handle(ui, { type: 'chat-stop', conversationId });
    await engine.settle();
    await engine.handle(ui, { type: 'chat-continue', requestId: 'cont', conversationId, messageId: started.messages[1].id });
    const again = await script.nextCall();
    expect(again.req.messages.map((m) => [m.role, m.text])).toEqual([
      ['user', 'Hi there'],
      ['assistant', 'The start'],
      ['user', CONTINUE_PROMPT],
    ]);
    again.emit({ type: 'text-delta', text: ' and the end' });
    again.end({ type: 'finish' });
    await engine.settle();
    const [, answer] = await listMessages(conversationId);
    expect(answer).toMatchObject({ id: started.messages[1].id, text: 'The start and the end', status: 'done' });
  });

  it('cancels a queued turn with chat-stop, keeping the running one', async () => {
    const { ui, call, conversationId } = await startChat();
    await engine.handle(ui, { type: 'chat-start', requestId: 'req2', conversationId, text: 'later' });
    const queued = await ui.waitFor('chat-started', 2);
    await engine.handle(ui, { type: 'chat-stop', conversationId, messageId: queued.messageId });
    const end = await ui.waitFor('chat-end');
    expect(end).toMatchObject({ messageId: queued.messageId, message: { status: 'stopped' } });
    expect(call.signal.aborted).toBe(false);
    call.end({ type: 'finish' });
    await engine.settle();
    expect(script.calls).toHaveLength(1);
  });

  it('runs at most two generations at once across conversations', async () => {
    const ui = recorder();
    for (const id of ['a', 'b', 'c']) await engine.handle(ui, { type: 'chat-start', requestId: `r${id}`, text: id });
    // Polled, not a fixed sleep: a loaded CI machine may take longer than any fixed wait.
    const started = () => script.calls.map((c) => c.req.messages.at(-1)?.text);
    await vi.waitFor(() => expect(started()).toEqual(['a', 'b']), { timeout: 5_000 });
    await new Promise((r) => setTimeout(r, 30));
    expect(started()).toEqual(['a', 'b']); // 'c' waits as queued
    script.calls[0].end({ type: 'finish' });
    await vi.waitFor(() => expect(started()).toEqual(['a', 'b', 'c']), { timeout: 5_000 });
    script.calls[1].end({ type: 'finish' });
    script.calls[2].end({ type: 'finish' });
  });

  it('rejects redo requests that make no sense', async () => {
    const { ui, call, conversationId, started } = await startChat();
    call.end({ type: 'finish' });
    await engine.settle();
    const [user, answer] = started.messages;
    await engine.handle(ui, { type: 'chat-regenerate', requestId: 'a', conversationId, messageId: user.id });
    await engine.handle(ui, { type: 'chat-edit', requestId: 'b', conversationId, messageId: answer.id, text: 'x' });
    await engine.handle(ui, { type: 'chat-continue', requestId: 'c', conversationId, messageId: answer.id });
    await engine.handle(ui, { type: 'chat-regenerate', requestId: 'd', conversationId, messageId: 'missing' });
    expect(ui.ofType('request-rejected').map((r) => r.requestId)).toEqual(['a', 'b', 'c', 'd']);
    expect(script.calls).toHaveLength(1);
  });

  it('answers a subscribe to an unknown conversation with conversation-missing', async () => {
    const ui = recorder();
    await engine.handle(ui, { type: 'conversation-subscribe', conversationId: 'nope' });
    expect(ui.received).toEqual([{ type: 'conversation-missing', conversationId: 'nope' }]);
  });
});
