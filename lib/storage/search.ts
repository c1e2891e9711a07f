// Full-text search over titles and message text through the `search-terms` inverted index.
//
// Plan per keystroke:
// 1. Fold and tokenize the query into prefixes (see text.ts); every prefix must match somewhere
//    in the conversation (title or any message), so words may come from different messages.
// 2. Drive with the longest prefix (the rarest in practice): one getAllKeys over
//    [prefix, prefix + '\uffff'] in the primary key order [term, conversationId, messageId],
//    capped at DRIVER_CAP rows.
// 3. Candidates are loaded, soft-deleted ones dropped, the rest sorted by recency and verified in
//    that order against the other prefixes with count() on the [conversationId, term] index, until
//    `limit` results are found.
// 4. If the driver is so common that it hits the cap (a one-letter query over thousands of chats),
//    walk conversations by recency instead and verify each one; dense matches end that walk early.
import { fromStored, withTx, TITLE_SOURCE, type StoredConversation, type Tx } from './db';
import { makeSnippet, queryPrefixes, type Snippet } from './text';
import type { Conversation } from './types';

export interface SearchResult {
  conversation: Conversation;
  /** Excerpt of the first matching message (or of the title), with the match position. */
  snippet: Snippet | null;
  /** The message the snippet comes from; absent when it comes from the title. */
  messageId?: string;
}

const DRIVER_CAP = 5000;
const VERIFY_BATCH = 64;

type SearchTx = Tx<['conversations', 'messages', 'search-terms'], 'readonly'>;

const prefixRange = (prefix: string) => IDBKeyRange.bound([prefix], [prefix + '\uffff']);
const conversationPrefixRange = (conversationId: string, prefix: string) =>
  IDBKeyRange.bound([conversationId, prefix], [conversationId, prefix + '\uffff']);

async function hasAll(tx: SearchTx, conversationId: string, prefixes: string[]): Promise<boolean> {
  const index = tx.objectStore('search-terms').index('by-conversation');
  const counts = await Promise.all(prefixes.map((prefix) => index.count(conversationPrefixRange(conversationId, prefix))));
  return counts.every((count) => count > 0);
}

/** Verifies candidates (already in recency order) in batches until `limit` pass. */
async function verifyInOrder(tx: SearchTx, candidates: StoredConversation[], prefixes: string[], limit: number): Promise<StoredConversation[]> {
  const out: StoredConversation[] = [];
  if (prefixes.length === 0) return candidates.slice(0, limit);
  for (let i = 0; i < candidates.length && out.length < limit; i += VERIFY_BATCH) {
    const batch = candidates.slice(i, i + VERIFY_BATCH);
    const ok = await Promise.all(batch.map((row) => hasAll(tx, row.id, prefixes)));
    batch.forEach((row, j) => {
      if (ok[j] && out.length < limit) out.push(row);
    });
  }
  return out;
}

async function byDriver(tx: SearchTx, driver: string, rest: string[], limit: number): Promise<StoredConversation[] | null> {
  const keys = await tx.objectStore('search-terms').getAllKeys(prefixRange(driver), DRIVER_CAP);
  if (keys.length >= DRIVER_CAP) return null;
  const ids = [...new Set(keys.map((key) => key[1]))];
  const store = tx.objectStore('conversations');
  const rows = await Promise.all(ids.map((id) => store.get(id)));
  const live = rows.filter((row): row is StoredConversation => row !== undefined && row.deletedAt === undefined);
  live.sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? 1 : -1));
  return verifyInOrder(tx, live, rest, limit);
}

async function byRecency(tx: SearchTx, prefixes: string[], limit: number): Promise<StoredConversation[]> {
  const out: StoredConversation[] = [];
  let cursor = await tx.objectStore('conversations').index('by-updated').openCursor(null, 'prev');
  while (cursor && out.length < limit) {
    const batch: StoredConversation[] = [];
    while (cursor && batch.length < VERIFY_BATCH) {
      if (cursor.value.deletedAt === undefined) batch.push(cursor.value);
      cursor = await cursor.continue();
    }
    out.push(...(await verifyInOrder(tx, batch, prefixes, limit - out.length)));
  }
  return out;
}

async function snippetFor(tx: SearchTx, row: StoredConversation, prefixes: string[]): Promise<Omit<SearchResult, 'conversation'>> {
  const index = tx.objectStore('search-terms').index('by-conversation');
  for (const prefix of prefixes) {
    const hits = await index.getAll(conversationPrefixRange(row.id, prefix), 8);
    const hit = hits.find((entry) => entry.messageId !== TITLE_SOURCE);
    if (!hit) continue;
    const message = await tx.objectStore('messages').get(hit.messageId);
    const snippet = message && makeSnippet(message.text, prefixes);
    if (snippet) return { snippet, messageId: hit.messageId };
  }
  return { snippet: makeSnippet(row.title, prefixes) };
}

/**
 * Conversations whose title or messages contain every word of `query` (each as a word prefix;
 * case-, diacritic-insensitive; CJK by character bigrams), most recently updated first, at most
 * `limit`, each with a snippet. Soft-deleted conversations are excluded.
 */
export async function searchConversations(query: string, limit = 20): Promise<SearchResult[]> {
  const prefixes = queryPrefixes(query);
  if (prefixes.length === 0 || limit <= 0) return [];
  const [driver, ...rest] = prefixes;
  return withTx(['conversations', 'messages', 'search-terms'], 'readonly', async (tx) => {
    const rows = (await byDriver(tx, driver, rest, limit)) ?? (await byRecency(tx, prefixes, limit));
    const snippets = await Promise.all(rows.map((row) => snippetFor(tx, row, prefixes)));
    return rows.map((row, i) => ({ conversation: fromStored(row), ...snippets[i] }));
  });
}
