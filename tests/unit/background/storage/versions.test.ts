// Message versions in storage (issue #12): siblings share a seq, the conversation remembers which
// version is shown, count and preview follow the visible path, and nothing is lost on upgrade,
// export or import.
import { beforeEach, describe, expect, it } from 'vitest';
import { createConversation, getConversation } from '@/lib/background/storage/conversations';
import { closeDb, openDb } from '@/lib/background/storage/db';
import { exportAll, exportConversationJson } from '@/lib/background/storage/export-import';
import { importData } from '@/lib/background/storage/export-import-apply';
import { exportConversationMarkdown } from '@/lib/background/storage/export-import-markdown';
import { parseImport } from '@/lib/background/storage/export-import-schema';
import { listMessages, putMessage, selectVersion } from '@/lib/background/storage/messages';
import { searchConversations } from '@/lib/background/storage/search';
import { visiblePath } from '@/lib/protocol/branches';
import type { Message } from '@/lib/protocol/records';
import { freshDb, makeMessage, writeOldDb } from './helpers';

beforeEach(freshDb);

/** u0 → a1 → u2 → a3, then a second answer to u0 (a1b): the old u2, a3 stay under a1. */
async function forked() {
  const c = await createConversation();
  const at = (seq: number, parentId: string, role: Message['role'], text: string, id: string) =>
    putMessage(makeMessage(c.id, seq, role, text, { id, parentId, createdAt: 1_000 + Number(id.length) + seq * 10 }));
  await at(0, '', 'user', 'first question', 'u0');
  await at(1, 'u0', 'assistant', 'first answer', 'a1');
  await at(2, 'a1', 'user', 'second question', 'u2');
  await at(3, 'u2', 'assistant', 'second answer', 'a3');
  await putMessage(makeMessage(c.id, 1, 'assistant', 'another first answer', { id: 'a1b', parentId: 'u0', createdAt: 5_000 }));
  return c.id;
}

