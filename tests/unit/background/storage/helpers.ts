// Shared test helpers: a brand-new IndexedDB per test and compact message builders.
import { IDBFactory } from 'fake-indexeddb';
import { closeDb, DB_NAME } from '@/lib/background/storage/db';
import { putMessage } from '@/lib/background/storage/messages';
import type { Message, MessageRole, MessageStatus } from '@/lib/protocol/records';

export async function freshDb(): Promise<void> {
  await closeDb();
  globalThis.indexedDB = new IDBFactory();
}

let counter = 0;

export function makeMessage(conversationId: string, seq: number, role: MessageRole, text: string, extra: Partial<Message> = {}): Message {
  counter++;
  const status: MessageStatus = role === 'user' ? 'done' : 'done';
  return {
    id: `m-${conversationId}-${seq}-${counter}`,
    conversationId,
    seq,
    role,
    text,
    status,
    createdAt: 1_700_000_000_000 + seq,
    updatedAt: 1_700_000_000_000 + seq,
    ...extra,
  };
}

export async function addMessages(conversationId: string, texts: [MessageRole, string][]): Promise<Message[]> {
  const out: Message[] = [];
  for (const [i, [role, text]] of texts.entries()) out.push(await putMessage(makeMessage(conversationId, i, role, text)));
  return out;
}

/** Lets Date.now() move forward so updatedAt orderings are deterministic. */
export function tick(ms = 2): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The stores of a database written by an older build (version 1 or 2), which the upgrade tests fill. */
export interface OldStores {
  conversations: IDBObjectStore;
  messages: IDBObjectStore;
  terms: IDBObjectStore;
}

/**
 * Writes a database as an older build left it: version 1 (the [conversationId, seq] index unique)
 * or 2 (not), with the per-message `search-terms` store, filled by `fill` in the same upgrade.
 */
export function writeOldDb(version: 1 | 2, fill: (stores: OldStores) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, version);
    request.onupgradeneeded = () => {
      const db = request.result;
      const conversations = db.createObjectStore('conversations', { keyPath: 'id' });
      conversations.createIndex('by-updated', 'updatedAt');
      conversations.createIndex('by-list', ['listRank', 'updatedAt', 'id']);
      const messages = db.createObjectStore('messages', { keyPath: 'id' });
      messages.createIndex('by-conversation', ['conversationId', 'seq'], { unique: version === 1 });
      messages.createIndex('by-status', 'status');
      const terms = db.createObjectStore('search-terms', { keyPath: ['term', 'conversationId', 'messageId'] });
      terms.createIndex('by-conversation', ['conversationId', 'term']);
      fill({ conversations, messages, terms });
    };
    request.onsuccess = () => {
      request.result.close();
      resolve();
    };
    request.onerror = () => reject(new Error(String(request.error)));
  });
}
