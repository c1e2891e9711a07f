// The FlareChat IndexedDB database: opened lazily, re-opened after the browser closes it or a newer
// version asks us to step aside. No connection is assumed to survive: the MV3 worker can die at any
// moment, and the next call simply opens a new one.
import { openDB, unwrap, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { StorageError, toStorageError } from './errors';
import type { Conversation, Message, MessageStatus } from '../../protocol/records';
import { historyWritten } from './changes';
import { migrateSearchIndex } from './migrate-v3';

export const DB_NAME = 'flarechat';
/**
 * 2: versions of a turn share a seq, so the messages' [conversationId, seq] index is no longer unique (issue #12).
 * 3: the search index is one row per conversation (`search-index`, search-index.ts) instead of one per
 *    (term, conversation, message) (`search-terms`, ~528 rows per 20-message conversation): issue #16.
 */
export const DB_VERSION = 3;

/**
 * List bucket stored on each conversation row so one compound index gives the sidebar order:
 * 2 = pinned, 1 = normal, 0 = soft-deleted. Walking `by-list` backwards over [1, 2] yields pinned
 * first, then most recently updated, and never touches deleted rows.
 */
export type ListRank = 0 | 1 | 2;
export const RANK_DELETED: ListRank = 0;
export const RANK_NORMAL: ListRank = 1;
export const RANK_PINNED: ListRank = 2;

export interface StoredConversation extends Conversation {
  listRank: ListRank;
  /**
   * The message the preview was taken from (message-tree.ts describePath), so a streaming text
   * update can refresh the preview without reading the whole conversation. Internal like listRank;
   * absent on rows written before it or by other writers, which then take the full path once.
   */
  previewId?: string;
}

/**
 * Search-index row, one per conversation (key conversationId). `sources` holds the terms of each
 * source: the title under TITLE_SOURCE, each message under its id; `terms` is their union, indexed
 * multiEntry (`by-term`), so a prefix range over the index yields the conversations that have it.
 */
export interface ConversationTerms {
  conversationId: string;
  terms: string[];
  sources: Record<string, string[]>;
}
export const TITLE_SOURCE = '';

export interface FlareChatDb extends DBSchema {
  conversations: {
    key: string;
    value: StoredConversation;
    indexes: {
      'by-updated': number;
      'by-list': [number, number, string];
    };
  };
  messages: {
    key: string;
    value: Message;
    indexes: {
      'by-conversation': [string, number];
      'by-status': MessageStatus;
    };
  };
  'search-index': {
    key: string;
    value: ConversationTerms;
    indexes: {
      /** multiEntry over `terms`: a prefix range gives the conversations (with repeats) that have a matching term. */
      'by-term': string;
    };
  };
}

export type Db = IDBPDatabase<FlareChatDb>;
export type StoreName = StoreNames<FlareChatDb>;
export type Tx<S extends StoreName[], M extends IDBTransactionMode> = IDBPTransaction<FlareChatDb, S, M>;

export type AllStores = ['conversations', 'messages', 'search-index'];
export const ALL_STORES: AllStores = ['conversations', 'messages', 'search-index'];
/** Every write runs in one transaction over all stores: rows, list order and search stay in step. */
export type WriteTx = Tx<AllStores, 'readwrite'>;

/**
 * `listChanged`, asked after the commit: false when the write changed nothing an open history list
 * shows (a streaming answer's checkpoint past its preview), so pages are not told to re-read.
 */
export async function withWriteTx<T>(body: (tx: WriteTx) => Promise<T>, listChanged: () => boolean = () => true): Promise<T> {
  const result = await withTx<AllStores, 'readwrite', T>(['conversations', 'messages', 'search-index'], 'readwrite', body);
  if (listChanged()) historyWritten(); // open pages refresh their history (changes.ts)
  return result;
}

let connection: Promise<Db> | null = null;

function forget(): void {
  connection = null;
}

function createSearchIndex(db: IDBPDatabase<FlareChatDb>): void {
  db.createObjectStore('search-index', { keyPath: 'conversationId' }).createIndex('by-term', 'terms', { multiEntry: true });
}

/** Opens (or reuses) the connection. Cheap to call before every operation. */
export function openDb(): Promise<Db> {
  if (connection) return connection;
  const opening = openDB<FlareChatDb>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, upgradeTx) {
      // An aborted upgrade rejects the open itself (the caller's error); its `done` need not be reported twice.
      upgradeTx.done.catch(() => undefined);
      if (oldVersion < 1) {
        const conversations = db.createObjectStore('conversations', { keyPath: 'id' });
        conversations.createIndex('by-updated', 'updatedAt');
        conversations.createIndex('by-list', ['listRank', 'updatedAt', 'id']);
        const messages = db.createObjectStore('messages', { keyPath: 'id' });
        messages.createIndex('by-conversation', ['conversationId', 'seq']);
        messages.createIndex('by-status', 'status');
        createSearchIndex(db);
        return;
      }
      if (oldVersion < 2) {
        // Same index, not unique: every row stays; rows without parentId read as one chain by seq.
        const messages = upgradeTx.objectStore('messages');
        messages.deleteIndex('by-conversation');
        messages.createIndex('by-conversation', ['conversationId', 'seq']);
      }
      if (oldVersion < 3) {
        // Rebuilt from the titles and message texts inside this versionchange transaction: if it
        // fails or the worker dies on the way, the transaction aborts and the database stays at the
        // old version with its old index, and the next open tries again (migrate-v3.ts).
        (db as unknown as IDBPDatabase).deleteObjectStore('search-terms');
        createSearchIndex(db);
        migrateSearchIndex(unwrap(upgradeTx));
      }
    },
    blocking() {
      // A newer version (another tab after an update) wants to upgrade: step aside, re-open later.
      if (connection === opening) connection = null;
      void opening.then((db) => db.close(), () => undefined);
    },
    terminated() {
      // The browser closed the connection abnormally (storage cleared, disk error).
      if (connection === opening) connection = null;
    },
  }).catch((error: unknown) => {
    connection = null;
    throw toStorageError(error);
  });
  connection = opening;
  return opening;
}

