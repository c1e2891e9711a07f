// History date groups by local time (issue #12).
import { describe, expect, it } from 'vitest';
import { groupHistory, groupOf } from '@/lib/pages/history-groups';
import type { Conversation } from '@/lib/protocol/records';

const at = (y: number, m: number, d: number, h = 12) => new Date(y, m - 1, d, h).getTime();
const conv = (id: string, updatedAt: number, pinned = false): Conversation =>
  ({ id, title: id, createdAt: updatedAt, updatedAt, pinned, sessionName: 's', messageCount: 1 });

describe('history groups', () => {
  const now = at(2026, 3, 10, 9); // 09:00 local on 10 March
  it('puts each conversation in its local-time group', () => {
    expect(groupOf(conv('a', at(2026, 3, 10, 0)), now)).toBe('today');
    expect(groupOf(conv('b', at(2026, 3, 9, 23)), now)).toBe('yesterday');
    expect(groupOf(conv('c', at(2026, 3, 9, 0)), now)).toBe('yesterday');
    expect(groupOf(conv('d', at(2026, 3, 8, 23)), now)).toBe('week');
    expect(groupOf(conv('e', at(2026, 3, 4, 0)), now)).toBe('week');
    expect(groupOf(conv('f', at(2026, 3, 3, 23)), now)).toBe('older');
    expect(groupOf(conv('g', at(2020, 1, 1), true), now)).toBe('pinned');
    expect(groupOf(conv('h', now + 60_000), now)).toBe('today');
  });

  it('lists the pinned group first and skips empty groups, keeping the order inside each', () => {
    const list = [conv('p', at(2026, 1, 1), true), conv('t1', at(2026, 3, 10, 8)), conv('t2', at(2026, 3, 10, 1)), conv('o', at(2025, 12, 1))];
    expect(groupHistory(list, now).map((g) => [g.key, g.conversations.map((c) => c.id)])).toEqual([
      ['pinned', ['p']],
      ['today', ['t1', 't2']],
      ['older', ['o']],
    ]);
  });
});
