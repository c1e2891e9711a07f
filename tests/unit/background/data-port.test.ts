// The data port (issue #10): the background answers history/settings requests and is the only
// writer; "Delete all" stops every running or queued answer before it clears anything.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ChatEngine } from '@/lib/background/engine/engine';
import { DataPortHost, UNDO_WINDOW_MS } from '@/lib/background/data-port';
import { PENDING_CLEARS_KEY } from '@/lib/background/server-copies';
import { stopAllAnswers } from '@/lib/background/stop-answers';
import { closeDb } from '@/lib/background/storage/db';
import { getConversation, listConversations } from '@/lib/background/storage/conversations';
import { findMessagesByStatus, listMessages } from '@/lib/background/storage/messages';
import type { DataRequest } from '@/lib/protocol/data';
import { IMPORT_PART_CHARS } from '@/lib/shared/limits';
import { recorder, scriptedStream } from './engine/fake-stream';
import { fakeRuntimePort } from './port-fakes';

let script: ReturnType<typeof scriptedStream>;
let engine: ChatEngine;
let host: DataPortHost;

beforeEach(async () => {
  await closeDb();
  indexedDB.deleteDatabase('flarechat');
  script = scriptedStream();
  engine = new ChatEngine({ stream: script.stream, listModels: () => Promise.resolve({ models: [], source: 'bundled', fetchedAt: 0 }) });
  host = new DataPortHost({ ready: Promise.resolve(), stopAllAnswers: () => stopAllAnswers(engine) });
});

function ask(port: ReturnType<typeof fakeRuntimePort>, request: DataRequest) {
  port.onMessage.trigger(request);
  return port.next('data-result', port.posted.filter((m) => m.type === 'data-result').length + 1);
}

async function allMessages() {
  const statuses = ['queued', 'streaming', 'done', 'stopped', 'error', 'interrupted'] as const;
  return (await Promise.all(statuses.map((s) => findMessagesByStatus(s)))).flat();
}

describe('data port', () => {
  it('Delete all while two answers stream: both end, nothing is written or re-created afterwards', async () => {
    const ui = recorder();
    await engine.handle(ui, { type: 'chat-start', requestId: 'req1', text: 'First' });
    const call = await script.nextCall();
    await engine.handle(ui, { type: 'chat-start', requestId: 'req2', text: 'Second' });
    const second = await script.nextCall();
    await ui.waitFor('chat-started', 2);
    second.emit({ type: 'text-delta', text: 'Other' });
    call.emit({ type: 'text-delta', text: 'Partial answer' });
    await new Promise((r) => setTimeout(r, 20));
    expect(await listConversations({ limit: 10 })).toHaveLength(2);

    const page = fakeRuntimePort('data');
    host.connect(page);
    await fakeBrowser.storage.local.set({ popupConversation: 'x', templates: [], compareModels: ['@cf/a/one', '@cf/b/two'] });
    const result = await ask(page, { type: 'data-delete-all', requestId: 'r1' });
    expect(result).toMatchObject({ request: 'data-delete-all', result: null });
    expect([call.signal.aborted, second.signal.aborted]).toEqual([true, true]);
    expect(ui.ofType('chat-end').map((e) => e.message.status)).toEqual(['stopped', 'stopped']);

    // The stopped generation and the queue are done: nothing comes back, even if the playground keeps talking.
    call.emit({ type: 'text-delta', text: ' more' });
    call.end({ type: 'finish', reason: 'stop' });
    second.emit({ type: 'text-delta', text: ' more' });
    await engine.settle();
    await new Promise((r) => setTimeout(r, 50));
    expect(await listConversations({ limit: 10 })).toEqual([]);
    expect(await allMessages()).toEqual([]);
    expect(script.calls).toHaveLength(2);
    expect(await fakeBrowser.storage.local.get(['popupConversation', 'templates', 'compareModels'])).toEqual({});
  });

  it('answers history requests and tells the other open pages the history changed', async () => {
    const ui = recorder();
    await engine.handle(ui, { type: 'chat-start', requestId: 'req1', text: 'Hello' });
    const call = await script.nextCall();
    call.end({ type: 'finish', reason: 'stop' });
    const started = await ui.waitFor('chat-started');
    await ui.waitFor('chat-end');
    const [panel, other] = [fakeRuntimePort('data'), fakeRuntimePort('data')];
    host.connect(panel);
    host.connect(other);
    const list = await ask(panel, { type: 'history-list', requestId: 'r1', limit: 10 });
    expect((list.result as { id: string }[]).map((c) => c.id)).toEqual([started.conversationId]);
    await ask(panel, { type: 'conversation-rename', requestId: 'r2', conversationId: started.conversationId, title: 'Renamed' });
    await other.next('history-changed');
    expect(panel.posted.some((m) => m.type === 'history-changed')).toBe(false);
    await ask(panel, { type: 'conversation-settings-update', requestId: 'r3', conversationId: started.conversationId, patch: { temperature: 1.5, systemPrompt: null } });
    const exported = await ask(panel, { type: 'export-conversation', requestId: 'r4', conversationId: started.conversationId, format: 'json' });
    expect(JSON.parse(exported.result as string)).toMatchObject({ conversations: [{ title: 'Renamed', temperature: 1.5 }] });
    expect((await listMessages(started.conversationId)).map((m) => m.role)).toEqual(['user', 'assistant']);
    panel.onMessage.trigger({ type: 'conversation-get', requestId: 'r5', conversationId: 'missing' });
    expect(await panel.next('data-result', 5)).toMatchObject({ requestId: 'r5', result: null });
    panel.onMessage.trigger({ type: 'import-part', requestId: 'r6', uploadId: 'u6', index: 0, text: 'not json' });
    panel.onMessage.trigger({ type: 'data-import', requestId: 'r7', uploadId: 'u6', parts: 1 });
    expect(await panel.next('data-error')).toMatchObject({ requestId: 'r7', error: expect.stringMatching(/JSON/) });
  });
});

