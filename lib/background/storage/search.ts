// Full-text search over titles and message text through the `search-terms` inverted index.
//
// Plan per keystroke:
// 1. Fold and tokenize the query into prefixes (see text.ts); every prefix must match somewhere
//    in the conversation (title or any message), so words may come from different messages.
// 2. Probe each prefix with getAllKeys over [prefix, prefix + '\uffff'] (primary key order
//    [term, conversationId, messageId]) capped at PROBE_CAP keys; the prefix with the fewest rows
//    (the rarest; ties go to the longest) drives. If it hit the probe cap, fetch up to DRIVER_CAP.
// 3. Few candidate conversations (≤ SMALL_SET): read them, drop soft-deleted ones, sort by recency
//    and verify the other prefixes with count() on the [conversationId, term] index until `limit`.
// 4. Many candidates: walk conversations by recency in batches (one getAllRecords each where the
//    browser has it), keep the candidates, verify, stop at `limit` (dense matches end early).
// 5. The driver is so common it hits DRIVER_CAP, or it is a 1–2 letter prefix that filled the
//    probe (a first keystroke over thousands of chats): the same recency walk, verifying every
//    prefix by count(); dense matches end it after a few batches.
import { fromStored, withTx, TITLE_SOURCE, type StoredConversation, type Tx } from './db';
import { readBackwards } from './read-backwards';
import { makeSnippet, queryPrefixes, type Snippet } from './text';
import type { Conversation } from '../../protocol/records';

export interface SearchResult {
  conversation: Conversation;
  /** Excerpt of the first matching message (or of the title), with the match position. */
  snippet: Snippet | null;
  /** The message the snippet comes from; absent when it comes from the title. */
  messageId?: string;
}

const PROBE_CAP = 256;
const DRIVER_CAP = 5000;
const SMALL_SET = 200;
const SHORT_PREFIX = 3;
const VERIFY_BATCH = 64;

type SearchTx = Tx<['conversations', 'messages', 'search-terms'], 'readonly'>;

const prefixRange = (prefix: string) => IDBKeyRange.bound([prefix], [prefix + '\uffff']);
const conversationPrefixRange = (conversationId: string, prefix: string) =>
  IDBKeyRange.bound([conversationId, prefix], [conversationId, prefix + '\uffff']);

async function hasAll(tx: SearchTx, conversationId: string, prefixes: string[]): Promise<boolean> {
  if (prefixes.length === 0) return true;
  const index = tx.objectStore('search-terms').index('by-conversation');
  const counts = await Promise.all(prefixes.map((prefix) => index.count(conversationPrefixRange(conversationId, prefix))));
  return counts.every((count) => count > 0);
}

/** Keeps the live rows (in the given order) that have every prefix, until `limit` are found. */
async function verifyInOrder(tx: SearchTx, rows: StoredConversation[], prefixes: string[], limit: number): Promise<StoredConversation[]> {
  const out: StoredConversation[] = [];
  for (let i = 0; i < rows.length && out.length < limit; i += VERIFY_BATCH) {
    const batch = rows.slice(i, i + VERIFY_BATCH).filter((row) => row.deletedAt === undefined);
    const ok = await Promise.all(batch.map((row) => hasAll(tx, row.id, prefixes)));
    batch.forEach((row, j) => {
      if (ok[j] && out.length < limit) out.push(row);
    });
  }
  return out;
}

/** Few candidates: load them, sort by recency, verify. */
async function fromCandidates(tx: SearchTx, ids: Set<string>, rest: string[], limit: number): Promise<StoredConversation[]> {
  const store = tx.objectStore('conversations');
  const rows = (await Promise.all([...ids].map((id) => store.get(id)))).filter((row): row is StoredConversation => row !== undefined);
  rows.sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? 1 : -1));
  return verifyInOrder(tx, rows, rest, limit);
}

/**
 * Many (or unknown) candidates: walk conversations by recency in batches of VERIFY_BATCH rows (one
 * request each where the browser has getAllRecords: read-backwards.ts), keep those in `ids` (all
 * when null), verify them, stop at `limit`. `by-updated` keys repeat (same updatedAt), so each
 * batch starts at the last batch's updatedAt and skips the rows already read there.
 */
async function byRecency(tx: SearchTx, ids: Set<string> | null, prefixes: string[], limit: number): Promise<StoredConversation[]> {
  const index = tx.objectStore('conversations').index('by-updated');
  const out: StoredConversation[] = [];
  let upper: number | undefined;
  let atUpper = new Set<string>();
  while (out.length < limit) {
    const asked = VERIFY_BATCH + atUpper.size;
    const records = await readBackwards(index, upper === undefined ? null : IDBKeyRange.upperBound(upper), asked);
    const fresh = records.filter((record) => !atUpper.has(record.primaryKey));
    if (fresh.length === 0) break;
    const last = fresh[fresh.length - 1].value.updatedAt;
    if (last !== upper) atUpper = new Set();
    upper = last;
    for (const record of fresh) if (record.value.updatedAt === last) atUpper.add(record.primaryKey);
    const rows = fresh.map((record) => record.value).filter((row) => !ids || ids.has(row.id));
    out.push(...(await verifyInOrder(tx, rows, prefixes, limit - out.length)));
    if (records.length < asked) break; // the walk reached the oldest conversation
  }
  return out;
}

async function findConversations(tx: SearchTx, prefixes: string[], limit: number): Promise<StoredConversation[]> {
  const terms = tx.objectStore('search-terms');
  // Probe every prefix with a small cap; the one with the fewest rows drives (ties: the longest).
  const probes = await Promise.all(prefixes.map((prefix) => terms.getAllKeys(prefixRange(prefix), PROBE_CAP)));
  let best = 0;
  probes.forEach((keys, i) => {
    if (keys.length < probes[best].length) best = i;
  });
  const rest = prefixes.filter((_, i) => i !== best);
  let keys = probes[best];
  if (keys.length >= PROBE_CAP) {
    // One or two letters matching this much will match nearly every conversation: walk by recency.
    if (Array.from(prefixes[best]).length < SHORT_PREFIX) return byRecency(tx, null, prefixes, limit);
    keys = await terms.getAllKeys(prefixRange(prefixes[best]), DRIVER_CAP);
  }
  if (keys.length >= DRIVER_CAP) return byRecency(tx, null, prefixes, limit);
  const ids = new Set(keys.map((key) => key[1]));
  return ids.size <= SMALL_SET ? fromCandidates(tx, ids, rest, limit) : byRecency(tx, ids, rest, limit);
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
  return withTx(['conversations', 'messages', 'search-terms'], 'readonly', async (tx) => {
    const rows = await findConversations(tx, prefixes, limit);
    const snippets = await Promise.all(rows.map((row) => snippetFor(tx, row, prefixes)));
    return rows.map((row, i) => ({ conversation: fromStored(row), ...snippets[i] }));
  });
}
