// Listing and search read the newest rows in batches (issue #16): one getAllRecords request where
// the browser has it (Chrome 141+), a backwards cursor elsewhere. Both give the same rows in the
// same order, including conversations that share an updatedAt across batch boundaries.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IDBIndex } from 'fake-indexeddb';
import { createConversation, listConversations } from '@/lib/background/storage/conversations';
import { searchConversations } from '@/lib/background/storage/search';
import { freshDb } from './helpers';

beforeEach(freshDb);

type GetAllRecords = (options: { query?: IDBKeyRange | null; count?: number; direction?: IDBCursorDirection }) => IDBRequest;
const proto = IDBIndex.prototype as unknown as { getAllRecords?: GetAllRecords };
const original = proto.getAllRecords!;

/** Counts getAllRecords calls (fake-indexeddb implements IndexedDB 3.0, as Chrome 141+ does). */
function spyGetAllRecords() {
  const calls: { count?: number; direction?: string }[] = [];
  proto.getAllRecords = function (this: IDBIndex, options) {
    calls.push({ count: options.count, direction: options.direction });
    return original.call(this, options);
  };
  return { calls, uninstall: () => (proto.getAllRecords = original) };
}

/** A browser without getAllRecords (Firefox today): the backwards cursor. */
function withoutGetAllRecords() {
  delete proto.getAllRecords;
  return () => (proto.getAllRecords = original);
}

let uninstall: (() => void) | undefined;
afterEach(() => {
  uninstall?.();
  uninstall = undefined;
  vi.useRealTimers();
});

async function seed(): Promise<void> {
  vi.useFakeTimers({ toFake: ['Date'] });
  // 250 conversations share one updatedAt (several 64-row batches), then 30 newer ones: 280 match
  // "co", over the probe cap, so search walks by recency (search.ts step 5).
  vi.setSystemTime(1_700_000_000_000);
  for (let i = 0; i < 250; i++) await createConversation({ id: `same-${String(i).padStart(3, '0')}`, title: `Common topic ${i}` });
  for (let i = 0; i < 30; i++) {
    vi.setSystemTime(1_700_000_001_000 + i);
    await createConversation({ id: `new-${i}`, title: `Common newer ${i}`, pinned: i === 3 });
  }
  vi.useRealTimers();
}

describe('reading newest first in batches', () => {
  it('lists and searches the same rows in the same order with getAllRecords as with the cursor', async () => {
    await seed();
    uninstall = withoutGetAllRecords();
    const listed = (await listConversations({ limit: 100 })).map((c) => c.id);
    // "co" is a short prefix over every conversation: the recency walk in batches.
    const searched = (await searchConversations('co', 300)).map((r) => r.conversation.id);
    expect(new Set(searched).size).toBe(280);
    expect(listed[0]).toBe('new-3'); // pinned first
    uninstall();

    const native = spyGetAllRecords();
    uninstall = native.uninstall;
    expect((await listConversations({ limit: 100 })).map((c) => c.id)).toEqual(listed);
    expect((await searchConversations('co', 300)).map((r) => r.conversation.id)).toEqual(searched);
    // One request for the list (limit rows, newest first), batches of 64 (+ the rows at the boundary) for the walk.
    expect(native.calls[0]).toEqual({ count: 100, direction: 'prev' });
    expect(native.calls.length).toBeGreaterThan(1 + 4);
    expect(native.calls.length).toBeLessThanOrEqual(1 + Math.ceil(280 / 64) + 3);
  });

  it('the recency walk returns every conversation once even when a whole batch shares one updatedAt', async () => {
    await seed();
    const native = spyGetAllRecords();
    uninstall = native.uninstall;
    const ids = (await searchConversations('co', 500)).map((r) => r.conversation.id);
    expect(ids).toHaveLength(280);
    expect(new Set(ids).size).toBe(280);
    expect(ids.slice(0, 30)).toEqual(Array.from({ length: 30 }, (_, i) => `new-${29 - i}`));
    expect(native.calls.length).toBeGreaterThan(2);
  });
});
