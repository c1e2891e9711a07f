import { describe, expect, it } from 'vitest';
import { ancestryOf, branchShowing, parentsOf, pathVersions, versionsOf, visiblePath } from '@/lib/protocol/branches';
import type { Message } from '@/lib/protocol/records';

let clock = 0;
function msg(id: string, seq: number, parentId?: string, createdAt = ++clock): Message {
  return { id, conversationId: 'c', seq, role: seq % 2 ? 'assistant' : 'user', text: id, status: 'done', createdAt, updatedAt: createdAt, ...(parentId !== undefined && { parentId }) };
}
const ids = (messages: Message[]) => messages.map((m) => m.id);

describe('branches', () => {
  it('reads legacy rows (no parentId) as one chain by seq, whatever their order', () => {
    const legacy = [msg('c', 2), msg('a', 0), msg('d', 3), msg('b', 1)];
    expect(ids(visiblePath(legacy))).toEqual(['a', 'b', 'c', 'd']);
    expect(parentsOf(legacy).get('c')).toBe('b');
    expect(parentsOf(legacy).get('a')).toBe('');
    expect(versionsOf(legacy[0], legacy)).toHaveLength(1);
    expect(pathVersions(visiblePath(legacy), legacy)).toEqual({});
  });

  it('legacy rows with a gap in seq still chain (the greatest smaller seq)', () => {
    const legacy = [msg('a', 0), msg('b', 1), msg('c', 4)];
    expect(parentsOf(legacy).get('c')).toBe('b');
  });

  it('mixed: new versions under legacy rows fork there; the newest version is shown by default', () => {
    const rows = [msg('u0', 0), msg('a1', 1), msg('u2', 2), msg('a3', 3)];
    const regen = msg('a1b', 1, 'u0');
    const all = [...rows, regen];
    expect(ids(visiblePath(all))).toEqual(['u0', 'a1b']);
    expect(ids(versionsOf(rows[1], all))).toEqual(['a1', 'a1b']);
    // Choosing the old version brings back the old later turns.
    expect(ids(visiblePath(all, { u0: 'a1' }))).toEqual(['u0', 'a1', 'u2', 'a3']);
    expect(pathVersions(visiblePath(all, { u0: 'a1' }), all)).toEqual({ a1: { current: 1, count: 2, ids: ['a1', 'a1b'] } });
  });

  it('a deep tree: edits at the root, regenerations below, choices at several forks', () => {
    const all = [
      msg('u', 0, ''), msg('a', 1, 'u'), msg('u2', 2, 'a'), msg('a2', 3, 'u2'),
      msg('a2b', 3, 'u2'), msg('a2c', 3, 'u2'), // three answers to u2
      msg('v', 0, ''), msg('va', 1, 'v'), // an edited first prompt
    ];
    expect(ids(visiblePath(all))).toEqual(['v', 'va']);
    expect(ids(visiblePath(all, { '': 'u' }))).toEqual(['u', 'a', 'u2', 'a2c']);
    expect(ids(visiblePath(all, { '': 'u', u2: 'a2b' }))).toEqual(['u', 'a', 'u2', 'a2b']);
    // A choice naming no child (or a stale id) falls back to the newest.
    expect(ids(visiblePath(all, { '': 'gone', u2: 'va' }))).toEqual(['v', 'va']);
    expect(ids(ancestryOf(all[4], all))).toEqual(['u', 'a', 'u2', 'a2b']);
    const branch = branchShowing(all[4], all, {});
    expect(branch).toEqual({ '': 'u', u2: 'a2b' }); // only forks get an entry
    expect(ids(visiblePath(all, branch))).toEqual(['u', 'a', 'u2', 'a2b']);
    expect(pathVersions(visiblePath(all, branch), all)).toEqual({
      u: { current: 1, count: 2, ids: ['u', 'v'] },
      a2b: { current: 2, count: 3, ids: ['a2', 'a2b', 'a2c'] },
    });
  });

  it('orders versions by createdAt, then id (same-millisecond versions stay stable)', () => {
    const all = [msg('u', 0, ''), msg('b', 1, 'u', 50), msg('a', 1, 'u', 50)];
    expect(ids(versionsOf(all[1], all))).toEqual(['a', 'b']);
    expect(ids(visiblePath(all))).toEqual(['u', 'b']);
  });

  it('never loops on a cycle or an orphan in a hand-made file', () => {
    const all = [msg('u', 0, ''), msg('x', 1, 'y'), msg('y', 1, 'x'), msg('o', 3, 'missing')];
    expect(ids(visiblePath(all))).toEqual(['u']);
    expect(ids(ancestryOf(all[1], all))).toEqual(['y', 'x']);
  });
});
