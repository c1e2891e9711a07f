// Start-up recovery: a fresh worker has no running generations, so any message still marked
// streaming was cut off by a worker or browser death. Keep its text (the journal's, if longer
// than the checkpoint) and mark it interrupted so Continue/Retry are offered. Nothing ever stays
// "streaming" forever. Answers that were only waiting ('queued') are returned so the engine can
// queue them again: the user asked for them and nothing of them was lost.
import type { Message } from '@/lib/protocol/records';
import { findMessagesByStatus, updateMessage } from '@/lib/background/storage/messages';
import { clearJournal, readJournals } from './journal';
import { resumeDocuments } from './document-resume';

/** The extension (its worker or the browser) stopped while the answer was being written. */
export const WORKER_INTERRUPTED_MESSAGE = 'The answer was interrupted before it finished. Continue or retry it.';

export async function recoverInterrupted(now = Date.now()): Promise<{ interrupted: number; queued: Message[] }> {
  const [streaming, queued, journals] = await Promise.all([
    findMessagesByStatus('streaming'),
    findMessagesByStatus('queued'),
    readJournals(),
  ]);
  const byMessage = new Map(journals.map((j) => [j.messageId, j]));
  // issue #13: a long document's answer with a stored plan resumes its remaining sections.
  const resumed = await resumeDocuments(streaming, queued, now);
  queued.push(...resumed.messages);
  let count = 0;
  for (const message of streaming) {
    if (resumed.ids.has(message.id)) continue;
    const journal = byMessage.get(message.id);
    const text = journal && journal.text.length > message.text.length ? journal.text : message.text;
    const reasoning = journal && journal.reasoning.length > (message.reasoning ?? '').length ? journal.reasoning : message.reasoning;
    await updateMessage(message.id, {
      text,
      reasoning: reasoning || undefined,
      status: 'interrupted',
      error: { code: 'network', message: WORKER_INTERRUPTED_MESSAGE },
      updatedAt: now,
    });
    count += 1;
  }
  await Promise.all(journals.map((j) => clearJournal(j.messageId).catch(() => {})));
  return { interrupted: count, queued };
}
