// Conversation rows: create, read, list (pinned first, then most recent), settings, soft delete
// with undo, purge. Every write that changes a title also refreshes its search terms.
import {
  RANK_DELETED,
  RANK_PINNED,
  RANK_NORMAL,
  fromStored,
  newId,
  notFound,
  openDb,
  quiet,
  toStored,
  withTx,
  withWriteTx,
  type StoredConversation,
  type WriteTx,
} from './db';
import { newInstanceName } from '@/lib/playground/instance-name';
import { StorageError, toStorageError } from './errors';
import { readBackwards } from './read-backwards';
import { deleteConversationTerms, refreshTitleTerms } from './search-index';
import { columnInstanceNames, instanceNamesOf } from './instance-names';
import { DEFAULT_TITLE, type Conversation } from '../../protocol/records';
import { validateConversationSettings, type ConversationSettings } from './validate';

export type NewConversation = Partial<
  Pick<Conversation, 'id' | 'title' | 'pinned' | 'model' | 'systemPrompt' | 'temperature' | 'maxTokens' | 'sessionName' | 'createdAt'>
>;

export async function createConversation(partial: NewConversation = {}): Promise<Conversation> {
  const conversation = newConversationRecord(partial);
  await withWriteTx((tx) => addConversation(tx, conversation));
  return conversation;
}

/** A new conversation's record, validated, not yet stored (addConversation stores it). */
export function newConversationRecord(partial: NewConversation = {}): Conversation {
  const now = Date.now();
  return {
    id: partial.id ?? newId(),
    title: partial.title?.trim() || DEFAULT_TITLE,
    createdAt: partial.createdAt ?? now,
    updatedAt: partial.createdAt ?? now,
    pinned: partial.pinned ?? false,
    sessionName: partial.sessionName ?? newInstanceName(),
    messageCount: 0,
    ...validateConversationSettings(partial),
  };
}

/** Adds `conversation` inside `tx`, with its title's search terms. Throws 'invalid' if its id is taken. */
export async function addConversation(tx: WriteTx, conversation: Conversation): Promise<void> {
  const store = tx.objectStore('conversations');
  if ((await store.getKey(conversation.id)) !== undefined) {
    throw new StorageError('invalid', `A conversation with id ${conversation.id} already exists.`);
  }
  await Promise.all([quiet(store.add(toStored(conversation))), ...refreshTitleTerms(tx, conversation.id, undefined, conversation.title)]);
}

/** The conversation, including a soft-deleted one (check `deletedAt`); undefined if absent. */
export async function getConversation(id: string): Promise<Conversation | undefined> {
  const db = await openDb();
  const stored = await db.get('conversations', id).catch((error: unknown) => {
    throw toStorageError(error);
  });
  return stored && fromStored(stored);
}

export interface ListCursor {
  pinned: boolean;
  updatedAt: number;
  id: string;
}

export interface ListOptions {
  limit: number;
  /** The last conversation of the previous page (any Conversation works): list what comes after it. */
  before?: ListCursor;
}

/**
 * Pinned conversations first, then the rest, each most recently updated first; soft-deleted ones
 * excluded. Reads the `by-list` index backwards, `limit` rows, in one request where the browser can
 * (read-backwards.ts).
 */
export async function listConversations({ limit, before }: ListOptions): Promise<Conversation[]> {
  if (!Number.isInteger(limit) || limit <= 0) return [];
  const upper: [number, number, string] | [number, number[]] = before
    ? [before.pinned ? RANK_PINNED : RANK_NORMAL, before.updatedAt, before.id]
    : [RANK_PINNED, []];
  const range = IDBKeyRange.bound([RANK_NORMAL], upper, false, before !== undefined);
  return withTx(['conversations'], 'readonly', async (tx) => {
    const records = await readBackwards(tx.objectStore('conversations').index('by-list'), range, limit);
    return records.map((record) => fromStored(record.value));
  });
}

/** Reads the live row in a write transaction, or throws not-found. */
export async function requireConversation(tx: WriteTx, id: string, allowDeleted = false): Promise<StoredConversation> {
  const stored = await tx.objectStore('conversations').get(id);
  if (!stored || (!allowDeleted && stored.deletedAt !== undefined)) throw notFound('Conversation', id);
  return stored;
}

async function update(id: string, change: (row: StoredConversation, tx: WriteTx) => Promise<void> | void, allowDeleted = false): Promise<Conversation> {
  return withWriteTx(async (tx) => {
    const row = await requireConversation(tx, id, allowDeleted);
    await change(row, tx);
    const next = toStored(fromStored(row));
    await tx.objectStore('conversations').put(next);
    return fromStored(next);
  });
}

