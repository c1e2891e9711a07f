// Answers that wait for something other than the queue: a playground check (verification) or the
// user stopping a queued or retrying answer. Both end or resume the answer outside a generation.
import { getMessage, updateMessage } from '@/lib/background/storage/messages';
import { newId } from '@/lib/background/storage/db';
import type { EngineContext } from './context';
import type { Subscriber } from './hub';
import { AnswerRequest, detachedFrame } from './request';

/** chat-stop: abort the running answer, or cancel a queued one or a scheduled retry, keeping its text. */
export async function stopAnswer(ctx: EngineContext, conversationId: string, messageId: string | undefined): Promise<void> {
  const live = ctx.live.get(conversationId);
  if (live && (messageId === undefined || live.messageId === messageId)) return live.controller.abort();
  const targets = messageId ? [messageId] : ctx.scheduler.waitingFor(conversationId).map((j) => j.messageId);
  for (const id of [...targets, ...(messageId ? [] : ctx.retries.messageIds())]) {
    const job = ctx.scheduler.cancel(id);
    const hadRetry = ctx.retries.cancel(id);
    if (!job && !hadRetry) continue;
    job?.end();
    const message = await getMessage(id);
    if (!message || message.conversationId !== conversationId) continue;
    const stopped = await updateMessage(id, { status: 'stopped', error: undefined, updatedAt: ctx.now() });
    const frame = job ? job.frame() : detachedFrame(conversationId, id, newId());
    ctx.hub.broadcast(conversationId, { type: 'chat-end', ...frame, message: stopped });
  }
}

/** challenge-verify: the answer waits (queued, reason verification) while the user passes the check in a tab. */
export async function startVerification(ctx: EngineContext, subscriber: Subscriber, conversationId: string, messageId: string): Promise<void> {
  const message = await getMessage(messageId);
  if (!message || message.conversationId !== conversationId || message.role !== 'assistant')
    return subscriber.postMessage({ type: 'request-rejected', code: 'bad-request', error: 'That answer no longer exists.' });
  if (!ctx.deps.verify) return;
  const waiting = await updateMessage(messageId, { status: 'queued', updatedAt: ctx.now() });
  ctx.hub.subscribe(conversationId, subscriber);
  ctx.hub.broadcast(conversationId, {
    type: 'chat-status',
    ...detachedFrame(conversationId, messageId, newId()),
    status: 'queued',
    reason: 'verification',
    message: waiting,
  });
  await ctx.deps.verify({ conversationId, messageId });
}

/** The playground check passed in a tab: retry the answer that waited for it, first in line. */
export function verificationPassed(ctx: EngineContext, conversationId: string, messageId: string): void {
  ctx.scheduler.submit(new AnswerRequest({ conversationId, messageId, requestId: newId(), attempt: 0, verified: true }), { front: true });
}

/** The user closed the verification tab before the check passed: the answer fails again, clearly. */
export async function verificationAbandoned(ctx: EngineContext, conversationId: string, messageId: string): Promise<void> {
  const message = await getMessage(messageId);
  if (!message || message.status !== 'queued' || ctx.scheduler.waitingFor(conversationId).some((j) => j.messageId === messageId)) return;
  const error = { code: 'challenge' as const, message: 'The playground check was not completed. Open the playground to verify, then try again.' };
  const failed = await updateMessage(messageId, { status: 'error', error, updatedAt: ctx.now() });
  ctx.hub.broadcast(conversationId, { type: 'chat-error', ...detachedFrame(conversationId, messageId, newId()), code: 'challenge', error: error.message, message: failed });
}
