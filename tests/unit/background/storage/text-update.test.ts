// A streaming answer's checkpoints (updateMessage with new text every few seconds) stay cheap: they
// do not read the rest of the conversation, and they tell open pages only when a history row would
// look different (review item on the streaming hot path). The preview still follows the answer.
import { IDBIndex, IDBObjectStore } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { watchHistoryWrites } from '@/lib/background/storage/changes';
import { createConversation, getConversation } from '@/lib/background/storage/conversations';
import { putMessage, updateMessage } from '@/lib/background/storage/messages';
import { PREVIEW_MAX_CHARS } from '@/lib/protocol/records';
import { freshDb, makeMessage } from './helpers';

beforeEach(freshDb);

/** A conversation of `turns` done turns, then an answer streaming (its first text saved). */
async function streamingConversation(turns: number) {
  const c = await createConversation();
  let parentId = '';
  let seq = 0;
  for (let i = 0; i < turns; i++) {
    for (const role of ['user', 'assistant'] as const) {
      const m = await putMessage(makeMessage(c.id, seq, role, `${role} text number ${i} `.repeat(20), { id: `m${seq}`, parentId }));
      parentId = m.id;
      seq++;
    }
  }
  await putMessage(makeMessage(c.id, seq, 'user', 'the last question', { id: 'q', parentId }));
  const answer = await putMessage(makeMessage(c.id, seq + 1, 'assistant', '', { id: 'a', parentId: 'q', status: 'streaming' }));
  await updateMessage(answer.id, { text: 'The answer begins' });
  return c.id;
}

/** Counts reads that return many messages: getAll on the messages store or on any of its indexes. */
function countWholeReads() {
  const reads: string[] = [];
  const onIndex = IDBIndex.prototype.getAll;
  vi.spyOn(IDBIndex.prototype, 'getAll').mockImplementation(function (this: IDBIndex, ...args: Parameters<IDBIndex['getAll']>) {
    if (this.objectStore.name === 'messages') reads.push(`messages.${this.name}.getAll`);
    return onIndex.apply(this, args);
  });
  const onStore = IDBObjectStore.prototype.getAll;
  vi.spyOn(IDBObjectStore.prototype, 'getAll').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['getAll']>) {
    if (this.name === 'messages') reads.push('messages.getAll');
    return onStore.apply(this, args);
  });
  return reads;
}

describe('a streaming checkpoint (text-only update)', () => {
  it('does not read the rest of the conversation', async () => {
    const id = await streamingConversation(10);
    const reads = countWholeReads();
    await updateMessage('a', { text: 'The answer begins and goes on' });
    await updateMessage('a', { text: 'The answer begins and goes on, and on', reasoning: 'thinking' });
    expect(reads).toEqual([]);
    expect((await getConversation(id))?.preview).toBe('The answer begins and goes on, and on');
  });

  it('still reads the conversation when the message gets a new place or status', async () => {
    await streamingConversation(2);
    const reads = countWholeReads();
    await updateMessage('a', { text: 'Done now', status: 'done' });
    expect(reads).toEqual(['messages.by-conversation.getAll']);
  });

  it('keeps the preview of a version that is not shown', async () => {
    const id = await streamingConversation(1);
    // A second answer to the same question is shown (newest); the first keeps streaming.
    await putMessage(makeMessage(id, 3, 'assistant', 'the other version', { id: 'a2', parentId: 'q', createdAt: 2_000_000_000_000 }));
    await updateMessage('a', { text: 'The answer begins, hidden' });
    const c = await getConversation(id);
    expect(c?.preview).toBe('the other version');
    expect(c?.messageCount).toBe(4);
  });

  it('tells open pages only when what a history row shows changed', async () => {
    await streamingConversation(1);
    const long = 'word '.repeat(PREVIEW_MAX_CHARS);
    await updateMessage('a', { text: long });
    let writes = 0;
    const stop = watchHistoryWrites(() => writes++);
    const now = vi.spyOn(Date, 'now');
    const base = Math.floor(Date.now() / 60_000) * 60_000 + 10_000;
    now.mockReturnValue(base);
    await updateMessage('a', { text: `${long} more` }); // preview moves? no: it is cut at PREVIEW_MAX_CHARS
    const quiet = writes;
    now.mockReturnValue(base + 5_000);
    await updateMessage('a', { text: `${long} more and more` });
    now.mockReturnValue(base + 60_000); // the row's time (HH:MM) changes
    await updateMessage('a', { text: `${long} more and more, a minute later` });
    now.mockReturnValue(base + 61_000);
    await updateMessage('a', { text: `${long} finished`, status: 'done' });
    stop();
    // The first write at `base` may cross a minute from the setup's clock; the next one is silent.
    expect(writes - quiet).toBe(2);
  });
});
