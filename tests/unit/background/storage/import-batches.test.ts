// The import writes conversations side by side in batches (issue #16: one at a time took minutes for
// 2,000). Ids repeated inside one file must still come out as one at a time would write them: a
// message id used by two conversations gets a fresh id the second time, a repeated conversation id
// is a conflict with the copy written just before.
import { beforeEach, describe, expect, it } from 'vitest';
import { listConversations } from '@/lib/background/storage/conversations';
import { importData } from '@/lib/background/storage/export-import-apply';
import type { ExportFile, ExportedConversation } from '@/lib/background/storage/export-import';
import { listMessages } from '@/lib/background/storage/messages';
import { freshDb } from './helpers';

beforeEach(freshDb);

function conversation(id: string, messageIds: string[]): ExportedConversation {
  return {
    id,
    title: `title ${id}`,
    createdAt: 1,
    updatedAt: 2,
    pinned: false,
    messageCount: messageIds.length,
    messages: messageIds.map((mid, seq) => ({ id: mid, conversationId: id, seq, role: seq % 2 ? 'assistant' : 'user', text: `text ${mid} of ${id}`, status: 'done', createdAt: 1, updatedAt: 1 })),
  };
}

const file = (conversations: ExportedConversation[]): ExportFile => ({ format: 'flarechat-export', version: 1, exportedAt: 3, conversations });

describe('import batches', () => {
  it('gives a message id repeated in another conversation of the same file a fresh id', async () => {
    const many = Array.from({ length: 30 }, (_, i) => conversation(`c${i}`, [`m${i}a`, `m${i}b`]));
    many[7] = conversation('c7', ['m3a', 'm7b']); // same batch as c3
    const summary = await importData(file(many));
    expect(summary.imported).toBe(30);
    const seven = await listMessages('c7');
    const three = await listMessages('c3');
    expect(seven).toHaveLength(2);
    expect(three.map((m) => m.text)).toContain('text m3a of c3');
    expect(seven.map((m) => m.text)).toContain('text m3a of c7');
    expect(new Set([...seven, ...three].map((m) => m.id)).size).toBe(4);
  });

  it('treats a conversation id repeated in the same file as a conflict with the first', async () => {
    const list = [conversation('a', ['x1']), conversation('b', ['y1']), conversation('a', ['z1'])];
    const skipped = await importData(file(list));
    expect(skipped).toMatchObject({ imported: 2, skipped: 1 });
    expect((await listMessages('a')).map((m) => m.id)).toEqual(['x1']);
    await freshDb();
    const copied = await importData(file(list), { onConflict: 'copy' });
    expect(copied.imported).toBe(3);
    expect(await listConversations({ limit: 10 })).toHaveLength(3);
  });
});
