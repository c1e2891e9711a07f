// Compare models (issue #15), the engine: three columns stream at once, each with its own model
// and playground instance; stop one, stop all, a rate-limited column counts down alone, retry
// one column in place, "Continue with this one", and a worker restart mid-comparison.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatEngine } from '@/lib/background/engine/engine';
import { recoverInterrupted } from '@/lib/background/engine/recovery';
import { getConversation } from '@/lib/background/storage/conversations';
import { getMessage, listMessages } from '@/lib/background/storage/messages';
import { visiblePath } from '@/lib/protocol/branches';
import { emptyDatabase, engineWith } from './engine-setup';
import { recorder, scriptedStream, type ScriptedCall } from './fake-stream';

const A = '@cf/meta/llama-3.1-8b-instruct';
const B = '@cf/qwen/qwen3-30b-a3b-fp8';
const C = '@cf/openai/gpt-oss-20b';

beforeEach(emptyDatabase);
afterEach(() => vi.useRealTimers());

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

async function compare(engine: ChatEngine, script: ReturnType<typeof scriptedStream>, models = [A, B, C], ui = recorder()) {
  await engine.handle(ui, { type: 'compare-start', requestId: 'cmp1', text: 'Which is best?', models });
  const calls: ScriptedCall[] = [];
  for (let i = 0; i < models.length; i++) calls.push(await script.nextCall());
  const started = await ui.waitFor('chat-started', models.length);
  const conversationId = started.conversationId;
  const columns = (await listMessages(conversationId)).filter((m) => m.compareGroup);
  const byModel = (model: string) => calls.find((c) => c.req.model === model)!;
  const column = (model: string) => columns.find((c) => c.model === model)!;
  return { ui, calls, conversationId, columns, byModel, column, group: columns[0].compareGroup! };
}

