// issue #13: a document longer than the model's window is read in sections through the engine:
// progress frames, the final combined answer, Stop cancelling every request, a rate-limited
// section resuming, a restarted worker resuming the sections left, and "first N characters only".
import { browser } from 'wxt/browser';
import { beforeEach, describe, expect, it } from 'vitest';
import { ChatEngine } from '@/lib/background/engine/engine';
import { recoverInterrupted } from '@/lib/background/engine/recovery';
import { closeDb } from '@/lib/background/storage/db';
import { getMessage, listMessages } from '@/lib/background/storage/messages';
import { contextBlock } from '@/lib/background/surfaces/page-context';
import { plannedMessageIds } from '@/lib/background/documents/plan-store';
import { PENDING_CLEARS_KEY } from '@/lib/background/server-copies';
import { recorder, scriptedStream, type ScriptedCall } from './fake-stream';

const MODEL = '@cf/test/small-window';
const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

beforeEach(async () => {
  await closeDb();
  indexedDB.deleteDatabase('flarechat');
});

function longPage(chars: number): string {
  let text = '';
  for (let i = 0; text.length < chars; i++) text += `Paragraph ${i}: the keeper wrote down the wind, the tide and the ships.\n\n`;
  const { block } = contextBlock('page_content', text.slice(0, chars), { source: 'https://example.com/log', title: 'Logbook' });
  return `Summarize this web page.\n\n${block}`;
}

function engineWith(script: ReturnType<typeof scriptedStream>, retryDelay?: () => number) {
  return new ChatEngine({
    stream: script.stream,
    listModels: () => Promise.resolve({ models: [{ id: MODEL, label: 'small', family: 'test', contextWindow: 4_096 }], source: 'socket' as const, fetchedAt: Date.now() }),
    ...(retryDelay && { retryDelay }),
  });
}

const text = (call: ScriptedCall) => call.req.messages.map((m) => m.text).join('\n');
const part = (call: ScriptedCall) => /part="(\d+)\/(\d+)"/.exec(text(call))?.slice(1).map(Number);

function answerMap(call: ScriptedCall, note: string): Promise<void> {
  call.emit({ type: 'text-delta', text: note });
  call.end({ type: 'finish', reason: 'stop' });
  return Promise.resolve();
}