describe('versions in storage', () => {
  it('stores a sibling with the same seq, deletes nothing, shows it, and counts the visible path', async () => {
    const id = await forked();
    expect(await listMessages(id)).toHaveLength(5);
    const conversation = await getConversation(id);
    expect(conversation).toMatchObject({ branch: { u0: 'a1b' }, messageCount: 2, preview: 'another first answer' });
    expect(await searchConversations('second')).toHaveLength(1); // hidden versions stay searchable
  });

  it('selectVersion shows the old branch with its later turns, and back', async () => {
    const id = await forked();
    const old = await selectVersion(id, 'a1');
    expect(old.conversation).toMatchObject({ branch: { u0: 'a1' }, messageCount: 4, preview: 'second answer' });
    expect(visiblePath(old.messages, old.conversation.branch).map((m) => m.id)).toEqual(['u0', 'a1', 'u2', 'a3']);
    expect((await getConversation(id))?.branch).toEqual({ u0: 'a1' });
    const back = await selectVersion(id, 'a1b');
    expect(back.conversation.messageCount).toBe(2);
    await expect(selectVersion(id, 'nope')).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('a new version becomes the shown one even when another was chosen before', async () => {
    const id = await forked();
    await selectVersion(id, 'a1');
    await putMessage(makeMessage(id, 1, 'assistant', 'third take', { id: 'a1c', parentId: 'u0', createdAt: 1 })); // an old clock
    expect(await getConversation(id)).toMatchObject({ branch: { u0: 'a1c' }, preview: 'third take' });
  });

  it('rejects a version whose seq does not fit its parent, or whose parent is elsewhere', async () => {
    const id = await forked();
    await expect(putMessage(makeMessage(id, 2, 'assistant', 'x', { parentId: 'u0' }))).rejects.toMatchObject({ kind: 'invalid' });
    await expect(putMessage(makeMessage(id, 1, 'assistant', 'x', { parentId: 'nowhere' }))).rejects.toMatchObject({ kind: 'invalid' });
    await expect(putMessage(makeMessage(id, 1, 'user', 'x', { parentId: '' }))).rejects.toMatchObject({ kind: 'invalid' });
    expect(await listMessages(id)).toHaveLength(5);
  });

  it('export carries every version and the choice; import restores them (also as a copy with fresh ids)', async () => {
    const id = await forked();
    await selectVersion(id, 'a1');
    const file = await exportAll();
    const exported = file.conversations[0];
    expect(exported.branch).toEqual({ u0: 'a1' });
    expect(exported.messages.map((m) => [m.id, m.seq, m.parentId])).toEqual([
      ['u0', 0, ''], ['a1', 1, 'u0'], ['a1b', 1, 'u0'], ['u2', 2, 'a1'], ['a3', 3, 'u2'],
    ]);
    const parsed = parseImport(JSON.stringify(file));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.data.conversations[0].messageCount).toBe(4);
    const summary = await importData(parsed.data, { onConflict: 'copy' });
    const copyId = summary.renamed[id];
    const copy = await getConversation(copyId);
    const messages = await listMessages(copyId);
    expect(messages).toHaveLength(5);
    expect(messages.some((m) => m.id === 'a1')).toBe(false); // fresh ids…
    const shown = visiblePath(messages, copy?.branch);
    expect(shown.map((m) => m.text)).toEqual(['first question', 'first answer', 'second question', 'second answer']); // …same tree and choice
    expect(copy?.messageCount).toBe(4);
    await closeDb();
    const replaced = await importData(parsed.data, { onConflict: 'replace' });
    expect(replaced.replaced).toBe(1);
    expect(visiblePath(await listMessages(id), (await getConversation(id))?.branch).map((m) => m.id)).toEqual(['u0', 'a1', 'u2', 'a3']);
  });

  it('the Markdown export shows the visible branch only', async () => {
    const id = await forked();
    const conversation = (await getConversation(id))!;
    const markdown = exportConversationMarkdown(conversation, await listMessages(id));
    expect(markdown).toContain('another first answer');
    expect(markdown).not.toContain('second question');
  });

  it('imports an old export (no parentId) as one chain, and rejects a version that does not fit', async () => {
    const c = await createConversation();
    const rows = [makeMessage(c.id, 0, 'user', 'q'), makeMessage(c.id, 1, 'assistant', 'a'), makeMessage(c.id, 2, 'user', 'q2')];
    const old = JSON.parse(exportConversationJson(c, rows)) as { conversations: { messages: Record<string, unknown>[]; id: string }[] };
    for (const m of old.conversations[0].messages) expect(m.parentId).toBeUndefined();
    old.conversations[0].id = 'old-one';
    for (const m of old.conversations[0].messages) m.conversationId = 'old-one';
    const parsed = parseImport(JSON.stringify(old));
    if (!parsed.ok) throw new Error(parsed.error);
    await importData(parsed.data);
    expect(await getConversation('old-one')).toMatchObject({ messageCount: 3 });
    expect(visiblePath(await listMessages('old-one')).map((m) => m.text)).toEqual(['q', 'a', 'q2']);

    old.conversations[0].messages[2].parentId = old.conversations[0].messages[0].id; // seq 2 under seq 0
    const bad = parseImport(JSON.stringify(old));
    expect(bad).toMatchObject({ ok: false, error: expect.stringContaining('messages[2].seq must be 1') as unknown });
  });
});

describe('database upgrade 1 → 3', () => {
  it('keeps every row and lets versions share a seq', async () => {
    await closeDb();
    // Version 1 as shipped: the [conversationId, seq] index was unique.
    await writeOldDb(1, ({ conversations, messages, terms }) => {
      conversations.put({ id: 'c1', title: 'Old', createdAt: 1, updatedAt: 1, pinned: false, sessionName: 'flarechat-x', messageCount: 2, listRank: 1 });
      messages.put(makeMessage('c1', 0, 'user', 'old question', { id: 'm0' }));
      messages.put(makeMessage('c1', 1, 'assistant', 'old answer', { id: 'm1' }));
      terms.put({ term: 'old', conversationId: 'c1', messageId: 'm0' });
    });
    const db = await openDb();
    expect(db.version).toBe(3);
    expect((await listMessages('c1')).map((m) => m.text)).toEqual(['old question', 'old answer']);
    expect((await searchConversations('answer')).map((r) => r.conversation.id)).toEqual(['c1']); // index rebuilt (v3)
    expect(db.transaction('messages').store.index('by-conversation').unique).toBe(false);
    await putMessage(makeMessage('c1', 1, 'assistant', 'new answer', { id: 'm1b', parentId: 'm0', createdAt: 9e12 }));
    expect((await listMessages('c1')).map((m) => m.id).sort()).toEqual(['m0', 'm1', 'm1b']);
    expect(await getConversation('c1')).toMatchObject({ branch: { m0: 'm1b' }, messageCount: 2, preview: 'new answer' });
  });
});
