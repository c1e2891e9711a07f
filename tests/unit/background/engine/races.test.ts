// Issue #11, engine items: retry, keep-alive, stop and verification races, each with a restarted
// engine or fake timers where the race needs one.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatEngine } from '@/lib/background/engine/engine';
import { heldAwake } from '@/lib/background/engine/keepalive';
import { recoverInterrupted } from '@/lib/background/engine/recovery';
import { getMessage, listMessages } from '@/lib/background/storage/messages';
import { emptyDatabase, engineWith } from './engine-setup';
import { recorder, scriptedStream } from './fake-stream';

beforeEach(emptyDatabase);
afterEach(() => {
  vi.useRealTimers();
});

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

/** A chat whose first answer failed with a rate limit; a retry is scheduled after `delay` ms. */
async function rateLimited(engine: ChatEngine, script: ReturnType<typeof scriptedStream>, ui = recorder(), text = 'hi') {
  await engine.handle(ui, { type: 'chat-start', requestId: `r-${text}`, text });
  (await script.nextCall()).end({ type: 'error', code: 'rate-limited', message: '3021', retryAfterMs: 0 });
  const error = await ui.waitFor('chat-error');
  expect(error.retryAt).toBeDefined();
  return { ui, error, conversationId: error.conversationId, messageId: error.messageId };
}

describe('item 4: a worker restart during verification sends the prompt once', () => {
  it('start-up does not requeue an answer that waits for the playground check; the check sends it once', async () => {
    const script = scriptedStream();
    const verifications: string[] = [];
    const first = engineWith(script, { verify: (job) => Promise.resolve(void verifications.push(job.messageId)) });
    const ui = recorder();
    await first.handle(ui, { type: 'chat-start', requestId: 'r1', text: 'q' });
    (await script.nextCall()).end({ type: 'error', code: 'challenge', message: 'check' });
    const error = await ui.waitFor('chat-error');
    await first.handle(ui, { type: 'challenge-verify', conversationId: error.conversationId, messageId: error.messageId });
    expect(verifications).toEqual([error.messageId]);
    // The worker restarts while the user solves the check.
    const { queued } = await recoverInterrupted();
    const second = engineWith(script);
    await second.requeue(queued);
    await tick();
    expect(script.calls).toHaveLength(1);
    await Promise.all([second.verified(error.conversationId, error.messageId), second.verified(error.conversationId, error.messageId)]);
    const again = await script.nextCall();
    again.emit({ type: 'text-delta', text: 'the answer' });
    again.end({ type: 'finish' });
    await second.settle();
    await tick();
    expect(script.calls).toHaveLength(2);
    expect((await listMessages(error.conversationId)).map((m) => [m.text, m.status])).toEqual([
      ['q', 'done'],
      ['the answer', 'done'],
    ]);
  });

  it('the scheduler refuses a second job for a message that is already waiting or running', async () => {
    const script = scriptedStream();
    const first = engineWith(script, { online: () => false });
    const ui = recorder();
    await first.handle(ui, { type: 'chat-start', requestId: 'r1', text: 'queued twice' });
    await ui.waitFor('chat-started');
    const { queued } = await recoverInterrupted();
    const engine = engineWith(script);
    await engine.requeue(queued);
    await engine.requeue(queued);
    const call = await script.nextCall();
    call.end({ type: 'finish' });
    await engine.settle();
    await tick();
    expect(script.calls).toHaveLength(1);
  });
});

describe('item 5: the keep-alive is released when a scheduled retry is replaced', () => {
  it.each([
    ['Retry', undefined],
    ['Try lighter model', { model: 'llama-3.2-1b' }],
  ])('%s during the countdown', async (_name, options) => {
    const script = scriptedStream();
    const engine = engineWith(script, { retryDelay: () => 60_000 });
    const base = heldAwake();
    const { ui, conversationId, messageId } = await rateLimited(engine, script);
    await tick();
    expect(heldAwake()).toBe(base + 1); // the countdown holds the worker awake
    await engine.handle(ui, { type: 'chat-regenerate', requestId: 'again', conversationId, messageId, options });
    const call = await script.nextCall();
    call.end({ type: 'finish' });
    await engine.settle();
    await tick();
    expect(heldAwake()).toBe(base);
  });
});

describe('item 6: Stop only stops what it names', () => {
  it("Stop in one conversation leaves another conversation's scheduled retry alone", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true });
    const script = scriptedStream();
    const engine = engineWith(script, { retryDelay: () => 5_000 });
    const base = heldAwake();
    const a = await rateLimited(engine, script, recorder(), 'a');
    const b = await rateLimited(engine, script, recorder(), 'b');
    await engine.handle(a.ui, { type: 'chat-stop', conversationId: a.conversationId });
    expect((await getMessage(a.messageId))?.status).toBe('stopped');
    await vi.advanceTimersByTimeAsync(5_000);
    const retry = await script.nextCall();
    expect(retry.req.messages.at(-1)?.text).toBe('b');
    retry.end({ type: 'finish' });
    await engine.settle();
    expect(script.calls).toHaveLength(3);
    expect((await getMessage(b.messageId))?.status).toBe('done');
    expect(heldAwake()).toBe(base);
  });

  it('Stop ends an answer waiting for verification as stopped, and a later pass does not send it', async () => {
    const script = scriptedStream();
    const engine = engineWith(script, { verify: () => Promise.resolve() });
    const ui = recorder();
    await engine.handle(ui, { type: 'chat-start', requestId: 'r1', text: 'q' });
    (await script.nextCall()).end({ type: 'error', code: 'challenge', message: 'check' });
    const error = await ui.waitFor('chat-error');
    await engine.handle(ui, { type: 'challenge-verify', conversationId: error.conversationId, messageId: error.messageId });
    await engine.handle(ui, { type: 'chat-stop', conversationId: error.conversationId });
    const end = await ui.waitFor('chat-end');
    expect(end).toMatchObject({ messageId: error.messageId, message: { status: 'stopped' } });
    await engine.verified(error.conversationId, error.messageId);
    await tick();
    expect(script.calls).toHaveLength(1);
    expect((await getMessage(error.messageId))?.status).toBe('stopped');
  });
});

describe('item 10: a rate-limit retry survives the worker', () => {
  it('a restarted engine runs the retry the stopped worker had scheduled, once, at its time', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], shouldAdvanceTime: true });
    const script = scriptedStream();
    const alarms = new Map<string, number>();
    const alarmApi = { create: (name: string, when: number) => void alarms.set(name, when), clear: (name: string) => void alarms.delete(name) };
    const dying = engineWith(script, { retryDelay: () => 10_000, alarms: alarmApi });
    const { messageId } = await rateLimited(dying, script);
    // The alarm wakes a stopped worker at the retry time.
    expect([...alarms.values()]).toEqual([(await getMessage(messageId))!.error!.retryAt]);
    dying.dispose(); // the worker stops: its timers are gone
    const { queued } = await recoverInterrupted();
    const engine = engineWith(script, { retryDelay: () => 10_000, alarms: alarmApi });
    await engine.requeue(queued);
    await vi.advanceTimersByTimeAsync(9_000);
    expect(script.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    const retry = await script.nextCall();
    retry.emit({ type: 'text-delta', text: 'ok' });
    retry.end({ type: 'finish' });
    await engine.settle();
    // The alarm of the consumed retry is cleared, and firing it anyway does nothing.
    expect(alarms.size).toBe(0);
    await engine.alarm(`retry:${messageId}`);
    await tick();
    expect(script.calls).toHaveLength(2);
    expect(await getMessage(messageId)).toMatchObject({ status: 'done', text: 'ok' });
  });
});
