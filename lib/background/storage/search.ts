// Full-text search over titles and message text through the `search-index` store (one row per
// conversation with its terms, multiEntry-indexed by term: db.ts ConversationTerms).
//
// Plan per keystroke:
// 1. Fold and tokenize the query into prefixes (see text.ts); every prefix must match somewhere
//    in the conversation (title or any message), so words may come from different messages.
// 2. Probe each prefix with getAllKeys on `by-term` over [prefix, prefix + '\uffff'] (conversation
//    ids, one per matching term) capped at PROBE_CAP; the prefix with the fewest drives (ties: the
//    longest). If it hit the probe cap, fetch up to DRIVER_CAP.
// 3. Few candidate conversations (≤ SMALL_SET): read their rows and index rows, drop soft-deleted
//    ones, check the other prefixes on the index row in memory, sort by recency, keep `limit`.
// 4. Many candidates: walk conversations by recency in batches (one getAllRecords each where the
//    browser has it), keep the candidates, check them on their index rows, stop at `limit` (dense
//    matches end early).
// 5. The driver is so common it hits DRIVER_CAP, or it is a 1–2 letter prefix that filled the
//    probe (a first keystroke over thousands of chats): the same recency walk, checking every
//    prefix; dense matches end it after a few batches.
// The snippet comes from the index row too: the message holding the first matching term.
import { fromStored, withTx, TITLE_SOURCE, type ConversationTerms, type StoredConversation, type Tx } from './db';
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
/**
 * Above this many keys the driver is dense enough that the recency walk (all prefixes checked on the
 * index rows in memory) finds `limit` sooner than reading the keys: at 10,000 conversations (history
 * bench, load ~17) fetching 5,000 keys of "kubernetes" took the storage 460–1,060 ms against 24–90 ms
 * for the walk of "co". Each key of a multiEntry index read is a lookup for the engine, not a copy.
 */
const DRIVER_CAP = 1024;
const SMALL_SET = 200;
const SHORT_PREFIX = 3;
const VERIFY_BATCH = 64;

type SearchTx = Tx<['conversations', 'messages', 'search-index'], 'readonly'>;
/** A conversation that matched, with its index row (for the snippet). */
interface Match {
  row: StoredConversation;
  terms: ConversationTerms;
}

const prefixRange = (prefix: string) => IDBKeyRange.bound(prefix, prefix + '\uffff');

function hasPrefix(terms: readonly string[], prefix: string): boolean {
  for (const term of terms) if (term.startsWith(prefix)) return true;
  return false;
}

/** Keeps the live rows (in the given order) whose index row has every prefix, until `limit` are found. */
async function verifyInOrder(tx: SearchTx, rows: StoredConversation[], prefixes: string[], limit: number): Promise<Match[]> {
  const store = tx.objectStore('search-index');
  const out: Match[] = [];
  for (let i = 0; i < rows.length && out.length < limit; i += VERIFY_BATCH) {
    const batch = rows.slice(i, i + VERIFY_BATCH).filter((row) => row.deletedAt === undefined);
    const terms = await Promise.all(batch.map((row) => store.get(row.id)));
    batch.forEach((row, j) => {
      const found = terms[j];
      if (found && out.length < limit && prefixes.every((prefix) => hasPrefix(found.terms, prefix))) out.push({ row, terms: found });
    });
  }
  return out;
}

/** Few candidates: load them, sort by recency, verify. */
async function fromCandidates(tx: SearchTx, ids: Set<string>, prefixes: string[], limit: number): Promise<Match[]> {
  const store = tx.objectStore('conversations');
  const rows = (await Promise.all([...ids].map((id) => store.get(id)))).filter((row): row is StoredConversation => row !== undefined);
  rows.sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? 1 : -1));
  return verifyInOrder(tx, rows, prefixes, limit);
}

/**
 * Many (or unknown) candidates: walk conversations by recency in batches of VERIFY_BATCH rows (one
 * request each where the browser has getAllRecords: read-backwards.ts), keep those in `ids` (all
 * when null), verify them, stop at `limit`. `by-updated` keys repeat (same updatedAt), so each
 * batch starts at the last batch's updatedAt and skips the rows already read there.
 */
async function byRecency(tx: SearchTx, ids: Set<string> | null, prefixes: string[], limit: number): Promise<Match[]> {
  const index = tx.objectStore('conversations').index('by-updated');
  const out: Match[] = [];
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

async function findConversations(tx: SearchTx, prefixes: string[], limit: number): Promise<Match[]> {
  const byTerm = tx.objectStore('search-index').index('by-term');
  // Probe every prefix with a small cap; the one with the fewest keys drives (ties: the longest).
  const probes = await Promise.all(prefixes.map((prefix) => byTerm.getAllKeys(prefixRange(prefix), PROBE_CAP)));
  let best = 0;
  probes.forEach((keys, i) => {
    if (keys.length < probes[best].length) best = i;
  });
  let keys = probes[best];
  if (keys.length >= PROBE_CAP) {
    // One or two letters matching this much will match nearly every conversation: walk by recency.
    if (Array.from(prefixes[best]).length < SHORT_PREFIX) return byRecency(tx, null, prefixes, limit);
    keys = await byTerm.getAllKeys(prefixRange(prefixes[best]), DRIVER_CAP);
  }
  if (keys.length >= DRIVER_CAP) return byRecency(tx, null, prefixes, limit);
  const ids = new Set(keys);
  return ids.size <= SMALL_SET ? fromCandidates(tx, ids, prefixes, limit) : byRecency(tx, ids, prefixes, limit);
}

/** The message holding the first matching term (smallest term, then smallest message id), per prefix in order. */
function snippetSource(terms: ConversationTerms, prefix: string): string | undefined {
  let bestTerm: string | undefined;
  let bestSource: string | undefined;
  for (const [source, list] of Object.entries(terms.sources)) {
    if (source === TITLE_SOURCE) continue;
    for (const term of list) {
      if (!term.startsWith(prefix)) continue;
      if (bestTerm === undefined || term < bestTerm || (term === bestTerm && bestSource !== undefined && source < bestSource)) {
        bestTerm = term;
        bestSource = source;
      }
    }
  }
  return bestSource;
}

async function snippetFor(tx: SearchTx, { row, terms }: Match, prefixes: string[]): Promise<Omit<SearchResult, 'conversation'>> {
  for (const prefix of prefixes) {
    const messageId = snippetSource(terms, prefix);
    if (messageId === undefined) continue;
    const message = await tx.objectStore('messages').get(messageId);
    const snippet = message && makeSnippet(message.text, prefixes);
    if (snippet) return { snippet, messageId };
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
  return withTx(['conversations', 'messages', 'search-index'], 'readonly', async (tx) => {
    const matches = await findConversations(tx, prefixes, limit);
    const snippets = await Promise.all(matches.map((match) => snippetFor(tx, match, prefixes)));
    return matches.map(({ row }, i) => ({ conversation: fromStored(row), ...snippets[i] }));
  });
}
