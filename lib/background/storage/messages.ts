// Message rows. Every write is one transaction that keeps the conversation row (updatedAt,
// messageCount, preview, auto title, branch) and the search index in step with the message.
// Versions (issue #12): messages form a tree (lib/protocol/branches.ts). messageCount and preview
// follow the visible path (what the panel shows); search and export cover every version.
import { fromStored, notFound, openDb, quiet, toStored, withWriteTx, type WriteTx } from './db';
import { requireConversation } from './conversations';
import { StorageError, toStorageError } from './errors';
import { checkMessage } from './validate';
import { refreshTerms, refreshTitleTerms } from './search-index';
import { shorten } from './text';
import { userMessageSummary } from '../../protocol/context-blocks';
import { branchShowing, versionsOf } from '../../protocol/branches';
import { describePath, isTextUpdate, placeProblem, previewOf } from './message-tree';
import {
  DEFAULT_TITLE,
  TITLE_MAX_CHARS,
  type Conversation,
  type Message,
  type MessageStatus,
} from '../../protocol/records';

const byConversation = (conversationId: string, afterSeq = -Infinity, open = false) =>
  IDBKeyRange.bound([conversationId, afterSeq], [conversationId, Infinity], open, false);

/** Every message of a conversation (all versions), ordered by seq (depth). */
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

/** One more than the deepest seq of the conversation (on any branch). */
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

export function withoutUndefined<T extends object>(value: T): T {
  const out = { ...value };
  for (const key of Object.keys(out) as (keyof T)[]) if (out[key] === undefined) delete out[key];
  return out;
}

/**
 * Writes one message inside `tx` and updates everything derived from it. `previous` is the row
 * being replaced (undefined for a new message). A new version becomes the one shown. Returns whether
 * open history lists should re-read: always, except after a text-only update that changed nothing a
 * row shows (title, preview, the minute of updatedAt).
 */
export async function writeMessage(tx: WriteTx, message: Message, previous: Message | undefined): Promise<boolean> {
  checkMessage(message);
  if (previous && previous.conversationId !== message.conversationId) {
    throw new StorageError('invalid', `Message ${message.id} belongs to another conversation.`);
  }
  // A soft-deleted conversation still accepts writes: an answer that finishes streaming after the
  // user pressed Delete must survive an Undo.
  const conversation = await requireConversation(tx, message.conversationId, true);
  const shown = listFace(conversation);
  let textOnly = false;
  const messages = tx.objectStore('messages');
  const requests: Promise<unknown>[] = [
    quiet(messages.put(message)),
    ...refreshTerms(tx, message.conversationId, message.id, previous?.text, message.text),
  ];
  conversation.updatedAt = Math.max(Date.now(), conversation.updatedAt);
  if (isTextUpdate(previous, message) && conversation.previewId !== undefined) {
    // A streaming checkpoint (every few seconds of a long answer): the place, the path and the
    // preview's source are unchanged, so the rest of the conversation is not read (review item).
    textOnly = true;
    if (conversation.previewId === message.id) conversation.preview = previewOf(message);
  } else {
    const others = (await messages.index('by-conversation').getAll(byConversation(message.conversationId))).filter((m) => m.id !== message.id);
    const misplaced = placeProblem(message, others);
    if (misplaced) throw new StorageError('invalid', `Message ${message.id}: ${misplaced}`);
    const all = [...others, message];
    if (!previous && versionsOf(message, all).length > 1) conversation.branch = branchShowing(message, all, conversation.branch);
    describePath(conversation, all);
  }
  const summary = (max: number) => (message.role === 'user' ? userMessageSummary(message.text, max) : shorten(message.text, max));
  if (message.role === 'user' && !conversation.titleEdited && conversation.title === DEFAULT_TITLE && message.text.trim()) {
    const title = summary(TITLE_MAX_CHARS) || shorten(message.text, TITLE_MAX_CHARS);
    requests.push(...refreshTitleTerms(tx, conversation.id, conversation.title, title));
    conversation.title = title;
  }
  requests.push(quiet(tx.objectStore('conversations').put(toStored(conversation))));
  await Promise.all(requests);
  return !textOnly || listFace(conversation) !== shown;
}