/**
 * A user rename: the title is no longer replaced by the first user message. Like pinning, it does
 * not change recency (updatedAt orders the list): a renamed conversation keeps its place instead of
 * jumping to the top (issue #12).
 */
export async function renameConversation(id: string, title: string): Promise<Conversation> {
  const clean = title.replace(/\s+/g, ' ').trim();
  if (!clean) throw new StorageError('invalid', 'A conversation title cannot be empty.');
  return update(id, async (row, tx) => {
    await Promise.all(refreshTitleTerms(tx, id, row.title, clean));
    row.title = clean;
    row.titleEdited = true;
  });
}

/** Pinning does not change recency (updatedAt), only the group the conversation lists in. */
export function setPinned(id: string, pinned: boolean): Promise<Conversation> {
  return update(id, (row) => {
    row.pinned = pinned;
  });
}

export async function updateConversationSettings(id: string, settings: Partial<ConversationSettings>): Promise<Conversation> {
  return update(id, (row) => setConversationSettings(row, settings));
}

/** Writes the keys present in `settings` onto `row` (an undefined value removes the key). */
export function setConversationSettings(row: StoredConversation, settings: Partial<ConversationSettings>): void {
  const valid = validateConversationSettings(settings);
  for (const key of ['model', 'systemPrompt', 'temperature', 'maxTokens'] as const) {
    if (!(key in settings)) continue;
    if (valid[key] === undefined) delete row[key];
    else (row as unknown as Record<string, unknown>)[key] = valid[key];
  }
  row.updatedAt = Date.now();
}

export interface UndoToken {
  conversationId: string;
  deletedAt: number;
}

/** Soft delete: the conversation disappears from lists and search until undone or purged. */
export async function deleteConversation(id: string): Promise<UndoToken> {
  const deletedAt = Date.now();
  await update(id, (row) => {
    row.deletedAt = deletedAt;
  });
  return { conversationId: id, deletedAt };
}

/** Restores a soft-deleted conversation (by id or by the token deleteConversation returned). */
export function undoDelete(idOrToken: string | UndoToken): Promise<Conversation> {
  const id = typeof idOrToken === 'string' ? idOrToken : idOrToken.conversationId;
  return update(
    id,
    (row) => {
      delete row.deletedAt;
    },
    true,
  );
}

/** Hard-deletes the conversation, its messages and its search terms (inside the caller's transaction). */
export async function hardDeleteConversation(tx: WriteTx, id: string): Promise<void> {
  const messages = tx.objectStore('messages');
  const messageKeys = await messages
    .index('by-conversation')
    .getAllKeys(IDBKeyRange.bound([id, -Infinity], [id, Infinity]));
  await Promise.all([
    quiet(tx.objectStore('conversations').delete(id)),
    ...messageKeys.map((key) => quiet(messages.delete(key))),
    deleteConversationTerms(tx, id),
  ]);
}

/**
 * Hard-deletes every conversation soft-deleted at least `olderThanMs` ago, with its messages and
 * search terms, in one transaction. Returns how many were purged; `onPurged` gets their instance
 * names (the server copies to clear, lib/background/server-copies.ts).
 */
export function purgeDeleted(olderThanMs: number, onPurged?: (sessionNames: string[]) => void): Promise<number> {
  const cutoff = Date.now() - Math.max(0, olderThanMs);
  return withWriteTx(async (tx) => {
    const deleted = await tx
      .objectStore('conversations')
      .index('by-list')
      .getAll(IDBKeyRange.bound([RANK_DELETED], [RANK_DELETED, []]));
    const doomed = deleted.filter((row) => row.deletedAt !== undefined && row.deletedAt <= cutoff);
    const names = (await Promise.all(doomed.map((row) => instanceNamesOf(tx, row)))).flat();
    await Promise.all(doomed.map((row) => hardDeleteConversation(tx, row.id)));
    onPurged?.(names);
    return doomed.length;
  });
}

/**
 * Clears every conversation, message and search term. Settings are left alone (see settings.ts).
 * Resolves with the instance names that were stored (the server copies to clear).
 */
export function deleteAllData(): Promise<string[]> {
  return withWriteTx(async (tx) => {
    const rows = await tx.objectStore('conversations').getAll();
    const names = [...rows.map((row) => row.sessionName), ...(await columnInstanceNames(tx, new Map(rows.map((row) => [row.id, row.sessionName]))))];
    await Promise.all([
      quiet(tx.objectStore('conversations').clear()),
      quiet(tx.objectStore('messages').clear()),
      quiet(tx.objectStore('search-index').clear()),
    ]);
    return names;
  });
}

