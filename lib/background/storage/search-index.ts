// Maintenance of the inverted index (`search-terms` store). Internal: used inside the
// transactions of conversations.ts, messages.ts and export-import.ts.
import { quiet, TITLE_SOURCE, type SearchTermKey, type WriteTx } from './db';
import { indexTerms } from './text';

type TermsTx = WriteTx;

/**
 * Replaces the terms of one source (a message, or the title when messageId is TITLE_SOURCE):
 * deletes the terms only the old text had, adds the ones only the new text has. The old text
 * comes from the row being overwritten in the same transaction, so no per-message index is needed.
 */
export function refreshTerms(
  tx: TermsTx,
  conversationId: string,
  messageId: string,
  oldText: string | undefined,
  newText: string | undefined,
): Promise<unknown>[] {
  const store = tx.objectStore('search-terms');
  const before = oldText ? indexTerms(oldText) : new Set<string>();
  const after = newText ? indexTerms(newText) : new Set<string>();
  const requests: Promise<unknown>[] = [];
  for (const term of before) {
    if (!after.has(term)) requests.push(quiet(store.delete([term, conversationId, messageId])));
  }
  for (const term of after) {
    if (!before.has(term)) requests.push(quiet(store.put({ term, conversationId, messageId })));
  }
  return requests;
}

export function refreshTitleTerms(tx: TermsTx, conversationId: string, oldTitle: string | undefined, newTitle: string): Promise<unknown>[] {
  return refreshTerms(tx, conversationId, TITLE_SOURCE, oldTitle, newTitle);
}

/** Deletes every term of a conversation (title and all messages). */
export async function deleteConversationTerms(tx: TermsTx, conversationId: string): Promise<void> {
  const store = tx.objectStore('search-terms');
  const keys: SearchTermKey[] = await store
    .index('by-conversation')
    .getAllKeys(IDBKeyRange.bound([conversationId], [conversationId, []]));
  await Promise.all(keys.map((key) => quiet(store.delete(key))));
}
