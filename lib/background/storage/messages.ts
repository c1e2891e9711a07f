// Message rows. Every write is one transaction that keeps the conversation row (updatedAt,
// messageCount, preview, auto title) and the search index in step with the message.
import { ERROR_CODES } from '@/lib/shared/errors';
import { notFound, openDb, quiet, toStored, withWriteTx, type WriteTx } from './db';
import { requireConversation } from './conversations';
import { StorageError, toStorageError } from './errors';
import { refreshTerms, refreshTitleTerms } from './search-index';
import { shorten } from './text';
import { userMessageSummary } from '../../protocol/context-blocks';
import {
  DEFAULT_TITLE,
  MESSAGE_ROLES,
  MESSAGE_STATUSES,
  PREVIEW_MAX_CHARS,
  TITLE_MAX_CHARS,
  type Message,
  type MessageStatus,
} from '../../protocol/records';

const byConversation = (conversationId: string, afterSeq = -Infinity, open = false) =>
  IDBKeyRange.bound([conversationId, afterSeq], [conversationId, Infinity], open, false);

/** Messages of a conversation, ordered by seq. */
export async function listMessages(conversationId: string): Promise<Message[]> {
  try {
    const db = await openDb();
    return await db.getAllFromIndex('messages', 'by-conversation', byConversation(conversationId));
  } catch (error) {
    throw toStorageError(error);
  }
}

export async function getMessage(id: string): Promise<Message | undefined> {
  try {
    const db = await openDb();
    return await db.get('messages', id);
  } catch (error) {
    throw toStorageError(error);
  }
}

/** The seq to use for the next message appended to a conversation. */
export async function nextSeq(conversationId: string): Promise<number> {
  try {
    const db = await openDb();
    const cursor = await db
      .transaction('messages')
      .store.index('by-conversation')
      .openKeyCursor(byConversation(conversationId), 'prev');
    return cursor ? cursor.key[1] + 1 : 0;
  } catch (error) {
    throw toStorageError(error);
  }
}

function checkMessage(message: Message): void {
  const problem = (text: string) => new StorageError('invalid', `Message ${message.id}: ${text}`);
  if (typeof message.id !== 'string' || !message.id) throw new StorageError('invalid', 'A message needs an id.');
  if (typeof message.conversationId !== 'string' || !message.conversationId) throw problem('missing conversationId.');
  if (!Number.isSafeInteger(message.seq) || message.seq < 0) throw problem('seq must be a whole number ≥ 0.');
  if (!MESSAGE_ROLES.includes(message.role)) throw problem(`unknown role "${String(message.role)}".`);
  if (!MESSAGE_STATUSES.includes(message.status)) throw problem(`unknown status "${String(message.status)}".`);
  if (message.role === 'user' && message.status !== 'done') throw problem('user messages are always "done".');
  if (typeof message.text !== 'string') throw problem('text must be a string.');
  if (message.error && !ERROR_CODES.includes(message.error.code)) throw problem(`unknown error code "${String(message.error.code)}".`);
}

function withoutUndefined<T extends object>(value: T): T {
  const out = { ...value };
  for (const key of Object.keys(out) as (keyof T)[]) if (out[key] === undefined) delete out[key];
  return out;
}

/**
 * Writes one message inside `tx` and updates everything derived from it. `previous` is the row
 * being replaced (undefined for a new message).
 */