/** Closes the connection; the next call re-opens. For tests and for "delete all data". */
export async function closeDb(): Promise<void> {
  const current = connection;
  connection = null;
  if (current) (await current.catch(() => undefined))?.close();
}

function isClosingError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'InvalidStateError';
}

async function transaction<S extends StoreName[], M extends IDBTransactionMode>(
  stores: S,
  mode: M,
): Promise<Tx<S, M>> {
  const db = await openDb();
  try {
    return db.transaction(stores, mode);
  } catch (error) {
    if (!isClosingError(error)) throw toStorageError(error);
    // The connection was closed under us (versionchange, worker restart race): re-open once.
    forget();
    const fresh = await openDb();
    try {
      return fresh.transaction(stores, mode);
    } catch (again) {
      throw toStorageError(again);
    }
  }
}

/**
 * Runs `body` in one transaction and resolves after it commits. If `body` throws, the transaction is
 * aborted so nothing it wrote survives, and the error is mapped to a StorageError.
 * `body` must only await IndexedDB requests of `tx` (any other await lets the transaction commit).
 */
export async function withTx<S extends StoreName[], M extends IDBTransactionMode, T>(
  stores: S,
  mode: M,
  body: (tx: Tx<S, M>) => Promise<T>,
): Promise<T> {
  const tx = await transaction(stores, mode);
  const done = tx.done;
  done.catch(() => undefined);
  let result: T;
  try {
    result = await body(tx);
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // already finished or aborting
    }
    throw toStorageError(error, tx.error);
  }
  try {
    await done;
  } catch (error) {
    throw toStorageError(error, tx.error);
  }
  return result;
}

export function notFound(what: string, id: string): StorageError {
  return new StorageError('not-found', `${what} ${id} was not found. It may have been deleted.`);
}

export function newId(): string {
  return crypto.randomUUID();
}

export function rankOf(conversation: Pick<Conversation, 'pinned' | 'deletedAt'>): ListRank {
  if (conversation.deletedAt !== undefined) return RANK_DELETED;
  return conversation.pinned ? RANK_PINNED : RANK_NORMAL;
}

export function toStored(conversation: Conversation): StoredConversation {
  return { ...conversation, listRank: rankOf(conversation) };
}

export function fromStored(stored: StoredConversation): Conversation {
  const { listRank: _rank, previewId: _previewId, ...conversation } = stored;
  return conversation;
}

/**
 * Marks a request promise as handled so that, if the transaction aborts before the batch it
 * belongs to is awaited (a later request threw synchronously), its AbortError is not reported as
 * an unhandled rejection. The returned promise still rejects for whoever awaits it.
 */
export function quiet<T>(request: Promise<T>): Promise<T> {
  request.catch(() => undefined);
  return request;
}