/** What a history row shows of a conversation (ConversationItem: title, preview, time to the minute, pin, count). */
function listFace(c: Conversation): string {
  return JSON.stringify([c.title, c.preview, Math.floor(c.updatedAt / 60_000), c.pinned, c.messageCount, c.deletedAt]);
}

/**
 * Inserts or replaces a message atomically with its conversation bookkeeping and search terms.
 * Throws StorageError: 'not-found' (no such conversation; a soft-deleted one is fine), 'invalid' (bad fields,
 * a seq that does not fit its parent, a legacy seq taken),
 * 'quota' (storage full; nothing was written).
 */
export function putMessage(message: Message): Promise<Message> {
  const clean = withoutUndefined(message);
  let listChanged = true;
  return withWriteTx(
    async (tx) => {
      const previous = await tx.objectStore('messages').get(clean.id);
      listChanged = await writeMessage(tx, clean, previous);
      return clean;
    },
    () => listChanged,
  );
}

export type MessagePatch = Partial<Omit<Message, 'id' | 'conversationId'>>;

/** Merges `patch` into a stored message (a key set to undefined removes that field). */
export function updateMessage(id: string, patch: MessagePatch): Promise<Message> {
  let listChanged = true;
  return withWriteTx(
    async (tx) => {
      const previous = await tx.objectStore('messages').get(id);
      if (!previous) throw notFound('Message', id);
      const next = withoutUndefined({ ...previous, ...patch, id, conversationId: previous.conversationId, updatedAt: patch.updatedAt ?? Date.now() });
      listChanged = await writeMessage(tx, next, previous);
      return next;
    },
    // A checkpoint that changed nothing a history row shows does not make open pages re-read (review item).
    () => listChanged,
  );
}

/**
 * Removes every message of the conversation with seq > `seq`, on every branch, in one transaction
 * with the conversation's count and preview. Returns how many were removed. (Regenerate and Edit
 * keep versions instead since issue #12; this stays for tools that truly cut a conversation.)
 */
export function deleteMessagesAfter(conversationId: string, seq: number): Promise<number> {
  return withWriteTx(async (tx) => {
    const conversation = await requireConversation(tx, conversationId);
    const messages = tx.objectStore('messages');
    const all = await messages.index('by-conversation').getAll(byConversation(conversationId));
    const doomed = all.filter((m) => m.seq > seq);
    if (doomed.length === 0) return 0;
    const requests: Promise<unknown>[] = [];
    for (const message of doomed) {
      requests.push(quiet(messages.delete(message.id)), ...refreshTerms(tx, conversationId, message.id, message.text, undefined));
    }
    describePath(conversation, all.filter((m) => m.seq <= seq));
    conversation.updatedAt = Math.max(Date.now(), conversation.updatedAt);
    requests.push(quiet(tx.objectStore('conversations').put(toStored(conversation))));
    await Promise.all(requests);
    return doomed.length;
  });
}

/**
 * Shows `messageId` (and its branch) in its conversation: the version switcher (issue #12).
 * Returns the updated conversation and all its messages. Throws 'not-found' if either is gone.
 */
export function selectVersion(conversationId: string, messageId: string): Promise<{ conversation: Conversation; messages: Message[] }> {
  return withWriteTx(async (tx) => {
    const conversation = await requireConversation(tx, conversationId);
    const all = await tx.objectStore('messages').index('by-conversation').getAll(byConversation(conversationId));
    const message = all.find((m) => m.id === messageId);
    if (!message) throw notFound('Message', messageId);
    conversation.branch = branchShowing(message, all, conversation.branch);
    describePath(conversation, all);
    await quiet(tx.objectStore('conversations').put(toStored(conversation)));
    return { conversation: fromStored(conversation), messages: all };
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
