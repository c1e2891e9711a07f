// Issue #10: one storage read per fact per turn. Counts the IndexedDB transactions and the
// storage.local reads (settings) a prompt costs from chat-start until the stream function is
// called (the socket opens inside it).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ChatEngine } from '@/lib/background/engine/engine';
import { closeDb, openDb } from '@/lib/background/storage/db';
import type { ChatOutcome } from '@/lib/playground/client';
import { recorder } from './fake-stream';

beforeEach(async () => {
  await closeDb();
  indexedDB.deleteDatabase('flarechat');
});

interface Count {
  /** Read-only IndexedDB transactions. */
  reads: number;
  /** Read-write IndexedDB transactions. */
  writes: number;
  /** storage.local reads (the settings). */
  settings: number;
}

function newEngine(onStream: () => void) {
  return new ChatEngine({
    stream: () => {
      onStream();
      return Promise.resolve<ChatOutcome>({ event: { type: 'finish' }, transport: 'socket' });
    },
    listModels: () => Promise.reject(new Error('unused')),
  });
}

/** Runs one chat-start (in `conversationId`, or a new conversation) and counts storage until the stream call. */
async function countUntilStream(conversationId?: string): Promise<Count> {
  const count: Count = { reads: 0, writes: 0, settings: 0 };
  let atStream: Count | undefined;
  const engine = newEngine(() => (atStream ??= { ...count }));
  await openDb(); // opening the database is once per worker, not per turn
  const original = IDBDatabase.prototype.transaction;
  vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    if (args[1] === 'readwrite') count.writes += 1;
    else count.reads += 1;
    return Reflect.apply(original, this, args);
  });
  const local = fakeBrowser.storage.local.get;
  vi.spyOn(fakeBrowser.storage.local, 'get').mockImplementation((...args) => {
    count.settings += 1;
    return Reflect.apply(local, fakeBrowser.storage.local, args);
  });
  await engine.handle(recorder(), { type: 'chat-start', requestId: 'count', conversationId, text: 'hello' });
  for (let i = 0; i < 200 && !atStream; i++) await new Promise((r) => setTimeout(r, 2));
  await engine.settle();
  vi.restoreAllMocks();
  return atStream!;
}

describe('storage round trips of one prompt, chat-start to the stream call', () => {
  // Before issue #10: 3 reads + 4 writes + 2 settings reads = 9 (the run re-read the conversation,
  // its messages and the settings that the turn had just read or written).
  // Issue #16: the conversation, the question and the empty answer are one transaction (3 before),
  // and the 'streaming' row is written after the stream was called (engine/runner.ts).
  it('in a new conversation: one write for the turn; settings once', async () => {
    expect(await countUntilStream()).toEqual({ reads: 0, writes: 1, settings: 1 });
  });

  // Before: 4 reads + 3 writes + 2 settings reads = 9. Issue #16: the question and the answer are
  // one write, the model the page sends again is not written when it did not change, and the
  // 'streaming' row follows the stream call.
  it('in an existing conversation: conversation and messages read once each; settings once', async () => {
    const ui = recorder();
    const engine = newEngine(() => {});
    await engine.handle(ui, { type: 'chat-start', requestId: 'first', text: 'first' });
    const { conversationId } = await ui.waitFor('chat-started');
    await ui.waitFor('chat-end');
    await new Promise((r) => setTimeout(r, 10));
    expect(await countUntilStream(conversationId)).toEqual({ reads: 2, writes: 1, settings: 1 });
  });
});
