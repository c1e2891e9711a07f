// Compare models side by side (issue #15), the engine's part: start a comparison (one user message,
// 2-3 sibling answers, one model each, tied by compareGroup), stop one column or all of them, and
// "Continue with this one". The columns are ordinary answer requests in ordinary lanes of the queue
// (compare-lanes.ts), so rate limits, retries (each column its own countdown), playground checks,
// Stop and worker-restart recovery all work per column exactly as for any answer.
import type { ClientMessage } from '@/lib/protocol/messages';
import type { Conversation, Message } from '@/lib/protocol/records';
import { canChoose, columnsOf, stopAllTargets } from '@/lib/protocol/compare';
import { visiblePath } from '@/lib/protocol/branches';
import { resolveModel } from '@/lib/playground/aliases';
import { createConversation, getConversation, updateConversationSettings } from '@/lib/background/storage/conversations';
import { getMessage, listMessages, putMessage, selectVersion, updateMessage } from '@/lib/background/storage/messages';
import { loadSettings } from '@/lib/background/storage/settings';
import { newId } from '@/lib/background/storage/db';
import type { EngineContext } from './context';
import type { Subscriber } from './hub';
import { laneOf } from './compare-lanes';
import { AnswerRequest } from './request';
import { cancelRetry } from './retries';
import { stopAnswer } from './waits';
import { takeWait } from './waits-store';

type Start = Extract<ClientMessage, { type: 'compare-start' }>;
type Stop = Extract<ClientMessage, { type: 'compare-stop' }>;
type Choose = Extract<ClientMessage, { type: 'compare-choose' }>;

const BUSY = 'An answer is still being written in this conversation. Stop it or wait for it to finish.';

export async function startComparison(ctx: EngineContext, subscriber: Subscriber, m: Start): Promise<void> {
  const reject = (error: string) => subscriber.postMessage({ type: 'request-rejected', code: 'bad-request', error, requestId: m.requestId });
  const settings = await loadSettings();
  const patch = {
    ...(m.options?.system !== undefined && { systemPrompt: m.options.system }),
    ...(m.options?.temperature !== undefined && { temperature: m.options.temperature }),
    ...(m.options?.maxTokens !== undefined && { maxTokens: m.options.maxTokens }),
  };
  let conversation: Conversation | undefined;
  let messages: Message[] = [];
  if (m.conversationId) {
    conversation = await getConversation(m.conversationId);
    if (!conversation || conversation.deletedAt) return subscriber.postMessage({ type: 'conversation-missing', conversationId: m.conversationId });
    if (ctx.scheduler.isRunning(conversation.id) || ctx.scheduler.waitingFor(conversation.id).length > 0) return reject(BUSY);
    if (Object.keys(patch).length > 0) conversation = await updateConversationSettings(conversation.id, patch);
    messages = await listMessages(conversation.id);
  } else {
    conversation = await createConversation({ model: settings.defaultModel, ...patch });
  }
  const last = visiblePath(messages, conversation.branch).at(-1);
  const now = ctx.now();
  const base = { conversationId: conversation.id, createdAt: now, updatedAt: now };
  const user = await putMessage({ ...base, id: newId(), seq: (last?.seq ?? -1) + 1, parentId: last?.id ?? '', role: 'user', text: m.text, status: 'done' });
  const compareGroup = newId();
  const columns: Message[] = [];
  // createdAt counts up so the columns keep the order the user picked them in.
  for (const [i, model] of m.models.entries()) {
    const column: Message = { ...base, createdAt: now + i, updatedAt: now + i, id: newId(), seq: user.seq + 1, parentId: user.id, role: 'assistant', text: '', status: 'queued', model: resolveModel(model), compareGroup };
    columns.push(await putMessage(column));
  }
  conversation = (await getConversation(conversation.id)) ?? conversation;
  const all = [...messages, user, ...columns];
  ctx.hub.subscribe(conversation.id, subscriber);
  const requests = columns.map((c, i) => new AnswerRequest({ conversationId: conversation.id, messageId: c.id, requestId: i === 0 ? m.requestId : newId(), attempt: 0, compareGroup }));
  for (const request of requests)
    ctx.hub.broadcast(conversation.id, { type: 'chat-started', ...request.startFrame(), conversation, messages: all });
  for (const request of requests) {
    request.facts = { conversation, messages: all, settings };
    ctx.scheduler.submit(request);
  }
}

/** Stop one column (or, with none named, every running answer of the conversation), then what waits. */
export async function stopColumns(ctx: EngineContext, conversationId: string, messageIds: string[] | undefined): Promise<void> {
  for (const [lane, live] of ctx.live) {
    if (live.conversationId !== conversationId || lane === conversationId) continue;
    if (!messageIds || messageIds.includes(live.messageId)) live.controller.abort();
  }
  if (!messageIds) return stopAnswer(ctx, conversationId, undefined);
  for (const id of messageIds) if (!ctx.live.has(laneOf({ conversationId, messageId: id, compareGroup: 'x' }))) await stopAnswer(ctx, conversationId, id);
}

