// Start-up for long documents (issue #13): an answer that was reading a document in sections when
// the worker died has its plan in storage.local; it goes back into the queue (and resumes the
// sections left) instead of ending interrupted. Plans whose answer ended meanwhile are dropped.
import type { Message } from '@/lib/protocol/records';
import { getMessage, updateMessage } from '@/lib/background/storage/messages';
import { plannedMessageIds, readPlan, removePlan } from '@/lib/background/documents/plan-store';

export async function resumeDocuments(streaming: readonly Message[], queued: readonly Message[], now: number): Promise<{ ids: Set<string>; messages: Message[] }> {
  const planned = await plannedMessageIds().catch(() => new Set<string>());
  const ids = new Set<string>();
  const messages: Message[] = [];
  for (const message of streaming) {
    if (!planned.has(message.id)) continue;
    ids.add(message.id);
    messages.push(await updateMessage(message.id, { status: 'queued', error: undefined, updatedAt: now }));
  }
  // A plan with no waiting answer (stopped while it waited for a retry, deleted): nothing will resume it.
  const waiting = new Set([...ids, ...queued.map((m) => m.id)]);
  for (const id of planned) {
    if (waiting.has(id)) continue;
    const plan = await readPlan(id).catch(() => undefined);
    if (plan && !(await retryPending(id))) await removePlan(id).catch(() => {});
  }
  return { ids, messages };
}

/** An answer in error with a scheduled retry keeps its plan: the retry resumes it. */
async function retryPending(messageId: string): Promise<boolean> {
  const message = await getMessage(messageId).catch(() => undefined);
  return message?.status === 'error' && message.error?.retryAt !== undefined;
}
