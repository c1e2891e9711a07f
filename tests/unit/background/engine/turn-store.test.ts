// Issue #16: a turn's chat frame leaves while its rows commit (one transaction), and the surfaces
// hear of the turn only once they are stored. A store that fails stops the answer and gives the
// prompt back; nothing of it is shown.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { listMessages } from '@/lib/background/storage/messages';
import { listConversations } from '@/lib/background/storage/conversations';
import { StorageError } from '@/lib/background/storage/errors';
import { emptyDatabase, scriptedEngine } from './engine-setup';
import { recorder } from './fake-stream';

// Each test decides when the engine learns the turn's rows are stored (they commit at once), or
// makes the store fail (nothing is written, as when its transaction aborts).
const gate = vi.hoisted(() => ({ hold: Promise.resolve(), failWith: undefined as Promise<void> | undefined, calls: 0 }));
vi.mock('@/lib/background/storage/turn-rows', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/lib/background/storage/turn-rows')>();
  return {
    ...actual,
    storeTurn: (rows: Parameters<typeof actual.storeTurn>[0]) => {
      gate.calls += 1;
      if (gate.failWith) return gate.failWith;
      const written = actual.storeTurn(rows);
      return gate.hold.then(() => written);
    },
  };
});

beforeEach(async () => {
  await emptyDatabase();
  gate.hold = Promise.resolve();
  gate.failWith = undefined;
  gate.calls = 0;
});

function deferred() {
  let open!: () => void;
  let fail!: (error: Error) => void;
  const promise = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  promise.catch(() => undefined);
  return { promise, open, fail };
}

describe('a new turn: the request goes out while its rows are stored', () => {
  it('asks the playground before the rows commit; chat-started and the deltas follow the commit, in order', async () => {
    const { script, engine } = scriptedEngine();
    const rows = deferred();
    gate.hold = rows.promise;
    const ui = recorder();
    const handled = engine.handle(ui, { type: 'chat-start', requestId: 'r1', text: 'hello' });
    const call = await script.nextCall();
    expect(call.req.messages.at(-1)).toMatchObject({ role: 'user', text: 'hello' });
    call.emit({ type: 'text-delta', text: 'Hi' });
    await new Promise((r) => setTimeout(r, 20));
    // Not stored yet: the page has heard nothing (so a killed worker gives the prompt back).
    expect(ui.received).toEqual([]);
    rows.open();
    await handled;
    const started = await ui.waitFor('chat-started');
    await ui.waitFor('text-delta');
    const types = ui.received.map((m) => m.type);
    expect(types.indexOf('chat-started')).toBeLessThan(types.indexOf('text-delta'));
    const seqs = ui.received.map((m) => ('seq' in m ? m.seq : -1));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect((await listMessages(started.conversationId)).map((m) => m.role)).toEqual(['user', 'assistant']);
    call.end({ type: 'finish' });
    await ui.waitFor('chat-end');
    await engine.settle();
    expect(gate.calls).toBe(1);
  });

  it('a turn whose rows cannot be stored stops its request and gives the prompt back; nothing is shown', async () => {
    const { script, engine } = scriptedEngine();
    const rows = deferred();
    gate.failWith = rows.promise;
    const ui = recorder();
    const handled = engine.handle(ui, { type: 'chat-start', requestId: 'r2', text: 'lost?' });
    const call = await script.nextCall();
    call.emit({ type: 'text-delta', text: 'partial' });
    rows.fail(new StorageError('quota', 'Storage is full.'));
    await handled;
    const rejected = await ui.waitFor('request-rejected');
    expect(rejected).toMatchObject({ requestId: 'r2', code: 'storage' });
    await vi.waitFor(() => expect(call.signal.aborted).toBe(true));
    await engine.settle();
    expect(ui.received.map((m) => m.type)).toEqual(['request-rejected']);
    expect(await listConversations({ limit: 10 })).toEqual([]);
  });

  it('a follow-up writes its question and answer in one transaction, and only options that changed', async () => {
    const { script, engine } = scriptedEngine();
    const ui = recorder();
    await engine.handle(ui, { type: 'chat-start', requestId: 'a', text: 'one', options: { model: '@cf/meta/llama-3.3-70b-instruct-fp8-fast' } });
    const first = await script.nextCall();
    first.emit({ type: 'text-delta', text: 'One.' });
    first.end({ type: 'finish' });
    const { conversationId } = await ui.waitFor('chat-started');
    await ui.waitFor('chat-end');
    await engine.settle();
    await engine.handle(ui, { type: 'chat-start', requestId: 'b', conversationId, text: 'two', options: { model: '@cf/meta/llama-3.3-70b-instruct-fp8-fast' } });
    const second = await script.nextCall();
    expect(second.req.messages.map((m) => m.text)).toEqual(['one', 'One.', 'two']);
    second.emit({ type: 'text-delta', text: 'Two.' });
    second.end({ type: 'finish' });
    await ui.waitFor('chat-end', 2);
    await engine.settle();
    expect(gate.calls).toBe(2);
    expect((await listMessages(conversationId)).map((m) => `${m.role}:${m.seq}`)).toEqual(['user:0', 'assistant:1', 'user:2', 'assistant:3']);
  });
});
