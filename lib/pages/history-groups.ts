// The history list in groups (issue #12): pinned first, then Today, Yesterday, Last 7 days, Older,
// by updatedAt in local time. The order inside a group is the list's order (most recent first).
import type { Conversation } from '@/lib/protocol/records';

export type HistoryGroupKey = 'pinned' | 'today' | 'yesterday' | 'week' | 'older';

export interface HistoryGroup {
  key: HistoryGroupKey;
  conversations: Conversation[];
}

const ORDER: HistoryGroupKey[] = ['pinned', 'today', 'yesterday', 'week', 'older'];

/** Local midnight `daysBack` days before `now` (calendar days, so a DST change does not shift it). */
function midnight(now: number, daysBack: number): number {
  const date = new Date(now);
  date.setHours(0, 0, 0, 0);
  date.setDate(date.getDate() - daysBack);
  return date.getTime();
}

export function groupOf(conversation: Pick<Conversation, 'pinned' | 'updatedAt'>, now = Date.now()): HistoryGroupKey {
  if (conversation.pinned) return 'pinned';
  if (conversation.updatedAt >= midnight(now, 0)) return 'today';
  if (conversation.updatedAt >= midnight(now, 1)) return 'yesterday';
  if (conversation.updatedAt >= midnight(now, 6)) return 'week';
  return 'older';
}

/** Non-empty groups in display order; a conversation dated in the future counts as today. */
export function groupHistory(conversations: readonly Conversation[], now = Date.now()): HistoryGroup[] {
  const byKey = new Map<HistoryGroupKey, Conversation[]>();
  for (const conversation of conversations) {
    const key = groupOf(conversation, now);
    const list = byKey.get(key) ?? [];
    list.push(conversation);
    byKey.set(key, list);
  }
  return ORDER.filter((key) => byKey.has(key)).map((key) => ({ key, conversations: byKey.get(key)! }));
}
