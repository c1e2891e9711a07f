// Database v2 → v3 (issue #16): the per-(term, conversation, message) `search-terms` store becomes
// one `search-index` row per conversation, rebuilt from the stored texts; a failed upgrade leaves
// the v2 database as it was, and the next open migrates it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deleteConversation, getConversation } from '@/lib/background/storage/conversations';
import { closeDb, DB_NAME, openDb } from '@/lib/background/storage/db';
import { putMessage } from '@/lib/background/storage/messages';
import { searchConversations } from '@/lib/background/storage/search';
import { freshDb, makeMessage, writeOldDb } from './helpers';

beforeEach(freshDb);
afterEach(() => vi.restoreAllMocks());

/** A v2 database as the previous build wrote it: three conversations, one soft-deleted, and their old terms. */
function writeV2(): Promise<void> {
  return writeOldDb(2, ({ conversations, messages, terms }) => {
    const row = (id: string, title: string, updatedAt: number, extra = {}) => ({ id, title, createdAt: 1, updatedAt, pinned: false, sessionName: `s-${id}`, messageCount: 2, listRank: 1, ...extra });
    conversations.put(row('c1', 'Penguin notes', 30));
    conversations.put(row('c2', 'Travel', 20));
    conversations.put(row('c3', 'Gone', 10, { deletedAt: 5, listRank: 0 }));
    messages.put(makeMessage('c1', 0, 'user', 'Where do emperor penguins live?', { id: 'c1m0' }));
    messages.put(makeMessage('c1', 1, 'assistant', 'In Antarctica, on the sea ice.', { id: 'c1m1' }));
    messages.put(makeMessage('c2', 0, 'user', 'A week in Kyoto: 京都の寺', { id: 'c2m0' }));
    messages.put(makeMessage('c2', 1, 'assistant', 'Start with the penguin aquarium, then the temples.', { id: 'c2m1' }));
    messages.put(makeMessage('c3', 0, 'user', 'penguin jokes', { id: 'c3m0' }));
    messages.put({ ...makeMessage('c3', 1, 'assistant', ''), id: 'c3m1', text: 42 }); // a foreign row without a text string
    for (const [term, conversationId, messageId] of [['penguin', 'c1', ''], ['emperor', 'c1', 'c1m0'], ['stale', 'c2', 'c2m0']]) {
      terms.put({ term, conversationId, messageId });
    }
  });
}

/** The database as it is on disk, opened without asking for a version (no upgrade). */
function inspect(): Promise<{ version: number; stores: string[]; oldTerms: number }> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME);
    request.onsuccess = () => {
      const db = request.result;
      const stores = [...db.objectStoreNames];
      if (!stores.includes('search-terms')) {
        db.close();
        resolve({ version: db.version, stores, oldTerms: 0 });
        return;
      }
      const count = db.transaction('search-terms').objectStore('search-terms').count();
      count.onsuccess = () => {
        db.close();
        resolve({ version: db.version, stores, oldTerms: count.result });
      };
    };
    request.onerror = () => reject(new Error(String(request.error)));
  });
}

const ids = async (query: string) => (await searchConversations(query)).map((r) => r.conversation.id);

describe('database upgrade 2 → 3 (search index per conversation)', () => {
  it('rebuilds the index from every title and message, drops the old store, and searches as before', async () => {
    await closeDb();
    await writeV2();
    const db = await openDb();
    expect(db.version).toBe(3);
    expect([...db.objectStoreNames].sort()).toEqual(['conversations', 'messages', 'search-index']);
    expect(await db.count('search-index')).toBe(3);
    expect(await ids('penguin')).toEqual(['c1', 'c2']); // the title of c1, a message of c2; c3 is deleted
    expect(await ids('antarctica sea')).toEqual(['c1']);
    expect(await ids('京都')).toEqual(['c2']);
    expect(await ids('stale')).toEqual([]); // rebuilt from the texts, not copied from the old rows
    const [hit] = await searchConversations('temples');
    expect(hit).toMatchObject({ messageId: 'c2m1', snippet: { text: expect.stringContaining('temples') } });
    // Writes after the upgrade keep the new index in step.
    await putMessage(makeMessage('c2', 2, 'user', 'And the bamboo forest?', { id: 'c2m2', parentId: 'c2m1' }));
    expect(await ids('bamboo')).toEqual(['c2']);
    await deleteConversation('c1');
    expect(await ids('penguin')).toEqual(['c2']);
    expect((await getConversation('c3'))?.deletedAt).toBe(5);
  });

  it('a failed upgrade leaves version 2 with its old index, and the next open migrates', async () => {
    await closeDb();
    await writeV2();
    const realPut = IDBObjectStore.prototype.put;
    let puts = 0;
    // The disk fills up on the second conversation's new row: the upgrade transaction aborts.
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if (this.name === 'search-index' && ++puts === 2) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return realPut.call(this, value, key);
    });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await expect(openDb()).rejects.toBeTruthy();
    expect(puts).toBe(2);
    expect(await inspect()).toEqual({ version: 2, stores: ['conversations', 'messages', 'search-terms'], oldTerms: 3 });

    vi.restoreAllMocks();
    const db = await openDb();
    expect(db.version).toBe(3);
    expect(await ids('penguin')).toEqual(['c1', 'c2']);
  });
});
