// Database v2 → v3 (issue #16): the search index moves from one row per (term, conversation,
// message) to one row per conversation (search-index.ts). The new rows are rebuilt from the titles
// and message texts, not from the old rows (5 million of them at 10,000 conversations, and an old
// index that drifted would stay drifted).
//
// It runs inside the versionchange transaction, with raw requests whose handlers throw into the
// transaction: any failure (quota, a thrown handler, the worker dying half way) aborts the whole
// upgrade, and the database stays at v2 with its old `search-terms` store; the next open tries again.
// Conversations are read in one request, their messages a few hundred conversations at a time.
import { termsRow } from './search-index';
import { TITLE_SOURCE } from './db';

/** Conversations whose messages are read at once (one getAll each, overlapping). */
const MIGRATE_BATCH = 200;

interface Row {
  id: string;
  title?: unknown;
}
interface MessageRow {
  id: string;
  text?: unknown;
}

/** `tx`: the raw versionchange transaction (idb's `unwrap`), which spans the old and the new stores. */
export function migrateSearchIndex(tx: IDBTransaction): void {
  // A request error (quota…) not prevented, or an exception in a handler below, aborts the
  // transaction by itself (IndexedDB "fire a success/error event"); this only says why.
  tx.addEventListener('error', (event) => console.error('FlareChat: the search index upgrade failed; the database stays at the previous version', (event.target as IDBRequest | null)?.error), { once: true });
  // Spelled out as well, for engines that let a handler's exception pass without aborting.
  const guarded = (handler: () => void) => () => {
    try {
      handler();
    } catch (error) {
      console.error('FlareChat: the search index upgrade failed; the database stays at the previous version', error);
      tx.abort();
    }
  };
  const index = tx.objectStore('search-index');
  const messages = tx.objectStore('messages').index('by-conversation');
  const read = tx.objectStore('conversations').getAll();
  read.onsuccess = guarded(() => {
    const rows = read.result as Row[];
    let next = 0;
    const batch = () => {
      const slice = rows.slice(next, next + MIGRATE_BATCH);
      next += slice.length;
      let left = slice.length;
      for (const row of slice) {
        const request = messages.getAll(IDBKeyRange.bound([row.id], [row.id, []]));
        request.onsuccess = guarded(() => {
          const sources: Record<string, string> = {};
          if (typeof row.title === 'string') sources[TITLE_SOURCE] = row.title;
          // A message without text (an old or foreign build's row) is skipped, not fatal: an
          // upgrade that always fails would keep the whole history closed.
          for (const message of request.result as MessageRow[]) if (typeof message.text === 'string') sources[message.id] = message.text;
          const terms = termsRow(row.id, sources);
          if (terms) index.put(terms);
          if (--left === 0 && next < rows.length) batch();
        });
      }
    };
    if (rows.length) batch();
  });
}