async function writeMessage(tx: WriteTx, message: Message, previous: Message | undefined): Promise<void> {
  checkMessage(message);
  if (previous && previous.conversationId !== message.conversationId) {
    throw new StorageError('invalid', `Message ${message.id} belongs to another conversation.`);
  }
  // A soft-deleted conversation still accepts writes: an answer that finishes streaming after the
  // user pressed Delete must survive an Undo.
  const conversation = await requireConversation(tx, message.conversationId, true);
  const messages = tx.objectStore('messages');
  const laterKey = await messages.index('by-conversation').getKey(byConversation(message.conversationId, message.seq, true));
  const requests: Promise<unknown>[] = [
    quiet(messages.put(message)),
    ...refreshTerms(tx, message.conversationId, message.id, previous?.text, message.text),
  ];

  conversation.updatedAt = Math.max(Date.now(), conversation.updatedAt);
  if (!previous) conversation.messageCount += 1;
  // A user message's title and preview say what the user did, never our instruction or delimiters (issue #12).
  const summary = (max: number) => (message.role === 'user' ? userMessageSummary(message.text, max) : shorten(message.text, max));
  if (laterKey === undefined && message.text.trim()) conversation.preview = summary(PREVIEW_MAX_CHARS);
  if (message.role === 'user' && !conversation.titleEdited && conversation.title === DEFAULT_TITLE && message.text.trim()) {
    const title = summary(TITLE_MAX_CHARS) || shorten(message.text, TITLE_MAX_CHARS);
    requests.push(...refreshTitleTerms(tx, conversation.id, conversation.title, title));
    conversation.title = title;
  }
  requests.push(quiet(tx.objectStore('conversations').put(toStored(conversation))));
  await Promise.all(requests);
}

/**
 * Inserts or replaces a message atomically with its conversation bookkeeping and search terms.
 * Throws StorageError: 'not-found' (no such conversation; a soft-deleted one is fine), 'invalid' (bad fields, seq taken),
 * 'quota' (storage full; nothing was written).
 */
export function putMessage(message: Message): Promise<Message> {
  const clean = withoutUndefined(message);
  return withWriteTx(async (tx) => {
    const previous = await tx.objectStore('messages').get(clean.id);
    await writeMessage(tx, clean, previous);
    return clean;
  });
}

export type MessagePatch = Partial<Omit<Message, 'id' | 'conversationId'>>;

/** Merges `patch` into a stored message (a key set to undefined removes that field). */
export function updateMessage(id: string, patch: MessagePatch): Promise<Message> {
  return withWriteTx(async (tx) => {
    const previous = await tx.objectStore('messages').get(id);
    if (!previous) throw notFound('Message', id);
    const next = withoutUndefined({ ...previous, ...patch, id, conversationId: previous.conversationId, updatedAt: patch.updatedAt ?? Date.now() });
    await writeMessage(tx, next, previous);
    return next;
  });
}

/**
 * Removes every message of the conversation with seq > `seq` (regenerate / edit), in one
 * transaction with the conversation's count and preview. Returns how many were removed.
 */
export function deleteMessagesAfter(conversationId: string, seq: number): Promise<number> {
  return withWriteTx(async (tx) => {
    const conversation = await requireConversation(tx, conversationId);
    const messages = tx.objectStore('messages');
    const index = messages.index('by-conversation');
    const doomed = await index.getAll(byConversation(conversationId, seq, true));
    if (doomed.length === 0) return 0;
    const requests: Promise<unknown>[] = [];
    for (const message of doomed) {
      requests.push(quiet(messages.delete(message.id)), ...refreshTerms(tx, conversationId, message.id, message.text, undefined));
    }
    const last = await index.openCursor(IDBKeyRange.bound([conversationId, -Infinity], [conversationId, seq]), 'prev');
    conversation.messageCount = Math.max(0, conversation.messageCount - doomed.length);
    if (last?.value.text.trim()) conversation.preview = shorten(last.value.text, PREVIEW_MAX_CHARS);
    else delete conversation.preview;
    conversation.updatedAt = Math.max(Date.now(), conversation.updatedAt);
    requests.push(quiet(tx.objectStore('conversations').put(toStored(conversation))));
    await Promise.all(requests);
    return doomed.length;
  });
}

/** Messages in a given status across all conversations (by the `by-status` index). */
export async function findMessagesByStatus(status: MessageStatus): Promise<Message[]> {
  try {
    const db = await openDb();
    return await db.getAllFromIndex('messages', 'by-status', status);
  } catch (error) {
    throw toStorageError(error);
  }
}