describe('purging deleted conversations (issue #11 item 11)', () => {
  async function chatAndDelete(page: ReturnType<typeof fakeRuntimePort>) {
    const ui = recorder();
    await engine.handle(ui, { type: 'chat-start', requestId: 'req1', text: 'Delete me' });
    (await script.nextCall()).end({ type: 'finish', reason: 'stop' });
    const { conversationId } = await ui.waitFor('chat-started');
    await ui.waitFor('chat-end');
    await ask(page, { type: 'conversation-delete', requestId: 'd1', conversationId });
    return conversationId;
  }

  it('keeps a deleted conversation restorable within the undo window, then purges it with its messages', async () => {
    const page = fakeRuntimePort('data');
    host.connect(page);
    const conversationId = await chatAndDelete(page);
    await ask(page, { type: 'history-list', requestId: 'r1', limit: 5 });
    expect(await getConversation(conversationId)).toMatchObject({ deletedAt: expect.any(Number) });
    await ask(page, { type: 'conversation-undo-delete', requestId: 'u1', conversationId });
    expect((await getConversation(conversationId))?.deletedAt).toBeUndefined();

    await ask(page, { type: 'conversation-delete', requestId: 'd2', conversationId });
    const later = Date.now() + UNDO_WINDOW_MS + 1_000;
    vi.spyOn(Date, 'now').mockReturnValue(later);
    await ask(page, { type: 'history-list', requestId: 'r2', limit: 5 });
    expect(await getConversation(conversationId)).toBeUndefined();
    expect(await listMessages(conversationId)).toEqual([]);
  });

  it('purges at start-up what was deleted before the worker stopped', async () => {
    const page = fakeRuntimePort('data');
    host.connect(page);
    const conversationId = await chatAndDelete(page);
    vi.spyOn(Date, 'now').mockReturnValue(Date.now() + UNDO_WINDOW_MS + 1_000);
    const restarted = new DataPortHost({ ready: Promise.resolve(), stopAllAnswers: () => Promise.resolve() });
    await vi.waitFor(async () => expect(await getConversation(conversationId)).toBeUndefined());
    void restarted;
  });

  describe('server copies (issue #17)', () => {
    it('a purged conversation has its instance cleared; an unreachable one is queued and cleared at the next start-up', async () => {
      let reachable = false;
      const clear = vi.fn((_name: string) => Promise.resolve(reachable));
      host = new DataPortHost({ ready: Promise.resolve(), stopAllAnswers: () => stopAllAnswers(engine), clearServerCopy: clear });
      await host.clearing;
      const page = fakeRuntimePort('data');
      host.connect(page);
      const conversationId = await chatAndDelete(page);
      const sessionName = script.calls[0].req.sessionName;
      expect(clear).not.toHaveBeenCalled(); // still restorable: nothing leaves the browser yet
      vi.spyOn(Date, 'now').mockReturnValue(Date.now() + UNDO_WINDOW_MS + 1_000);
      await ask(page, { type: 'history-list', requestId: 'r2', limit: 5 });
      await host.clearing;
      expect(await getConversation(conversationId)).toBeUndefined();
      expect(clear).toHaveBeenCalledWith(sessionName);
      expect((await fakeBrowser.storage.local.get(PENDING_CLEARS_KEY))[PENDING_CLEARS_KEY]).toEqual([sessionName]);

      reachable = true;
      const restarted = new DataPortHost({ ready: Promise.resolve(), stopAllAnswers: () => Promise.resolve(), clearServerCopy: clear });
      await vi.waitFor(() => expect(clear).toHaveBeenCalledTimes(2));
      await restarted.clearing;
      expect(clear).toHaveBeenLastCalledWith(sessionName);
      expect((await fakeBrowser.storage.local.get(PENDING_CLEARS_KEY))[PENDING_CLEARS_KEY]).toBeUndefined();
    });

    it('Delete all clears every instance', async () => {
      const clear = vi.fn((_name: string) => Promise.resolve(true));
      host = new DataPortHost({ ready: Promise.resolve(), stopAllAnswers: () => stopAllAnswers(engine), clearServerCopy: clear });
      const page = fakeRuntimePort('data');
      host.connect(page);
      const ui = recorder();
      for (const [i, text] of ['One', 'Two'].entries()) {
        await engine.handle(ui, { type: 'chat-start', requestId: `q${i}`, text });
        (await script.nextCall()).end({ type: 'finish', reason: 'stop' });
        await ui.waitFor('chat-end', i + 1);
      }
      await ask(page, { type: 'data-delete-all', requestId: 'all' });
      await host.clearing;
      expect(clear.mock.calls.map(([name]) => name).sort()).toEqual(script.calls.map((c) => c.req.sessionName).sort());
      expect(new Set(script.calls.map((c) => c.req.sessionName)).size).toBe(2);
    });
  });
});

