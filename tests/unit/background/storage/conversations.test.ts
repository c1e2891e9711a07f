import { beforeEach, describe, expect, it } from 'vitest';
import {
  createConversation,
  deleteAllData,
  deleteConversation,
  getConversation,
  listConversations,
  purgeDeleted,
  renameConversation,
  setPinned,
  undoDelete,
  updateConversationSettings,
} from '@/lib/background/storage/conversations';
import { closeDb, openDb } from '@/lib/background/storage/db';
import { StorageError } from '@/lib/background/storage/errors';
import { listMessages } from '@/lib/background/storage/messages';
import { searchConversations } from '@/lib/background/storage/search';
import { DEFAULT_TITLE } from '@/lib/protocol/records';
import { addMessages, freshDb, tick } from './helpers';

beforeEach(freshDb);

const ids = (list: { id: string }[]) => list.map((c) => c.id);

describe('conversations', () => {
  it('creates with defaults and reads back', async () => {
    const created = await createConversation({ model: '@cf/qwen/qwq-32b' });
    expect(created).toMatchObject({ title: DEFAULT_TITLE, pinned: false, messageCount: 0, model: '@cf/qwen/qwq-32b' });
    // 22 symbols of a 64-symbol alphabet = 132 random bits, no product prefix (issue #17).
    expect(created.sessionName).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await getConversation(created.id)).toEqual(created);
    expect(await getConversation('missing')).toBeUndefined();
  });

  it('rejects invalid settings and duplicate ids', async () => {
    await expect(createConversation({ temperature: 3 })).rejects.toMatchObject({ kind: 'invalid' });
    await createConversation({ id: 'x' });
    await expect(createConversation({ id: 'x' })).rejects.toMatchObject({ kind: 'invalid' });
  });

  it('lists pinned first, then by recency, and pages with `before`', async () => {
    const made = [];
    for (let i = 0; i < 6; i++) {
      made.push(await createConversation({ title: `c${i}` }));
      await tick();
    }
    await setPinned(made[1].id, true);
    await setPinned(made[4].id, true);
    const all = await listConversations({ limit: 100 });
    expect(all.map((c) => c.title)).toEqual(['c4', 'c1', 'c5', 'c3', 'c2', 'c0']);

    const page1 = await listConversations({ limit: 3 });
    const page2 = await listConversations({ limit: 3, before: page1[2] });
    const page3 = await listConversations({ limit: 3, before: page2[2] });
    expect([...ids(page1), ...ids(page2)]).toEqual(ids(all));
    expect(page3).toEqual([]);
    expect(await listConversations({ limit: 0 })).toEqual([]);
  });

  it('moves a conversation up when it gets a message', async () => {
    const a = await createConversation({ title: 'a' });
    await tick();
    await createConversation({ title: 'b' });
    await tick();
    await addMessages(a.id, [['user', 'hello']]);
    expect((await listConversations({ limit: 10 })).map((c) => c.title)).toEqual(['a', 'b']);
  });

  it('a rename keeps the conversation where it was in the list (issue #12)', async () => {
    const a = await createConversation({ title: 'a' });
    await tick();
    await createConversation({ title: 'b' });
    await tick();
    const renamed = await renameConversation(a.id, 'a renamed');
    expect(renamed.updatedAt).toBe(a.updatedAt);
    expect((await listConversations({ limit: 10 })).map((c) => c.title)).toEqual(['b', 'a renamed']);
  });

  it('renames (and a rename sticks), validates settings updates', async () => {
    const c = await createConversation();
    const renamed = await renameConversation(c.id, '  My   chat ');
    expect(renamed).toMatchObject({ title: 'My chat', titleEdited: true });
    await expect(renameConversation(c.id, '   ')).rejects.toMatchObject({ kind: 'invalid' });
    await expect(renameConversation('nope', 'x')).rejects.toMatchObject({ kind: 'not-found' });

    const updated = await updateConversationSettings(c.id, { model: '@cf/x/y', temperature: 1.5, maxTokens: 100, systemPrompt: 'sys' });
    expect(updated).toMatchObject({ model: '@cf/x/y', temperature: 1.5, maxTokens: 100, systemPrompt: 'sys' });
    const cleared = await updateConversationSettings(c.id, { model: undefined });
    expect(cleared).not.toHaveProperty('model');
    expect(cleared.temperature).toBe(1.5);
    await expect(updateConversationSettings(c.id, { maxTokens: 9000 })).rejects.toMatchObject({ kind: 'invalid' });
    expect((await getConversation(c.id))?.maxTokens).toBe(100);
  });

  it('soft-deletes, undoes, and purges with messages and search terms', async () => {
    const keep = await createConversation({ title: 'keep zebra' });
    const gone = await createConversation({ title: 'gone zebra' });
    await addMessages(gone.id, [['user', 'zebra crossing'], ['assistant', 'stripes']]);

    const token = await deleteConversation(gone.id);
    expect(token.conversationId).toBe(gone.id);
    expect(ids(await listConversations({ limit: 10 }))).toEqual([keep.id]);
    expect((await getConversation(gone.id))?.deletedAt).toBe(token.deletedAt);
    await expect(deleteConversation(gone.id)).rejects.toMatchObject({ kind: 'not-found' }); // already deleted

    const restored = await undoDelete(token);
    expect(restored.deletedAt).toBeUndefined();
    expect(ids(await listConversations({ limit: 10 }))).toContain(gone.id);

    await deleteConversation(gone.id);
    expect(await purgeDeleted(60_000)).toBe(0); // too recent
    expect(await purgeDeleted(0)).toBe(1);
    expect(await getConversation(gone.id)).toBeUndefined();
    expect(await listMessages(gone.id)).toEqual([]);
    const db = await openDb();
    expect(await db.get('search-index', gone.id)).toBeUndefined();
    expect((await searchConversations('zebra')).map((r) => r.conversation.id)).toEqual([keep.id]);
    await expect(undoDelete(gone.id)).rejects.toBeInstanceOf(StorageError);
  });

  it('deleteAllData empties every store', async () => {
    const c = await createConversation({ title: 'x' });
    await addMessages(c.id, [['user', 'hi']]);
    await deleteAllData();
    expect(await listConversations({ limit: 10 })).toEqual([]);
    expect(await listMessages(c.id)).toEqual([]);
    expect(await (await openDb()).count('search-index')).toBe(0);
  });

  it('re-opens lazily after the connection is closed', async () => {
    await createConversation({ title: 'before' });
    (await openDb()).close(); // closed behind our back (e.g. versionchange)
    await createConversation({ title: 'after' });
    await closeDb();
    expect((await listConversations({ limit: 10 })).map((c) => c.title).sort()).toEqual(['after', 'before']);
  });
});
