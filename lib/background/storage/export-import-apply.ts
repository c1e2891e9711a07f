// Applying a parsed import file (export-import-schema.ts checked it).
// - Everything is written in ONE transaction: any failure imports nothing.
// - A conversation whose id already exists is skipped ('skip', the default), overwritten together
//   with its messages ('replace'), or imported as a copy with fresh ids ('copy'). A message id that
//   collides with a message of another conversation gets a fresh id. messageCount is recomputed.
import { newId, newSessionName, quiet, toStored, withWriteTx, type WriteTx } from './db';
import { hardDeleteConversation } from './conversations';
import { refreshTerms, refreshTitleTerms } from './search-index';
import type { Conversation } from '@/lib/protocol/records';
import type { ExportedConversation, ExportFile } from './export-import';

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
  let conversation: Conversation = { ...sourceConversation, messageCount: sourceMessages.length };
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
      conversation = { ...conversation, id, sessionName: newSessionName() };
      freshMessageIds = true;
    }
  }
  const taken = freshMessageIds ? [] : await Promise.all(sourceMessages.map((m) => quiet(messagesStore.getKey(m.id))));
  const messages = sourceMessages.map((message, i) => ({
    ...message,
    id: freshMessageIds || taken[i] !== undefined ? newId() : message.id,
    conversationId: conversation.id,
  }));
  await Promise.all([
    quiet(conversations.put(toStored(conversation))),
    ...refreshTitleTerms(tx, conversation.id, undefined, conversation.title),
    ...messages.flatMap((message) => [quiet(messagesStore.put(message)), ...refreshTerms(tx, conversation.id, message.id, undefined, message.text)]),
  ]);
  summary.imported++;
}

/** Imports a parsed file in one transaction (all or nothing). */
export function importData(data: ExportFile, options: { onConflict?: ConflictPolicy } = {}): Promise<ImportSummary> {
  const policy = options.onConflict ?? 'skip';
  return withWriteTx(async (tx) => {
    const summary: ImportSummary = { imported: 0, skipped: 0, replaced: 0, renamed: {} };
    for (const conversation of data.conversations) await importOne(tx, conversation, policy, summary);
    return summary;
  });
}
