import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createConversation, deleteConversation, getConversation, renameConversation, undoDelete } from '@/lib/background/storage/conversations';
import { openDb } from '@/lib/background/storage/db';
import { StorageError } from '@/lib/background/storage/errors';
import {
  deleteMessagesAfter,
  findMessagesByStatus,
  listMessages,
  nextSeq,
  putMessage,
  updateMessage,
} from '@/lib/background/storage/messages';
import { searchConversations } from '@/lib/background/storage/search';
import { DEFAULT_TITLE } from '@/lib/protocol/records';
import { addMessages, freshDb, makeMessage } from './helpers';

beforeEach(freshDb);

async function snapshot() {
  const db = await openDb();
  return {
    conversations: await db.getAll('conversations'),
    messages: await db.getAll('messages'),
    terms: await db.getAll('search-index'),
  };
}

describe('messages', () => {
  it('lists by seq regardless of write order and keeps count, preview, title', async () => {
    const c = await createConversation();
    await putMessage(makeMessage(c.id, 2, 'user', 'third'));
    await putMessage(makeMessage(c.id, 0, 'user', '  What is   the capital of France? Please answer in one word, thanks a lot!  '));
    await putMessage(makeMessage(c.id, 1, 'assistant', 'Paris'));
    expect((await listMessages(c.id)).map((m) => m.seq)).toEqual([0, 1, 2]);
    const conversation = await getConversation(c.id);
    expect(conversation?.messageCount).toBe(3);
    expect(conversation?.preview).toBe('third'); // seq 2 is the last message
    expect(conversation?.title).toBe('third'); // first user message WRITTEN while the title was default
    expect(await nextSeq(c.id)).toBe(3);
  });

  it('titles from the first user message, trimmed to 60 chars, unless renamed', async () => {
    const c = await createConversation();
    const long = 'Explain   the difference between TCP and UDP in networking with examples please';
    await putMessage(makeMessage(c.id, 0, 'user', long));
    const title = (await getConversation(c.id))!.title;
    expect(title.length).toBeLessThanOrEqual(60);
    expect(title.endsWith('…')).toBe(true);
    expect(title.startsWith('Explain the difference between TCP and UDP')).toBe(true);

    const r = await createConversation();
    await renameConversation(r.id, DEFAULT_TITLE); // renamed to the default text on purpose
    await putMessage(makeMessage(r.id, 0, 'user', 'hello'));
    expect((await getConversation(r.id))!.title).toBe(DEFAULT_TITLE);
  });

  it('updates a streaming message in place without changing the count', async () => {
    const c = await createConversation();
    const [, answer] = await addMessages(c.id, [['user', 'q'], ['assistant', '']]);
    await updateMessage(answer.id, { text: 'partial', status: 'streaming' });
    const done = await updateMessage(answer.id, { text: 'partial answer', status: 'done', finishReason: 'stop', usage: { completionTokens: 3 } });
    expect(done).toMatchObject({ text: 'partial answer', status: 'done', seq: 1 });
    expect((await getConversation(c.id))?.messageCount).toBe(2);
    expect((await getConversation(c.id))?.preview).toBe('partial answer');
    const cleared = await updateMessage(answer.id, { finishReason: undefined });
    expect(cleared).not.toHaveProperty('finishReason');
    await expect(updateMessage('missing', { text: 'x' })).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('keeps writing into a soft-deleted conversation so an undo restores the finished answer', async () => {
    const c = await createConversation();
    const [, answer] = await addMessages(c.id, [['user', 'q'], ['assistant', 'partial']]);
    await deleteConversation(c.id);
    await updateMessage(answer.id, { text: 'partial and finished', status: 'done' });
    expect(await searchConversations('finished')).toEqual([]); // still hidden
    await undoDelete(c.id);
    expect((await listMessages(c.id))[1].text).toBe('partial and finished');
    expect(await searchConversations('finished')).toHaveLength(1);
  });

  it('rejects invalid messages and a taken seq', async () => {
    const c = await createConversation();
    await expect(putMessage(makeMessage(c.id, 0, 'user', 'x', { status: 'streaming' }))).rejects.toMatchObject({ kind: 'invalid' });
    await expect(putMessage(makeMessage('no-such-conversation', 0, 'user', 'x'))).rejects.toMatchObject({ kind: 'not-found' });
    await putMessage(makeMessage(c.id, 0, 'user', 'x'));
    await expect(putMessage(makeMessage(c.id, 0, 'user', 'y'))).rejects.toMatchObject({ kind: 'invalid' });
    expect(await listMessages(c.id)).toHaveLength(1);
  });

  it('deleteMessagesAfter removes later messages, their terms, and fixes count and preview', async () => {
    const c = await createConversation();
    await addMessages(c.id, [['user', 'alpha'], ['assistant', 'bravo'], ['user', 'charlie'], ['assistant', 'delta']]);
    expect(await deleteMessagesAfter(c.id, 1)).toBe(2);
    expect((await listMessages(c.id)).map((m) => m.text)).toEqual(['alpha', 'bravo']);
    expect(await getConversation(c.id)).toMatchObject({ messageCount: 2, preview: 'bravo' });
    expect(await searchConversations('charlie')).toEqual([]);
    expect(await searchConversations('bravo')).toHaveLength(1);
    expect(await deleteMessagesAfter(c.id, 5)).toBe(0);
    expect(await deleteMessagesAfter(c.id, -1)).toBe(2);
    expect(await getConversation(c.id)).toMatchObject({ messageCount: 0 });
    expect((await getConversation(c.id))?.preview).toBeUndefined();
  });

  it('is atomic: a failure inside the transaction writes nothing', async () => {
    const c = await createConversation();
    await addMessages(c.id, [['user', 'first']]);
    const before = await snapshot();
    // The message put succeeds, then the conversation row write fails.
    const realPut = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if (this.name === 'conversations') throw new DOMException('simulated', 'UnknownError');
      return realPut.call(this, value, key);
    });
    const error = await putMessage(makeMessage(c.id, 1, 'assistant', 'second message text')).catch((e: unknown) => e);
    vi.restoreAllMocks();
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).kind).toBe('unavailable');
    expect(await snapshot()).toEqual(before);
  });

  it('maps QuotaExceededError to kind "quota" and writes nothing', async () => {
    const c = await createConversation();
    const before = await snapshot();
    const realPut = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if (this.name === 'messages') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return realPut.call(this, value, key);
    });
    const error = await putMessage(makeMessage(c.id, 0, 'user', 'will not fit')).catch((e: unknown) => e);
    vi.restoreAllMocks();
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ kind: 'quota' });
    expect((error as StorageError).message).toMatch(/storage is full/i);
    expect(await snapshot()).toEqual(before);
  });

  // Start-up recovery (lib/background/engine/recovery.ts, tested in tests/unit/background/engine) builds on this lookup.
  it('finds leftover streaming and queued messages by status', async () => {
    const a = await createConversation();
    const b = await createConversation();
    await addMessages(a.id, [['user', 'q1']]);
    await putMessage(makeMessage(a.id, 1, 'assistant', 'half an ans', { status: 'streaming' }));
    await putMessage(makeMessage(b.id, 0, 'user', 'q2'));
    await putMessage(makeMessage(b.id, 1, 'assistant', '', { status: 'queued' }));
    expect((await findMessagesByStatus('streaming')).map((m) => m.text)).toEqual(['half an ans']);
    expect((await findMessagesByStatus('queued')).map((m) => m.conversationId)).toEqual([b.id]);
    expect(await findMessagesByStatus('interrupted')).toEqual([]);
  });
});
