// Issue #17: the playground's progress (waiting for capacity, recovering, reconnecting) reaches the
// pages as a `detail` on chat-status and is cleared when the answer streams again or ends.
import { beforeEach, describe, expect, it } from 'vitest';
import { ChatEngine } from '@/lib/background/engine/engine';
import { ChatStore } from '@/lib/pages/chat-store';
import type { ServerMessage } from '@/lib/protocol/messages';
import { emptyDatabase, scriptedEngine } from './engine-setup';
import { recorder, scriptedStream } from './fake-stream';

let script: ReturnType<typeof scriptedStream>;
let engine: ChatEngine;

beforeEach(async () => {
  await emptyDatabase();
  ({ script, engine } = scriptedEngine());
});

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('answer detail (playground status)', () => {
  it('carries each status to the page store and clears it on streaming and at the end', async () => {
    const store = new ChatStore((run) => run());
    const ui = recorder();
    let live = false;
    const page = { postMessage: (m: ServerMessage) => (ui.postMessage(m), live && store.handle(m)) };
    await engine.handle(page, { type: 'chat-start', requestId: 'req1', text: 'Hi' });
    const call = await script.nextCall();
    const started = await ui.waitFor('chat-started');
    store.conversationId.value = started.conversationId;
    for (const m of ui.received) store.handle(m);
    live = true;
    const answer = () => store.getMessage(started.messageId)!;

    call.emit({ type: 'status', status: 'waiting-for-capacity' });
    await tick();
    expect(ui.ofType('chat-status').at(-1)).toMatchObject({ status: 'streaming', detail: 'waiting-for-capacity' });
    expect(answer().detail.value).toBe('waiting-for-capacity');

    call.emit({ type: 'text-delta', text: 'Hel' });
    call.emit({ type: 'status', status: 'reconnecting' });
    await tick();
    expect(answer().detail.value).toBe('reconnecting');
    // The status frame carries the text so far: nothing shown is lost.
    expect(answer().text.value).toBe('Hel');

    call.emit({ type: 'status', status: 'recovering' });
    await tick();
    expect(answer().detail.value).toBe('recovering');
    call.emit({ type: 'status', status: 'streaming' });
    call.emit({ type: 'text-delta', text: 'lo' });
    await tick();
    expect(answer().detail.value).toBeUndefined();
    expect(answer().text.value).toBe('Hello');

    call.emit({ type: 'status', status: 'reconnecting' });
    call.end({ type: 'finish', reason: 'stop' });
    await ui.waitFor('chat-end');
    expect(answer().detail.value).toBeUndefined();
    expect(answer().record.value.status).toBe('done');
    const seqs = ui.received.filter((m) => 'seq' in m).map((m) => (m as { seq: number }).seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('a page that subscribes mid-wait gets the detail in the snapshot', async () => {
    const ui = recorder();
    await engine.handle(ui, { type: 'chat-start', requestId: 'req1', text: 'Hi' });
    const call = await script.nextCall();
    const started = await ui.waitFor('chat-started');
    call.emit({ type: 'status', status: 'waiting-for-capacity' });
    await tick();
    const late = recorder();
    await engine.handle(late, { type: 'conversation-subscribe', conversationId: started.conversationId });
    const snap = await late.waitFor('conversation-snapshot');
    expect(snap.live).toMatchObject({ detail: 'waiting-for-capacity' });
    const store = new ChatStore((run) => run());
    store.conversationId.value = started.conversationId;
    store.handle(snap);
    expect(store.getMessage(started.messageId)!.detail.value).toBe('waiting-for-capacity');
    call.end({ type: 'finish' });
    await ui.waitFor('chat-end');
  });
});