describe('import progress (issue #16)', () => {
  function exportFile(n: number): string {
    const now = Date.now();
    const conversations = Array.from({ length: n }, (_, i) => ({
      id: `c${i}`,
      title: `Conversation ${i}`,
      createdAt: now - 1000,
      updatedAt: now - i,
      pinned: false,
      messageCount: 1,
      messages: [{ id: `c${i}-m0`, conversationId: `c${i}`, seq: 0, role: 'user', text: `hello ${i}`, status: 'done', createdAt: now - 1000, updatedAt: now - 1000 }],
    }));
    return JSON.stringify({ format: 'flarechat-export', version: 1, exportedAt: now, conversations });
  }

  it('tells the importing page how far the write is, about every 1 %, ending with done = total, before the result', async () => {
    const page = fakeRuntimePort('data');
    const other = fakeRuntimePort('data');
    host.connect(page);
    host.connect(other);
    await ask(page, { type: 'import-part', requestId: 'part0', uploadId: 'u1', index: 0, text: exportFile(250) });
    const result = await ask(page, { type: 'data-import', requestId: 'imp1', uploadId: 'u1', parts: 1 });
    expect(result).toMatchObject({ requestId: 'imp1', result: { conversations: 250 } });
    const progress = page.posted.filter((m) => m.type === 'import-progress') as unknown as { requestId: string; done: number; total: number }[];
    expect(progress.length).toBeGreaterThanOrEqual(50);
    expect(progress.length).toBeLessThanOrEqual(101);
    expect(progress.every((p) => p.requestId === 'imp1' && p.total === 250)).toBe(true);
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
    expect(progress.at(-1)?.done).toBe(250);
    expect(page.posted.findIndex((m) => m.type === 'import-progress')).toBeLessThan(page.posted.findIndex((m) => m.type === 'data-result' && m.requestId === 'imp1'));
    // Only the asking page gets them.
    expect(other.posted.some((m) => m.type === 'import-progress')).toBe(false);
  });
});

