// The v3 search index (issue #16): one row per conversation with the terms of each source (title
// under '', each message under its id) and their union, kept in step by every write in the same
// transaction, even when several sources of one conversation change at once.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConversation, renameConversation } from '@/lib/background/storage/conversations';
import { openDb } from '@/lib/background/storage/db';
import { importData } from '@/lib/background/storage/export-import-apply';
import { deleteMessagesAfter, putMessage, updateMessage } from '@/lib/background/storage/messages';
import { searchConversations } from '@/lib/background/storage/search';
import { DEFAULT_TITLE } from '@/lib/protocol/records';
import { freshDb, makeMessage } from './helpers';

beforeEach(freshDb);
afterEach(() => vi.restoreAllMocks());

async function row(id: string) {
  const found = await (await openDb()).get('search-index', id);
  return found && { terms: [...found.terms].sort(), sources: Object.fromEntries(Object.entries(found.sources).map(([k, v]) => [k, [...v].sort()])) };
}

describe('search index rows (v3)', () => {
  it('an import writes one row per conversation with every source, in one go', async () => {
    await importData({
      format: 'flarechat-export',
      version: 1,
      exportedAt: 0,
      conversations: [
        {
          id: 'c1', title: 'Alpha trip', createdAt: 1, updatedAt: 2, pinned: false, messageCount: 2,
          messages: [makeMessage('c1', 0, 'user', 'alpha beta', { id: 'm0' }), makeMessage('c1', 1, 'assistant', 'gamma', { id: 'm1' })],
        },
      ],
    });
    expect(await row('c1')).toEqual({ terms: ['alpha', 'beta', 'gamma', 'trip'], sources: { '': ['alpha', 'trip'], m0: ['alpha', 'beta'], m1: ['gamma'] } });
  });

  it('the first user message sets the title and its own terms in the same transaction, both kept', async () => {
    const c = await createConversation();
    expect(c.title).toBe(DEFAULT_TITLE);
    await putMessage(makeMessage(c.id, 0, 'user', 'Penguins of Antarctica', { id: 'u0' }));
    const found = await row(c.id);
    expect(found?.sources.u0).toEqual(['antarctica', 'of', 'penguins']);
    expect(found?.sources['']).toEqual(['antarctica', 'of', 'penguins']);
    await renameConversation(c.id, 'Birds');
    expect((await row(c.id))?.sources['']).toEqual(['birds']);
    expect((await row(c.id))?.terms).toEqual(['antarctica', 'birds', 'of', 'penguins']);
  });

  it('an edit drops a term no other source has, keeps one another source has; a cut removes its sources', async () => {
    const c = await createConversation({ title: 'Notes' });
    await putMessage(makeMessage(c.id, 0, 'user', 'kiwi mango', { id: 'u0' }));
    await putMessage(makeMessage(c.id, 1, 'assistant', 'mango papaya', { id: 'a1' }));
    await updateMessage('u0', { text: 'lime' });
    expect(await row(c.id)).toEqual({ terms: ['lime', 'mango', 'notes', 'papaya'], sources: { '': ['notes'], u0: ['lime'], a1: ['mango', 'papaya'] } });
    expect(await searchConversations('kiwi')).toEqual([]);
    expect(await searchConversations('mango')).toHaveLength(1);
    await putMessage(makeMessage(c.id, 2, 'user', 'quince', { id: 'u2', parentId: 'a1' }));
    await putMessage(makeMessage(c.id, 3, 'assistant', 'raisin', { id: 'a3', parentId: 'u2' }));
    expect(await deleteMessagesAfter(c.id, 1)).toBe(2);
    expect(await row(c.id)).toEqual({ terms: ['lime', 'mango', 'notes', 'papaya'], sources: { '': ['notes'], u0: ['lime'], a1: ['mango', 'papaya'] } });
  });

  it('a streaming checkpoint that adds no new word does not touch the index', async () => {
    const c = await createConversation({ title: 'Notes' });
    await putMessage(makeMessage(c.id, 0, 'user', 'hello', { id: 'u0' }));
    await putMessage(makeMessage(c.id, 1, 'assistant', 'one two', { id: 'a1', status: 'streaming' }));
    const realPut = IDBObjectStore.prototype.put;
    const stores: string[] = [];
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      stores.push(this.name);
      return realPut.call(this, value, key);
    });
    await updateMessage('a1', { text: 'one two one' });
    expect(stores).not.toContain('search-index');
    await updateMessage('a1', { text: 'one two one three' });
    expect(stores).toContain('search-index');
    expect((await row(c.id))?.sources.a1).toEqual(['one', 'three', 'two']);
  });
});