export async function stopComparison(ctx: EngineContext, m: Stop): Promise<void> {
  if (m.messageId) return stopColumns(ctx, m.conversationId, [m.messageId]);
  if (!m.compareGroup) return stopColumns(ctx, m.conversationId, undefined);
  const columns = columnsOf(await listMessages(m.conversationId), m.compareGroup);
  return stopColumns(ctx, m.conversationId, stopAllTargets(columns));
}

/** "Continue with this one": the chosen answer is shown (and sent as history), its model becomes the conversation's. */
export async function chooseColumn(ctx: EngineContext, subscriber: Subscriber, m: Choose): Promise<void> {
  const reject = (error: string) => subscriber.postMessage({ type: 'request-rejected', code: 'bad-request', error });
  const chosen = await getMessage(m.messageId);
  if (!chosen || chosen.conversationId !== m.conversationId || !chosen.compareGroup) return reject('That answer no longer exists.');
  if (!canChoose(chosen)) return reject('Wait for this answer to finish, or stop it, before continuing with it.');
  const siblings = columnsOf(await listMessages(m.conversationId), chosen.compareGroup);
  // The user moved on: what still runs in the other columns stops (their text stays as alternatives).
  await stopColumns(ctx, m.conversationId, stopAllTargets(siblings));
  await updateMessage(chosen.id, { compareChosen: true, updatedAt: ctx.now() });
  for (const other of siblings) if (other.id !== chosen.id && other.compareChosen) await updateMessage(other.id, { compareChosen: undefined, updatedAt: ctx.now() });
  await selectVersion(m.conversationId, chosen.id);
  if (chosen.model) await updateConversationSettings(m.conversationId, { model: chosen.model });
  const conversation = await getConversation(m.conversationId);
  if (!conversation) return;
  ctx.hub.subscribe(conversation.id, subscriber);
  ctx.hub.broadcast(conversation.id, { type: 'conversation-snapshot', conversation, messages: await listMessages(conversation.id) });
}

/**
 * Retry (or "Try lighter model") on one column: that column runs again in place, beside the
 * others, with its own model or the one asked for; the other columns are not touched (issue #15).
 * Returns false when the message is not a comparison's column (the ordinary redo handles it).
 */
export async function retryColumn(ctx: EngineContext, subscriber: Subscriber, m: Extract<ClientMessage, { type: 'chat-regenerate' }>): Promise<boolean> {
  const column = await getMessage(m.messageId);
  if (!column?.compareGroup || column.conversationId !== m.conversationId || column.role !== 'assistant') return false;
  if (ctx.live.has(laneOf({ conversationId: column.conversationId, messageId: column.id, compareGroup: column.compareGroup })) || ctx.scheduler.has(column.id)) {
    subscriber.postMessage({ type: 'request-rejected', code: 'bad-request', error: 'This answer is still being written.', requestId: m.requestId });
    return true;
  }
  await cancelRetry(ctx, column.id);
  await takeWait(column.id, 'verification');
  const waiting = await updateMessage(column.id, {
    status: 'queued',
    error: undefined,
    text: '',
    reasoning: undefined,
    finishReason: undefined,
    timings: undefined,
    usage: undefined,
    ...(m.options?.model && { model: resolveModel(m.options.model) }),
    updatedAt: ctx.now(),
  });
  const conversation = await getConversation(column.conversationId);
  if (!conversation) return true;
  const request = new AnswerRequest({ conversationId: conversation.id, messageId: column.id, requestId: m.requestId, attempt: 0, compareGroup: column.compareGroup });
  ctx.hub.subscribe(conversation.id, subscriber);
  const messages = (await listMessages(conversation.id)).map((x) => (x.id === waiting.id ? waiting : x));
  ctx.hub.broadcast(conversation.id, { type: 'chat-started', ...request.startFrame(), conversation, messages });
  ctx.scheduler.submit(request);
  return true;
}

/**
 * A page (re)subscribing mid-comparison: the snapshot carries one live answer, so the other
 * columns' text so far is put into their records (each lane flushed first, so no delta is lost or
 * doubled: later deltas reach this subscriber only after the snapshot).
 */
export function withLiveColumns(ctx: EngineContext, conversationId: string, messages: Message[]): Message[] {
  const lanes = [...ctx.live].filter(([lane, live]) => live.conversationId === conversationId && lane !== conversationId).map(([, live]) => live);
  if (lanes.length === 0) return messages;
  for (const live of lanes) live.flush();
  const byId = new Map(lanes.map((l) => [l.messageId, l]));
  return messages.map((m) => {
    const live = byId.get(m.id);
    return live ? { ...m, status: 'streaming' as const, text: live.text, reasoning: live.reasoning || undefined } : m;
  });
}