describe('a document longer than the window', () => {
  it('reads every section (map), then streams the combined answer (reduce), with progress', async () => {
    const script = scriptedStream();
    const engine = engineWith(script);
    const ui = recorder();
    await engine.handle(ui, { type: 'chat-start', requestId: 'r1', text: longPage(30_000), options: { model: MODEL } });
    const sessions = new Set<string>();
    const first = await script.nextCall();
    const [, total] = part(first)!;
    expect(total).toBeGreaterThanOrEqual(3);
    let call = first;
    for (let i = 1; i <= total; i++) {
      expect(part(call)).toEqual([i, total]);
      expect(text(call)).toContain('Request: Summarize this web page.');
      sessions.add(call.req.sessionName);
      await answerMap(call, `note ${i}`);
      call = await script.nextCall();
    }
    // The reduce: every note, in order, and nothing of the page itself.
    expect(text(call)).toContain('note 1');
    expect(text(call)).toContain(`note ${total}`);
    expect(text(call)).not.toContain('<page_content');
    sessions.add(call.req.sessionName);
    call.emit({ type: 'text-delta', text: 'The combined summary.' });
    call.end({ type: 'finish', reason: 'stop' });
    const end = await ui.waitFor('chat-end');
    expect(end.message).toMatchObject({ status: 'done', text: 'The combined summary.', document: { done: total, total, phase: 'reduce' } });
    expect(end.message.document!.notes).toEqual(Array.from({ length: total }, (_, i) => `note ${i + 1}`));
    // Progress went out section by section.
    expect(ui.ofType('doc-progress').map((m) => m.document.done)).toEqual(Array.from({ length: total + 1 }, (_, i) => i));
    // Each step used its own instance (never the conversation's), queued for clearing at the end.
    const conversation = end.conversationId;
    expect(sessions.size).toBe(total + 1);
    const messages = await listMessages(conversation);
    expect(messages).toHaveLength(2);
    await tick();
    expect(await plannedMessageIds()).toEqual(new Set());
    const queued = (await browser.storage.local.get(PENDING_CLEARS_KEY))[PENDING_CLEARS_KEY] as string[];
    expect(new Set(queued)).toEqual(sessions);
  });

  it('Stop cancels the request in flight and nothing else is sent', async () => {
    const script = scriptedStream();
    const engine = engineWith(script);
    const ui = recorder();
    await engine.handle(ui, { type: 'chat-start', requestId: 'r1', text: longPage(30_000), options: { model: MODEL } });
    await answerMap(await script.nextCall(), 'note 1');
    const second = await script.nextCall();
    const started = await ui.waitFor('chat-started');
    await engine.handle(ui, { type: 'chat-stop', conversationId: started.conversationId });
    expect(second.signal.aborted).toBe(true);
    const end = await ui.waitFor('chat-end');
    expect(end.message).toMatchObject({ status: 'stopped', document: { done: 1 } });
    await tick(100);
    expect(script.calls).toHaveLength(2);
    expect(await plannedMessageIds()).toEqual(new Set());
  });

  it('a rate-limited section waits, then the retry resumes at that section', async () => {
    const script = scriptedStream();
    const engine = engineWith(script, () => 30);
    const ui = recorder();
    await engine.handle(ui, { type: 'chat-start', requestId: 'r1', text: longPage(30_000), options: { model: MODEL } });
    await answerMap(await script.nextCall(), 'note 1');
    const limited = await script.nextCall();
    expect(part(limited)![0]).toBe(2);
    limited.end({ type: 'error', code: 'rate-limited', message: '3021: rate limiting' });
    const error = await ui.waitFor('chat-error');
    expect(error.retryAt).toBeDefined();
    const again = await script.nextCall(); // the retry, 30 ms later
    expect(part(again)![0]).toBe(2);
    expect(script.calls.filter((c) => part(c)?.[0] === 1)).toHaveLength(1); // section 1 was not asked again
  });

  it('a restarted worker resumes the sections left, from the stored plan', async () => {
    const script = scriptedStream();
    const engine = engineWith(script);
    const ui = recorder();
    await engine.handle(ui, { type: 'chat-start', requestId: 'r1', text: longPage(30_000), options: { model: MODEL } });
    await answerMap(await script.nextCall(), 'note 1');
    await answerMap(await script.nextCall(), 'note 2');
    const cut = await script.nextCall(); // section 3 in flight when the worker dies
    const [, total] = part(cut)!;
    const started = await ui.waitFor('chat-started');
    engine.dispose();

    // A new worker: start-up recovery queues the answer again instead of marking it interrupted.
    const { interrupted, queued } = await recoverInterrupted();
    expect(interrupted).toBe(0);
    expect(queued.map((m) => m.id)).toEqual([started.messageId]);
    const script2 = scriptedStream();
    const engine2 = engineWith(script2);
    await engine2.requeue(queued);
    let call = await script2.nextCall();
    for (let i = 3; i <= total; i++) {
      expect(part(call)).toEqual([i, total]);
      await answerMap(call, `note ${i}`);
      call = await script2.nextCall();
    }
    expect(text(call)).toContain('note 1');
    call.emit({ type: 'text-delta', text: 'Resumed summary.' });
    call.end({ type: 'finish', reason: 'stop' });
    await engine2.settle();
    await tick();
    const message = await getMessage(started.messageId);
    expect(message).toMatchObject({ status: 'done', text: 'Resumed summary.' });
    expect(message!.document!.notes.slice(0, 2)).toEqual(['note 1', 'note 2']);
    expect(script.calls.length + script2.calls.length).toBe(3 + (total - 2) + 1);
  });

  it('"first N characters only" sends one ordinary request with the document cut', async () => {
    const script = scriptedStream();
    const engine = engineWith(script);
    const ui = recorder();
    await engine.handle(ui, { type: 'chat-start', requestId: 'r1', text: longPage(30_000), options: { model: MODEL } });
    const mapCall = await script.nextCall();
    const progress = await ui.waitFor('doc-progress');
    expect(progress.document.firstChars).toBeGreaterThan(1_000);
    await engine.handle(ui, { type: 'doc-first', conversationId: progress.conversationId, messageId: progress.messageId });
    expect(mapCall.signal.aborted).toBe(true);
    const single = await script.nextCall();
    const sent = text(single);
    expect(sent).toContain('truncated="yes"');
    expect(sent).not.toContain('part="');
    expect(sent.length).toBeLessThan(progress.document.firstChars + 1_000);
    single.emit({ type: 'text-delta', text: 'From the start only.' });
    single.end({ type: 'finish', reason: 'stop' });
    const end = await ui.waitFor('chat-end');
    expect(end.message).toMatchObject({ status: 'done', text: 'From the start only.' });
    expect(end.message.document).toBeUndefined();
  });

  it('a page that fits is one ordinary request', async () => {
    const script = scriptedStream();
    const engine = engineWith(script);
    const ui = recorder();
    await engine.handle(ui, { type: 'chat-start', requestId: 'r1', text: longPage(3_000), options: { model: MODEL } });
    const call = await script.nextCall();
    expect(text(call)).toContain('<page_content');
    expect(part(call)).toBeUndefined();
    await answerMap(call, 'ok');
    await ui.waitFor('chat-end');
    expect(ui.ofType('doc-progress')).toHaveLength(0);
  });
});
