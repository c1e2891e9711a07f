import { beforeEach, describe, expect, it } from 'vitest';
import { ChatEngine } from '@/lib/background/engine/engine';
import { STILL_BLOCKED_MESSAGE } from '@/lib/background/engine/outcome';
import { recoverInterrupted } from '@/lib/background/engine/recovery';
import { MAX_RATE_LIMIT_RETRIES, rateLimitDelay } from '@/lib/background/engine/retry-policy';
import { closeDb } from '@/lib/background/storage/db';
import { listMessages } from '@/lib/background/storage/messages';
import { recorder, scriptedStream } from './fake-stream';

beforeEach(async () => {
  await closeDb();
  indexedDB.deleteDatabase('flarechat');
});

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

describe('rate-limit backoff', () => {
  it('grows exponentially, honours Retry-After, jitters, and stops after three retries', () => {
    const low = [0, 1, 2].map((a) => rateLimitDelay(a, undefined, () => 0));
    const high = [0, 1, 2].map((a) => rateLimitDelay(a, undefined, () => 0.999));
    expect(low).toEqual([1000, 2000, 4000]);
    expect(high.map((d) => Math.round(d! / 100) * 100)).toEqual([2000, 4000, 8000]);
    expect(rateLimitDelay(0, 7000, () => 0)).toBe(7000);
    expect(rateLimitDelay(MAX_RATE_LIMIT_RETRIES, undefined)).toBeUndefined();
  });
});

