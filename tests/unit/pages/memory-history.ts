// An in-memory HistoryApi for the history list's tests: ordered and paged like the store.
import { vi } from 'vitest';
import type { ListCursor } from '@/lib/protocol/data';
import type { Conversation } from '@/lib/protocol/records';
import { emptyHistory, type HistoryApi } from '@/lib/pages/history';

const byListOrder = (a: Pick<Conversation, 'pinned' | 'updatedAt' | 'id'>, b: Pick<Conversation, 'pinned' | 'updatedAt' | 'id'>) =>
  Number(b.pinned) - Number(a.pinned) || b.updatedAt - a.updatedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

export function memoryHistory(rows: Conversation[]) {
  const deleted = new Set<string>();
  const history: HistoryApi = {
    ...emptyHistory(),
    // Like the store: pinned first, then by recency, `limit` rows after the cursor.
    list: vi.fn((limit: number, before?: ListCursor) => {
      const live = rows.filter((r) => !deleted.has(r.id)).sort(byListOrder);
      const after = before ? live.filter((r) => byListOrder(before, r) < 0) : live;
      return Promise.resolve(after.slice(0, limit));
    }),
    search: vi.fn((q: string, limit: number) => Promise.resolve(rows.filter((r) => !deleted.has(r.id) && r.title.toLowerCase().includes(q.toLowerCase())).slice(0, limit))),
    rename: vi.fn((id: string, title: string) => {
      rows.find((r) => r.id === id)!.title = title;
      return Promise.resolve();
    }),
    setPinned: vi.fn((id: string, pinned: boolean) => {
      rows.find((r) => r.id === id)!.pinned = pinned;
      return Promise.resolve();
    }),
    remove: vi.fn((id: string) => {
      deleted.add(id);
      return Promise.resolve();
    }),
    undoRemove: vi.fn((id: string) => {
      deleted.delete(id);
      return Promise.resolve();
    }),
    exportMarkdown: vi.fn(() => Promise.resolve('# Alpha')),
    importText: vi.fn(() => Promise.reject(new Error('The file is not valid JSON.'))),
  };
  return history;
}

