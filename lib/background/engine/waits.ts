// Answers that are not running: Stop for queued, retrying and checking answers, and the playground
// check (verification) an answer waits for. Both end or resume the answer outside a generation.
import { getMessage, updateMessage } from '@/lib/background/storage/messages';
import { newId } from '@/lib/background/storage/db';
import type { EngineContext } from './context';
import type { Subscriber } from './hub';
import { AnswerRequest, detachedFrame } from './request';
import { cancelRetry } from './retries';
import { putWait, readWaits, takeWait } from './waits-store';

/**
 * chat-stop: abort the running answer, or end a queued one, a scheduled retry or an answer
 * waiting for a playground check as stopped, keeping its text. Only this conversation's
 * (issue #11 item 6).
 */
export async function stopAnswer(ctx: EngineContext, conversationId: string, messageId: string | undefined): Promise<void> {
  const live = ctx.live.get(conversationId);
  if (live && (messageId === undefined || live.messageId === messageId)) return live.controller.abort();
  const checks = Object.values(await readWaits()).filter((w) => w.kind === 'verification' && w.conversationId === conversationId);
  const targets = messageId
    ? [messageId]
    : [...ctx.scheduler.waitingFor(conversationId).map((j) => j.messageId), ...ctx.retries.messageIdsFor(conversationId), ...checks.map((w) => w.messageId)];
  for (const id of new Set(targets)) {
    const message = await getMessage(id);
    if (!message || message.conversationId !== conversationId) continue;
    const job = ctx.scheduler.cancel(id);
    const hadRetry = await cancelRetry(ctx, id);
    const hadCheck = (await takeWait(id, 'verification')) !== undefined;
    if (!job && !hadRetry && !hadCheck) continue;
    job?.end();
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
  // Start-up leaves it to the check (item 4); Stop can end it (item 6).
  await putWait({ kind: 'verification', conversationId, messageId });
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

/** The playground check passed in a tab: retry the answer that waited for it (once, unless stopped meanwhile), first in line. */
export async function verificationPassed(ctx: EngineContext, conversationId: string, messageId: string): Promise<void> {
  if (!(await takeWait(messageId, 'verification'))) return;
  ctx.scheduler.submit(new AnswerRequest({ conversationId, messageId, requestId: newId(), attempt: 0, verified: true }), { front: true });
}

/** The user closed the verification tab before the check passed: the answer fails again, clearly. */
export async function verificationAbandoned(ctx: EngineContext, conversationId: string, messageId: string): Promise<void> {
  await takeWait(messageId, 'verification');
  const message = await getMessage(messageId);
  if (!message || message.status !== 'queued' || ctx.scheduler.waitingFor(conversationId).some((j) => j.messageId === messageId)) return;
  const error = { code: 'challenge' as const, message: 'The playground check was not completed. Open the playground to verify, then try again.' };
  const failed = await updateMessage(messageId, { status: 'error', error, updatedAt: ctx.now() });
  ctx.hub.broadcast(conversationId, { type: 'chat-error', ...detachedFrame(conversationId, messageId, newId()), code: 'challenge', error: error.message, message: failed });
}
