import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ChatEngine } from '@/lib/background/engine/engine';
import { readJournals } from '@/lib/background/engine/journal';
import { WORKER_INTERRUPTED_MESSAGE, recoverInterrupted } from '@/lib/background/engine/recovery';
import { closeDb } from '@/lib/background/storage/db';
import { listMessages } from '@/lib/background/storage/messages';
import { getConversation } from '@/lib/background/storage/conversations';
import { visiblePath } from '@/lib/protocol/branches';
import { recorder, scriptedStream } from './fake-stream';

beforeEach(async () => {
  await closeDb();
  indexedDB.deleteDatabase('flarechat');
});

describe('journal and recovery after the worker dies', () => {
  it('journals new text at once, append-only: each write carries only what arrived since the last', async () => {
    const script = scriptedStream();
    const engine = new ChatEngine({ stream: script.stream, listModels: () => Promise.reject(new Error('unused')) });
    const ui = recorder();
    await engine.handle(ui, { type: 'chat-start', requestId: 'r1', text: 'q' });
    const call = await script.nextCall();
    const setSpy = vi.spyOn(fakeBrowser.storage.session, 'set');
    for (let i = 0; i < 50; i++) call.emit({ type: 'text-delta', text: `t${i} ` });
    // The first delta is written at once; the 49 that arrive during that write go in one more.
    await new Promise((r) => setTimeout(r, 20));
    const written = setSpy.mock.calls.map(([items]) =>
      Object.entries(items).filter(([k]) => /:\d+$/.test(k)).map(([, v]) => (v as { t: string }).t).join(''),
    );
    expect(written).toEqual(['t0 ', Array.from({ length: 49 }, (_, i) => `t${i + 1} `).join('')]);
    const [journal] = await readJournals();
    expect(journal.text).toBe(Array.from({ length: 50 }, (_, i) => `t${i} `).join(''));
    expect(journal.seq).toBe(2); // the seq of the frame that carries this text
    call.end({ type: 'finish' });
    await engine.settle();
    await new Promise((r) => setTimeout(r, 20));
    expect(await readJournals()).toEqual([]);
    expect(Object.keys(await fakeBrowser.storage.session.get(null)).filter((k) => k.startsWith('journal:'))).toEqual([]);
  });

  it('a fresh worker marks the cut-off answer interrupted and keeps the journal text', async () => {
    const script = scriptedStream();
    const dying = new ChatEngine({ stream: script.stream, listModels: () => Promise.reject(new Error('unused')) });
    const ui = recorder();
    await dying.handle(ui, { type: 'chat-start', requestId: 'r1', text: 'question' });
    const call = await script.nextCall();
    call.emit({ type: 'text-delta', text: 'Partial answer ' });
    call.emit({ type: 'text-delta', text: 'that was journaled' });
    // One storage round trip later the worker dies: everything already sent to the UI is journaled.
    await new Promise((r) => setTimeout(r, 5));
    // The worker dies here: nothing more runs in `dying`. A new worker starts and recovers.
    const conversationId = (await ui.waitFor('chat-started')).conversationId;
    expect((await listMessages(conversationId))[1].status).toBe('streaming');
    expect(await recoverInterrupted()).toEqual({ interrupted: 1, queued: [] });
    const [, answer] = await listMessages(conversationId);
    expect(answer).toMatchObject({
      status: 'interrupted',
      text: 'Partial answer that was journaled',
      error: { code: 'network', message: WORKER_INTERRUPTED_MESSAGE },
    });
    expect(await readJournals()).toEqual([]);
    // Nothing is left streaming, and a second start-up finds nothing to do.
    expect(await recoverInterrupted()).toEqual({ interrupted: 0, queued: [] });

    // Retry in the new worker completes it.
    const fresh = scriptedStream();
    const engine = new ChatEngine({ stream: fresh.stream, listModels: () => Promise.reject(new Error('unused')) });
    await engine.handle(ui, { type: 'chat-regenerate', requestId: 'retry', conversationId, messageId: answer.id });
    const retry = await fresh.nextCall();
    retry.emit({ type: 'text-delta', text: 'Complete answer' });
    retry.end({ type: 'finish' });
    await engine.settle();
    // Retry is a new version shown in place of the partial one, which is kept (issue #12).
    const stored = await listMessages(conversationId);
    const conversation = await getConversation(conversationId);
    expect(visiblePath(stored, conversation?.branch).map((m) => [m.text, m.status])).toEqual([
      ['question', 'done'],
      ['Complete answer', 'done'],
    ]);
    expect(stored).toHaveLength(3);
    call.end({ type: 'finish' });
  });
});
