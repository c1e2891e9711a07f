// Applying a parsed import file (export-import-schema.ts checked it).
// - Everything is written in ONE transaction: any failure imports nothing.
// - A conversation whose id already exists is skipped ('skip', the default), overwritten together
//   with its messages ('replace'), or imported as a copy with fresh ids ('copy'). A message id that
//   collides with a message of another conversation gets a fresh id (its versions' parentId and the
//   branch choices follow it). messageCount is recomputed (the visible path, issue #12).
// - Every imported conversation gets a fresh playground instance name: a name from a file would
//   let its author read and steer the conversation's server-side state (issue #11).
// - Imported answers are never live: one exported while queued or streaming is stored as
//   interrupted, so start-up recovery never sends it (issue #11); the user can Continue or Retry.
import { newInstanceName } from '@/lib/playground/instance-name';
import { newId, quiet, toStored, withWriteTx, type WriteTx } from './db';
import { hardDeleteConversation } from './conversations';
import { refreshTerms, refreshTitleTerms } from './search-index';
import type { Conversation, Message } from '@/lib/protocol/records';
import { visiblePath } from '@/lib/protocol/branches';
import type { ExportedConversation, ExportFile } from './export-import';

export const UNFINISHED_IMPORT_MESSAGE = 'This answer was unfinished when it was exported. Continue or retry it.';

/** An answer that was still waiting or being written in the file is stored as interrupted. */
function settled(message: Message): Message {
  if (message.status !== 'queued' && message.status !== 'streaming') return message;
  return { ...message, status: 'interrupted', error: message.error ?? { code: 'network', message: UNFINISHED_IMPORT_MESSAGE } };
}

export type ConflictPolicy = 'skip' | 'replace' | 'copy';

export interface ImportSummary {
  imported: number;
  skipped: number;
  replaced: number;
  /** Conversations imported under a new id ('copy'): old id → new id. */
  renamed: Record<string, string>;
}

async function importOne(tx: WriteTx, source: ExportedConversation, policy: ConflictPolicy, summary: ImportSummary): Promise<void> {
  const conversations = tx.objectStore('conversations');
  const messagesStore = tx.objectStore('messages');
  const { messages: sourceMessages, ...sourceConversation } = source;
  // Whatever the object carries, the instance name is always a fresh one.
  let conversation: Conversation = { ...sourceConversation, sessionName: newInstanceName(), messageCount: visiblePath(sourceMessages, sourceConversation.branch).length };
  let freshMessageIds = false;
  if ((await conversations.getKey(conversation.id)) !== undefined) {
    if (policy === 'skip') {
      summary.skipped++;
      return;
    }
    if (policy === 'replace') {
      await hardDeleteConversation(tx, conversation.id);
      summary.replaced++;
    } else {
      const id = newId();
      summary.renamed[conversation.id] = id;
      conversation = { ...conversation, id };
      freshMessageIds = true;
    }
  }
  const taken = freshMessageIds ? [] : await Promise.all(sourceMessages.map((m) => quiet(messagesStore.getKey(m.id))));
  const ids = new Map(sourceMessages.map((message, i) => [message.id, freshMessageIds || taken[i] !== undefined ? newId() : message.id]));
  const renamed = (id: string) => ids.get(id) ?? id;
  const messages = sourceMessages.map((message) => ({
    ...settled(message),
    id: renamed(message.id),
    ...(message.parentId !== undefined && { parentId: renamed(message.parentId) }),
    conversationId: conversation.id,
  }));
  if (conversation.branch) {
    conversation = { ...conversation, branch: Object.fromEntries(Object.entries(conversation.branch).map(([parent, child]) => [renamed(parent), renamed(child)])) };
  }
  await Promise.all([
    quiet(conversations.put(toStored(conversation))),
    ...refreshTitleTerms(tx, conversation.id, undefined, conversation.title),
    ...messages.flatMap((message) => [quiet(messagesStore.put(message)), ...refreshTerms(tx, conversation.id, message.id, undefined, message.text)]),
  ]);
  summary.imported++;
}

export interface ImportOptions {
  onConflict?: ConflictPolicy;
  /** Called after each conversation is queued for writing (done of total); the page draws a progress bar. */
  onProgress?(done: number, total: number): void;
}

/** Conversations imported side by side: their requests overlap instead of waiting on each other (issue #16). */
const IMPORT_BATCH = 50;

/**
 * Consecutive runs of conversations with no conversation or message id in common, at most
 * IMPORT_BATCH long: within a run the id checks cannot see each other's writes, so a repeated id
 * starts a new run (and is then checked against what the run before it wrote, as one at a time would).
 */
function batches(conversations: readonly ExportedConversation[]): ExportedConversation[][] {
  const out: ExportedConversation[][] = [];
  let run: ExportedConversation[] = [];
  let ids = new Set<string>();
  for (const conversation of conversations) {
    const own = [conversation.id, ...conversation.messages.map((m) => `m:${m.id}`)];
    if (run.length >= IMPORT_BATCH || own.some((id) => ids.has(id))) {
      out.push(run);
      run = [];
      ids = new Set();
    }
    run.push(conversation);
    for (const id of own) ids.add(id);
  }
  if (run.length) out.push(run);
  return out;
}

/** Imports a parsed file in one transaction (all or nothing). */
export function importData(data: ExportFile, options: ImportOptions = {}): Promise<ImportSummary> {
  const policy = options.onConflict ?? 'skip';
  const total = data.conversations.length;
  return withWriteTx(async (tx) => {
    const summary: ImportSummary = { imported: 0, skipped: 0, replaced: 0, renamed: {} };
    let done = 0;
    for (const batch of batches(data.conversations)) {
      await Promise.all(batch.map((conversation) => importOne(tx, conversation, policy, summary).then(() => options.onProgress?.(++done, total))));
    }
    return summary;
  });
}
