// Bench-only bulk write (e2e builds only: entrypoints/background.ts exposes it as
// `__flarechatBench.seedHistory`; production builds drop it). Bench measure 5 needs 10,000
// conversations of 20 messages in the real database; the product's import writes them in minutes
// (it checks every id and waits per conversation), which made 10,000 impractical (issue #16). This
// writes the same rows the import writes (conversation with its list rank, messages, the
// conversation's search-index row) with raw requests and no waits in between, 100 conversations per
// transaction: 22 requests per 20-message conversation since DB v3 (528 before). The import itself is still measured, once, through the options page.
import { unwrap } from 'idb';
import { openDb, toStored, TITLE_SOURCE } from './db';
import { termsRow } from './search-index';
import type { ExportedConversation } from './export-import';
import type { Conversation } from '../../protocol/records';
import { searchConversations } from './search';

/**
 * Conversations per transaction: one transaction of a whole 2,000-conversation file (a million
 * requests) stalled Chromium's IndexedDB backend for many minutes; small ones commit as they go.
 */
const SEED_BATCH = 100;

/** Writes the conversations of an export file as they are (ids kept, no checks); resolves with how many. */
export async function seedHistory(exportJson: string): Promise<number> {
  const conversations = (JSON.parse(exportJson) as { conversations: (ExportedConversation & { sessionName?: string })[] }).conversations;
  const db = await openDb();
  for (let i = 0; i < conversations.length; i += SEED_BATCH) {
    const tx = unwrap(db.transaction(['conversations', 'messages', 'search-index'], 'readwrite'));
    const rows = tx.objectStore('conversations');
    const messages = tx.objectStore('messages');
    const terms = tx.objectStore('search-index');
    for (const source of conversations.slice(i, i + SEED_BATCH)) {
      const { messages: list, ...rest } = source;
      const conversation: Conversation = { ...rest, sessionName: rest.sessionName ?? `bench-${rest.id}` };
      rows.put(toStored(conversation));
      const texts: Record<string, string> = { [TITLE_SOURCE]: conversation.title };
      for (const message of list) {
        messages.put(message);
        texts[message.id] = message.text;
      }
      const row = termsRow(conversation.id, texts);
      if (row) terms.put(row);
    }
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('seed failed'));
      tx.onabort = () => reject(tx.error ?? new Error('seed aborted'));
    });
  }
  return conversations.length;
}

/**
 * The storage half of a history search, timed in the worker (the bench compares it with keystroke →
 * results in the panel to split storage from the port and the rendering).
 */
export async function timeSearch(query: string, limit: number): Promise<{ ms: number; results: number }> {
  const t0 = performance.now();
  const results = await searchConversations(query, limit);
  return { ms: performance.now() - t0, results: results.length };
}