describe('import in parts (issue #16: no port message freezes the page)', () => {
  /** The page's answer (data-result or data-error) to one request. */
  async function reply(port: ReturnType<typeof fakeRuntimePort>, request: DataRequest) {
    port.onMessage.trigger(request);
    for (let i = 0; i < 500; i++) {
      const found = port.posted.find((m) => (m.type === 'data-result' || m.type === 'data-error') && m.requestId === request.requestId);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 2));
    }
    throw new Error(`no answer to ${request.requestId}`);
  }
  const file = (n: number) => {
    const now = Date.now();
    const conversations = Array.from({ length: n }, (_, i) => ({ id: `p${i}`, title: `Part ${i}`, createdAt: now, updatedAt: now - i, pinned: false, messageCount: 0, messages: [] }));
    return JSON.stringify({ format: 'flarechat-export', version: 1, exportedAt: now, conversations });
  };
  const split = (text: string, parts: number) => Array.from({ length: parts }, (_, i) => text.slice(Math.floor((i * text.length) / parts), Math.floor(((i + 1) * text.length) / parts)));

  it('joins the parts in order and imports them, telling the other pages the history changed', async () => {
    const [page, other] = [fakeRuntimePort('data'), fakeRuntimePort('data')];
    host.connect(page);
    host.connect(other);
    const parts = split(file(30), 3);
    for (const [index, text] of parts.entries()) {
      expect(await reply(page, { type: 'import-part', requestId: `p${index}`, uploadId: 'u1', index, text })).toMatchObject({ type: 'data-result', result: { received: parts.slice(0, index + 1).join('').length } });
    }
    expect(await reply(page, { type: 'data-import', requestId: 'fin', uploadId: 'u1', parts: 3 })).toMatchObject({ type: 'data-result', result: { conversations: 30 } });
    expect(await listConversations({ limit: 100 })).toHaveLength(30);
    await other.next('history-changed');
  });

  it('refuses a part out of order, a missing part, another port\'s upload and an oversized part, importing nothing', async () => {
    const [page, other] = [fakeRuntimePort('data'), fakeRuntimePort('data')];
    host.connect(page);
    host.connect(other);
    const parts = split(file(10), 3);
    expect(await reply(page, { type: 'import-part', requestId: 'a1', uploadId: 'u1', index: 1, text: parts[1] })).toMatchObject({ type: 'data-error', error: expect.stringMatching(/interrupted/) });
    await reply(page, { type: 'import-part', requestId: 'b0', uploadId: 'u2', index: 0, text: parts[0] });
    await reply(page, { type: 'import-part', requestId: 'b1', uploadId: 'u2', index: 1, text: parts[1] });
    // Another page cannot finish it; this page cannot finish it with a part missing.
    expect(await reply(other, { type: 'data-import', requestId: 'o', uploadId: 'u2', parts: 2 })).toMatchObject({ type: 'data-error' });
    expect(await reply(page, { type: 'data-import', requestId: 'b-fin', uploadId: 'u2', parts: 3 })).toMatchObject({ type: 'data-error', error: expect.stringMatching(/interrupted/) });
    // The failed finish forgot the upload: its next part starts nothing.
    expect(await reply(page, { type: 'import-part', requestId: 'b2', uploadId: 'u2', index: 2, text: parts[2] })).toMatchObject({ type: 'data-error' });
    page.onMessage.trigger({ type: 'import-part', requestId: 'big', uploadId: 'u3', index: 0, text: 'x'.repeat(IMPORT_PART_CHARS + 1) });
    expect(await page.next('request-rejected')).toMatchObject({ requestId: 'big', code: 'bad-request' });
    expect(await listConversations({ limit: 100 })).toEqual([]);
  });

  it('forgets a port\'s uploads when it disconnects (a reconnected page starts over)', async () => {
    const page = fakeRuntimePort('data');
    host.connect(page);
    const parts = split(file(5), 2);
    await reply(page, { type: 'import-part', requestId: 'c0', uploadId: 'u1', index: 0, text: parts[0] });
    page.onDisconnect.trigger();
    const again = fakeRuntimePort('data');
    host.connect(again);
    expect(await reply(again, { type: 'import-part', requestId: 'c1', uploadId: 'u1', index: 1, text: parts[1] })).toMatchObject({ type: 'data-error' });
    expect(await reply(again, { type: 'data-import', requestId: 'c-fin', uploadId: 'u1', parts: 2 })).toMatchObject({ type: 'data-error' });
  });
});

describe('reads before start-up is done (issue #16)', () => {
  it('answers history-list and settings-get while start-up still runs; writes wait for it', async () => {
    let finish!: () => void;
    const ready = new Promise<void>((resolve) => (finish = resolve));
    const early = new DataPortHost({ ready, stopAllAnswers: () => stopAllAnswers(engine) });
    const page = fakeRuntimePort('data');
    early.connect(page);
    page.onMessage.trigger({ type: 'history-list', requestId: 'l1', limit: 5 });
    page.onMessage.trigger({ type: 'settings-get', requestId: 's1' });
    page.onMessage.trigger({ type: 'data-delete-all', requestId: 'd1' });
    await page.next('data-result', 2);
    expect(page.posted.filter((m) => m.type === 'data-result').map((m) => (m as unknown as { requestId: string }).requestId).sort()).toEqual(['l1', 's1']);
    await new Promise((r) => setTimeout(r, 30));
    expect(page.posted.some((m) => (m as { requestId?: string }).requestId === 'd1')).toBe(false);
    finish();
    expect(await page.next('data-result', 3)).toMatchObject({ requestId: 'd1' });
  });
});
