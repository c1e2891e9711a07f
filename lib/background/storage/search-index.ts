// Maintenance of the search index (`search-index` store, one row per conversation: db.ts
// ConversationTerms). Internal: used inside the transactions of conversations.ts, messages.ts and
// export-import-apply.ts.
//
// Several sources of one conversation often change in one transaction (an import writes the title
// and every message; the first user message also sets the title; a cut deletes several messages),
// and their callers fire the requests without waiting for each other. So the changes of one
// transaction are gathered per conversation: the row is read once, every change queued before the
// read answers is applied to it in memory, and it is written once. A change queued later (after
// the caller awaited something) writes the row again from the same in-memory copy.
import { quiet, TITLE_SOURCE, type ConversationTerms, type WriteTx } from './db';
import { indexTerms } from './text';

interface Pending {
  row: Promise<ConversationTerms>;
  /** Source → its new terms (null: the source is gone), not yet applied to `row`. */
  changes: Map<string, string[] | null>;
  /** The write that will apply `changes`, while one is scheduled. */
  write: Promise<unknown> | null;
}

/** Per transaction (the idb wrapper object every caller shares), per conversation. */
const pendingByTx = new WeakMap<object, Map<string, Pending>>();

function emptyRow(conversationId: string): ConversationTerms {
  return { conversationId, terms: [], sources: {} };
}

/** The union of every source's terms, the field `by-term` indexes. */
function unionOf(sources: Record<string, string[]>): string[] {
  const all = new Set<string>();
  for (const terms of Object.values(sources)) for (const term of terms) all.add(term);
  return [...all];
}

/** A whole row from texts (source → text), or null when no source has a term. For writers of new rows. */
export function termsRow(conversationId: string, texts: Record<string, string>): ConversationTerms | null {
  const sources: Record<string, string[]> = {};
  for (const [source, text] of Object.entries(texts)) {
    const terms = indexTerms(text);
    if (terms.size) sources[source] = [...terms];
  }
  const terms = unionOf(sources);
  return terms.length ? { conversationId, terms, sources } : null;
}

function pendingFor(tx: WriteTx, conversationId: string): Pending {
  let byConversation = pendingByTx.get(tx);
  if (!byConversation) pendingByTx.set(tx, (byConversation = new Map<string, Pending>()));
  let pending = byConversation.get(conversationId);
  if (!pending) {
    const row = quiet(tx.objectStore('search-index').get(conversationId)).then((found) => found ?? emptyRow(conversationId));
    byConversation.set(conversationId, (pending = { row, changes: new Map(), write: null }));
  }
  return pending;
}

function queue(tx: WriteTx, conversationId: string, source: string, terms: string[] | null): Promise<unknown> {
  const pending = pendingFor(tx, conversationId);
  pending.changes.set(source, terms);
  pending.write ??= quiet(
    pending.row.then<unknown>((row) => {
      pending.write = null;
      for (const [key, value] of pending.changes) {
        if (value) row.sources[key] = value;
        else delete row.sources[key];
      }
      pending.changes.clear();
      row.terms = unionOf(row.sources);
      const store = tx.objectStore('search-index');
      return row.terms.length ? store.put(row) : store.delete(conversationId);
    }),
  );
  return pending.write;
}

function sameTerms(a: Set<string>, b: Set<string>): boolean {
  if (a.size !== b.size) return false;
  for (const term of a) if (!b.has(term)) return false;
  return true;
}

/**
 * Replaces the terms of one source (a message, or the title when messageId is TITLE_SOURCE) with
 * those of `newText` (undefined: the source is gone). `oldText` is the text being replaced: when it
 * has the same terms (a streaming checkpoint that added no new word), nothing is read or written.
 */
export function refreshTerms(
  tx: WriteTx,
  conversationId: string,
  messageId: string,
  oldText: string | undefined,
  newText: string | undefined,
): Promise<unknown>[] {
  const after = newText ? indexTerms(newText) : new Set<string>();
  if (oldText !== undefined && sameTerms(indexTerms(oldText), after)) return [];
  return [queue(tx, conversationId, messageId, after.size ? [...after] : null)];
}

export function refreshTitleTerms(tx: WriteTx, conversationId: string, oldTitle: string | undefined, newTitle: string): Promise<unknown>[] {
  return refreshTerms(tx, conversationId, TITLE_SOURCE, oldTitle, newTitle);
}

/** Deletes every term of a conversation (title and all messages); later changes in this transaction start from nothing. */
export async function deleteConversationTerms(tx: WriteTx, conversationId: string): Promise<void> {
  const deleted = quiet(tx.objectStore('search-index').delete(conversationId));
  let byConversation = pendingByTx.get(tx);
  if (!byConversation) pendingByTx.set(tx, (byConversation = new Map<string, Pending>()));
  byConversation.set(conversationId, { row: deleted.then(() => emptyRow(conversationId)), changes: new Map(), write: null });
  await deleted;
}
