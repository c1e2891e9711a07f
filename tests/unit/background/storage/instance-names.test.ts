// Deleting a conversation clears every playground instance it wrote to (issue #17 "Private
// sessions"), including each comparison column's own instance (issue #15).
import { beforeEach, describe, expect, it } from 'vitest';
import { createConversation, deleteAllData, deleteConversation, purgeDeleted } from '@/lib/background/storage/conversations';
import { columnSessionName } from '@/lib/background/storage/instance-names';
import { putMessage } from '@/lib/background/storage/messages';
import { freshDb, makeMessage } from './helpers';

beforeEach(freshDb);

/** A question answered by two compared models (two sibling columns). */
async function compared() {
  const c = await createConversation();
  await putMessage(makeMessage(c.id, 0, 'user', 'which is better?', { id: 'u0', parentId: '' }));
  await putMessage(makeMessage(c.id, 1, 'assistant', 'left', { id: 'colA', parentId: 'u0', compareGroup: 'g1', createdAt: 2_000 }));
  await putMessage(makeMessage(c.id, 1, 'assistant', 'right', { id: 'colB', parentId: 'u0', compareGroup: 'g1', createdAt: 3_000 }));
  return c;
}

describe('the instances a deletion clears', () => {
  it('a purged conversation names its own instance and each comparison column', async () => {
    const c = await compared();
    const plain = await createConversation();
    await deleteConversation(c.id);
    let names: string[] = [];
    expect(await purgeDeleted(0, (n) => (names = n))).toBe(1);
    expect(names.sort()).toEqual([c.sessionName, columnSessionName(c, { id: 'colA' }), columnSessionName(c, { id: 'colB' })].sort());
    expect(names).not.toContain(plain.sessionName);
  });

  it('"Delete all" names every conversation and every comparison column', async () => {
    const c = await compared();
    const plain = await createConversation();
    const names = await deleteAllData();
    expect(names.sort()).toEqual([c.sessionName, plain.sessionName, columnSessionName(c, { id: 'colA' }), columnSessionName(c, { id: 'colB' })].sort());
  });
});