describe('engine resilience', () => {
  it('retries a rate-limited answer by itself, showing the error and when it will retry', async () => {
    const script = scriptedStream();
    let now = 1_000_000;
    const engine = new ChatEngine({
      stream: script.stream,
      listModels: () => Promise.reject(new Error('unused')),
      now: () => now,
      retryDelay: (attempt, after) => rateLimitDelay(attempt, after, () => 0),
    });
    const ui = recorder();
    await engine.handle(ui, { type: 'chat-start', requestId: 'r1', text: 'hi' });
    (await script.nextCall()).end({ type: 'error', code: 'rate-limited', message: '3021: rate limiting', retryAfterMs: 10 });
    const error = await ui.waitFor('chat-error');
    expect(error.retryAt).toBe(now + 1000);
    expect(error.message).toMatchObject({ status: 'error', error: { code: 'rate-limited', retryAt: now + 1000, attempt: 1 } });
    now += 1000;
    const retry = await script.nextCall(); // fired by the real 1 s timer
    expect(retry.req.requestId).not.toBe('r1');
    const restarted = await ui.waitFor('chat-started', 2);
    expect(restarted.messageId).toBe(error.messageId);
    retry.emit({ type: 'text-delta', text: 'finally' });
    retry.end({ type: 'finish' });
    const end = await ui.waitFor('chat-end');
    expect(end.message).toMatchObject({ id: error.messageId, text: 'finally', status: 'done' });
  });

  it('gives up after three automatic retries, with no retry scheduled', async () => {
    const script = scriptedStream();
    const delays: number[] = [];
    const engine = new ChatEngine({
      stream: script.stream,
      listModels: () => Promise.reject(new Error('unused')),
      // The real policy decides when to stop; the wait itself is shortened for the test.
      retryDelay: (attempt, after) => {
        const real = rateLimitDelay(attempt, after, () => 0);
        if (real !== undefined) delays.push(real);
        return real === undefined ? undefined : 5;
      },
    });
    const ui = recorder();
    await engine.handle(ui, { type: 'chat-start', requestId: 'r1', text: 'hi' });
    for (let i = 0; i <= MAX_RATE_LIMIT_RETRIES; i++) {
      (await script.nextCall()).end({ type: 'error', code: 'rate-limited', message: 'slow down', retryAfterMs: 0 });
      await ui.waitFor('chat-error', i + 1);
    }
    const last = ui.ofType('chat-error').at(-1)!;
    expect(last.retryAt).toBeUndefined();
    expect(script.calls).toHaveLength(MAX_RATE_LIMIT_RETRIES + 1);
    expect(delays).toEqual([1000, 2000, 4000]);
  });

  it('keeps prompts queued while offline and sends them when the network returns', async () => {
    const script = scriptedStream();
    let online = false;
    const engine = new ChatEngine({ stream: script.stream, listModels: () => Promise.reject(new Error('unused')), online: () => online });
    const ui = recorder();
    await engine.handle(ui, { type: 'chat-start', requestId: 'r1', text: 'while offline' });
    const started = await ui.waitFor('chat-started');
    await tick();
    expect(script.calls).toHaveLength(0);
    expect((await listMessages(started.conversationId))[1].status).toBe('queued');
    online = true;
    await engine.handle(ui, { type: 'network-online' });
    const call = await script.nextCall();
    expect(call.req.messages.at(-1)?.text).toBe('while offline');
    call.end({ type: 'finish' });
    await ui.waitFor('chat-end');
  });

  it('a network failure while offline puts the answer back in the queue instead of failing', async () => {
    const script = scriptedStream();
    let online = true;
    const engine = new ChatEngine({ stream: script.stream, listModels: () => Promise.reject(new Error('unused')), online: () => online });
    const ui = recorder();
    await engine.handle(ui, { type: 'chat-start', requestId: 'r1', text: 'q' });
    const first = await script.nextCall();
    online = false;
    first.end({ type: 'error', code: 'network', message: 'Failed to fetch' });
    await tick();
    expect(ui.ofType('chat-error')).toHaveLength(0);
    expect(ui.ofType('chat-status').at(-1)).toMatchObject({ status: 'queued', reason: 'offline' });
    online = true;
    engine.networkOnline();
    const again = await script.nextCall();
    again.emit({ type: 'text-delta', text: 'back' });
    again.end({ type: 'finish' });
    expect((await ui.waitFor('chat-end')).message.status).toBe('done');
    // The requeued attempt keeps the request's frame numbering: surfaces drop seq ≤ the last seen.
    const seqs = ui.received.filter((m) => 'requestId' in m && m.requestId === 'r1' && 'seq' in m).map((m) => (m as { seq: number }).seq);
    expect(seqs.length).toBeGreaterThanOrEqual(5);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('after verification, a still-blocked direct request is retried once through a playground tab, then stops', async () => {
    const script = scriptedStream();
    const verifications: string[] = [];
    const engine = new ChatEngine({
      stream: script.stream,
      listModels: () => Promise.reject(new Error('unused')),
      verify: (job) => Promise.resolve(void verifications.push(job.messageId)),
    });
    const ui = recorder();
    await engine.handle(ui, { type: 'chat-start', requestId: 'r1', text: 'q' });
    (await script.nextCall()).end({ type: 'error', code: 'challenge', message: 'check' });
    const error = await ui.waitFor('chat-error');
    await engine.handle(ui, { type: 'challenge-verify', conversationId: error.conversationId, messageId: error.messageId });
    expect(verifications).toEqual([error.messageId]);
    expect(ui.ofType('chat-status').at(-1)).toMatchObject({ status: 'queued', reason: 'verification' });
    await engine.verified(error.conversationId, error.messageId);
    const direct = await script.nextCall();
    direct.end({ type: 'error', code: 'challenge', message: 'check' });
    const viaTab = await script.nextCall();
    // Handing over to the tab is not a failure: the answer waits (queued), no error flashes in
    // between (its Verify button would start a second verification under the tab attempt).
    expect(ui.ofType('chat-error')).toHaveLength(1);
    expect(ui.ofType('chat-status').slice(-2)).toMatchObject([
      { status: 'queued', reason: 'verification', message: { status: 'queued' } },
      { status: 'streaming' },
    ]);
    viaTab.end({ type: 'error', code: 'challenge', message: 'check' });
    await engine.settle();
    await tick();
    expect(script.calls).toHaveLength(3);
    expect(ui.ofType('chat-error')).toHaveLength(2);
    const final = ui.ofType('chat-error').at(-1)!;
    expect(final).toMatchObject({ code: 'challenge', error: STILL_BLOCKED_MESSAGE });
    expect(final.retryAt).toBeUndefined();
    // The tab attempt continues the direct attempt's request: one frame sequence, strictly increasing.
    const seqs = ui.received.filter((m) => 'requestId' in m && m.requestId === final.requestId && 'seq' in m).map((m) => (m as { seq: number }).seq);
    expect(seqs).toEqual([...new Set(seqs)].sort((a, b) => a - b));
  });

  it('requeues answers that were waiting when the worker died', async () => {
    const script = scriptedStream();
    const dead = new ChatEngine({ stream: script.stream, listModels: () => Promise.reject(new Error('unused')), online: () => false });
    const ui = recorder();
    await dead.handle(ui, { type: 'chat-start', requestId: 'r1', text: 'queued then dead' });
    await ui.waitFor('chat-started');
    const { interrupted, queued } = await recoverInterrupted();
    expect(interrupted).toBe(0);
    expect(queued).toHaveLength(1);
    const engine = new ChatEngine({ stream: script.stream, listModels: () => Promise.reject(new Error('unused')) });
    await engine.requeue(queued);
    const call = await script.nextCall();
    expect(call.req.messages.at(-1)?.text).toBe('queued then dead');
    call.end({ type: 'finish' });
    await engine.settle();
  });
});