describe('compare: the engine', () => {
  it('runs every column at once, each with its own model and instance, under one user message', async () => {
    const script = scriptedStream();
    const engine = engineWith(script);
    const { calls, columns, conversationId, ui } = await compare(engine, script);
    expect(calls.map((c) => c.req.model).sort()).toEqual([A, B, C].sort());
    expect(new Set(calls.map((c) => c.req.sessionName)).size).toBe(3);
    const conversation = await getConversation(conversationId);
    expect(calls.map((c) => c.req.sessionName)).not.toContain(conversation?.sessionName);
    for (const call of calls) expect(call.req.messages.map((m) => [m.role, m.text])).toEqual([['user', 'Which is best?']]);
    const user = (await listMessages(conversationId)).find((m) => m.role === 'user')!;
    expect(columns.map((c) => [c.parentId, c.seq, c.status])).toEqual([
      [user.id, 1, 'streaming'],
      [user.id, 1, 'streaming'],
      [user.id, 1, 'streaming'],
    ]);
    expect(new Set(columns.map((c) => c.compareGroup)).size).toBe(1);
    // The first chat-started answers the page's requestId (its pending prompt).
    expect(ui.ofType('chat-started')[0].requestId).toBe('cmp1');
    for (const call of calls) call.end({ type: 'finish', reason: 'stop' });
    await engine.settle();
  });

  it('stops one column without touching the others, then Stop all stops the rest; each ends exactly once', async () => {
    const script = scriptedStream();
    const engine = engineWith(script);
    const { ui, conversationId, byModel, column, group } = await compare(engine, script);
    byModel(A).emit({ type: 'text-delta', text: 'slow' });
    await engine.handle(ui, { type: 'compare-stop', conversationId, messageId: column(A).id });
    await tick();
    expect(byModel(A).signal.aborted).toBe(true);
    expect(byModel(B).signal.aborted).toBe(false);
    byModel(B).emit({ type: 'text-delta', text: 'B answer' });
    byModel(B).end({ type: 'finish', reason: 'stop' });
    await tick();
    await engine.handle(ui, { type: 'compare-stop', conversationId, compareGroup: group });
    await engine.settle();
    expect(byModel(C).signal.aborted).toBe(true);
    const stored = new Map((await listMessages(conversationId)).map((m) => [m.id, m]));
    expect([A, B, C].map((m) => stored.get(column(m).id)?.status)).toEqual(['stopped', 'done', 'stopped']);
    expect(stored.get(column(A).id)?.text).toBe('slow');
    const terminal = [...ui.ofType('chat-end'), ...ui.ofType('chat-error')];
    for (const m of [A, B, C]) expect(terminal.filter((f) => f.messageId === column(m).id)).toHaveLength(1);
  });

  it('a rate-limited column counts down to its own retry while the others go on, then recovers alone', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true });
    const script = scriptedStream();
    const engine = engineWith(script, { retryDelay: () => 3_000 });
    const { ui, conversationId, byModel, column } = await compare(engine, script);
    byModel(B).end({ type: 'error', code: 'rate-limited', message: '3021: rate limiting', retryAfterMs: 0 });
    const error = await ui.waitFor('chat-error');
    expect(error).toMatchObject({ messageId: column(B).id, code: 'rate-limited' });
    expect(error.retryAt).toBeDefined();
    byModel(A).emit({ type: 'text-delta', text: 'A goes on' });
    byModel(A).end({ type: 'finish', reason: 'stop' });
    await vi.advanceTimersByTimeAsync(3_000);
    const retry = await script.nextCall();
    expect(retry.req.model).toBe(B);
    expect(retry.req.sessionName).toBe(byModel(B).req.sessionName);
    retry.emit({ type: 'text-delta', text: 'B after all' });
    retry.end({ type: 'finish', reason: 'length' });
    byModel(C).end({ type: 'finish', reason: 'stop' });
    await engine.settle();
    await tick();
    const stored = await listMessages(conversationId);
    expect(stored.find((m) => m.id === column(B).id)).toMatchObject({ status: 'done', text: 'B after all', finishReason: 'length' });
    expect(stored.find((m) => m.id === column(A).id)).toMatchObject({ status: 'done', text: 'A goes on' });
  });

  it('Retry on a failed column runs that column again in place, with a lighter model if asked', async () => {
    const script = scriptedStream();
    const engine = engineWith(script);
    const { ui, conversationId, byModel, column } = await compare(engine, script);
    byModel(C).end({ type: 'error', code: 'model-not-found', message: '5007: model not found' });
    await ui.waitFor('chat-error');
    await engine.handle(ui, { type: 'chat-regenerate', requestId: 'again', conversationId, messageId: column(C).id, options: { model: '@cf/meta/llama-3.2-1b-instruct' } });
    const again = await script.nextCall();
    expect(again.req.model).toBe('@cf/meta/llama-3.2-1b-instruct');
    expect(byModel(A).signal.aborted).toBe(false);
    again.end({ type: 'finish', reason: 'stop' });
    byModel(A).end({ type: 'finish', reason: 'stop' });
    byModel(B).end({ type: 'finish', reason: 'stop' });
    await engine.settle();
    const columns = (await listMessages(conversationId)).filter((m) => m.compareGroup);
    expect(columns).toHaveLength(3);
    expect(columns.find((m) => m.id === column(C).id)).toMatchObject({ status: 'done', model: '@cf/meta/llama-3.2-1b-instruct' });
  });

  it('"Continue with this one" shows that answer, takes its model, keeps the others as alternatives; the next turn sends only it', async () => {
    const script = scriptedStream();
    const engine = engineWith(script);
    const { ui, conversationId, byModel, column, calls } = await compare(engine, script);
    for (const [i, call] of calls.entries()) {
      call.emit({ type: 'text-delta', text: `answer ${call.req.model} ${i}` });
      call.end({ type: 'finish', reason: 'stop' });
    }
    await engine.settle();
    await tick();
    await engine.handle(ui, { type: 'compare-choose', conversationId, messageId: column(B).id });
    const conversation = await getConversation(conversationId);
    expect(conversation?.model).toBe(B);
    const all = await listMessages(conversationId);
    const user = all.find((m) => m.role === 'user')!;
    expect(conversation?.branch?.[user.id]).toBe(column(B).id);
    expect(visiblePath(all, conversation?.branch).map((m) => m.id)).toEqual([user.id, column(B).id]);
    expect(all.filter((m) => m.compareGroup)).toHaveLength(3); // the others stay, as alternatives
    expect(all.find((m) => m.id === column(B).id)?.compareChosen).toBe(true);
    expect(ui.ofType('conversation-snapshot').at(-1)?.conversation.branch?.[user.id]).toBe(column(B).id);
    // The next turn's history follows the visible path: only the chosen answer (issue #12's history).
    await engine.handle(ui, { type: 'chat-start', requestId: 'next', conversationId, text: 'Go on' });
    const next = await script.nextCall();
    expect(next.req.model).toBe(B);
    expect(next.req.messages.map((m) => [m.role, m.text])).toEqual([
      ['user', 'Which is best?'],
      ['assistant', (await getMessage(column(B).id))!.text],
      ['user', 'Go on'],
    ]);
    expect(byModel(B).req.model).toBe(B);
    next.end({ type: 'finish', reason: 'stop' });
    await engine.settle();
  });

  it('refuses to continue with an answer still being written', async () => {
    const script = scriptedStream();
    const engine = engineWith(script);
    const { ui, conversationId, column, calls } = await compare(engine, script);
    await engine.handle(ui, { type: 'compare-choose', conversationId, messageId: column(A).id });
    expect(ui.ofType('request-rejected').at(-1)?.error).toMatch(/finish/);
    for (const call of calls) call.end({ type: 'finish', reason: 'stop' });
    await engine.settle();
  });

  it('a worker restart mid-comparison leaves every column in a clear state (interrupted with its text, or sent again)', async () => {
    const script = scriptedStream();
    const first = engineWith(script);
    // Two columns run; a third waits behind another conversation's... no: all three run. Stop the
    // worker while A has text, B has none and C has finished.
    const { conversationId, byModel, column } = await compare(first, script);
    byModel(A).emit({ type: 'text-delta', text: 'partial A' });
    byModel(C).end({ type: 'finish', reason: 'stop' });
    await tick(30);
    first.dispose();
    const { queued } = await recoverInterrupted();
    const second = engineWith(script);
    await second.requeue(queued);
    const stored = new Map((await listMessages(conversationId)).map((m) => [m.id, m]));
    expect(stored.get(column(A).id)).toMatchObject({ status: 'interrupted', text: 'partial A' });
    expect(stored.get(column(B).id)?.status).toBe('interrupted');
    expect(stored.get(column(C).id)?.status).toBe('done');
  });

  it('a page that subscribes mid-comparison gets every column’s text so far', async () => {
    const script = scriptedStream();
    const engine = engineWith(script);
    const { conversationId, byModel, column, calls } = await compare(engine, script);
    byModel(A).emit({ type: 'text-delta', text: 'aaa' });
    byModel(B).emit({ type: 'text-delta', text: 'bbb' });
    await tick();
    const late = recorder();
    await engine.handle(late, { type: 'conversation-subscribe', conversationId });
    const snap = await late.waitFor('conversation-snapshot');
    const text = (id: string) => snap.messages.find((m) => m.id === id)?.text;
    expect([text(column(A).id), text(column(B).id)]).toEqual(['aaa', 'bbb']);
    for (const call of calls) call.end({ type: 'finish', reason: 'stop' });
    await engine.settle();
  });
});
