// Redos: Regenerate, Edit and Continue. Regenerate and Edit add a version beside the old message
// (issue #12, lib/protocol/branches.ts), which the switcher can bring back; Continue appends to a
// stopped answer in place; an answer that failed before writing anything is retried in place.
import type { ClientMessage } from '@/lib/protocol/messages';
import { resolveModel } from '@/lib/playground/aliases';
import { getConversation } from '@/lib/background/storage/conversations';
import { listMessages, updateMessage } from '@/lib/background/storage/messages';
import { parentsOf, ROOT, visiblePath } from '@/lib/protocol/branches';
import { loadSettings } from '@/lib/background/storage/settings';
import { type Settings } from '@/lib/protocol/settings';
import type { Conversation, Message } from '@/lib/protocol/records';
import type { EngineContext } from './context';
import type { Subscriber } from './hub';
import { AnswerRequest, type Failover } from './request';
import { cancelRetry } from './retries';
import { takeWait } from './waits-store';
import { announce, applyOptions, enqueue, newMessage, showing } from './turn-queue';

type Redo = Extract<ClientMessage, { type: 'chat-regenerate' | 'chat-edit' | 'chat-continue' }>;

export async function redoTurn(ctx: EngineContext, subscriber: Subscriber, m: Redo): Promise<void> {
  let conversation = await getConversation(m.conversationId);
  if (!conversation || conversation.deletedAt) return subscriber.postMessage({ type: 'conversation-missing', conversationId: m.conversationId });
  const reject = (error: string) => subscriber.postMessage({ type: 'request-rejected', code: 'bad-request', error, requestId: m.requestId });
  // Rewriting history under a running or waiting answer would corrupt what it is based on.
  if (ctx.scheduler.isRunning(conversation.id) || ctx.scheduler.waitingFor(conversation.id).length > 0)
    return reject('An answer is still being written in this conversation. Stop it or wait for it to finish.');
  const messages = await listMessages(conversation.id);
  const target = messages.find((x) => x.id === m.messageId);
  if (!target) return reject('That message no longer exists.');
  // Retry or "Try lighter model" replaces a scheduled retry or a pending check (issue #11 items 4, 5).
  await cancelRetry(ctx, target.id);
  await takeWait(target.id, 'verification');
  if (m.type !== 'chat-continue') conversation = await applyOptions(conversation, m.options);
  const settings = await loadSettings();

  if (m.type === 'chat-regenerate') {
    if (target.role !== 'assistant') return reject('Only answers can be regenerated.');
    const parent = messages.find((x) => x.id === parentsOf(messages).get(target.id));
    if (!parent) return reject('That answer has no question to answer again.');
    // "Answer with …" (issue #17): the failed model and why travel with the request.
    const failover: Failover | undefined = m.answerWith && target.error
      ? { model: resolveModel(m.answerWith), from: target.model ?? resolveModel(conversation.model ?? settings.defaultModel), reason: target.error.code }
      : undefined;
    // An answer that failed before writing anything is retried in place: an empty version is nothing to go back to.
    if (target.text === '' && ![...parentsOf(messages).values()].includes(target.id))
      return requeue(ctx, subscriber, conversation, messages, target, m.requestId, settings, failover);
    return enqueue(ctx, subscriber, { conversation, messages, settings }, parent, m.requestId, failover);
  }
  if (m.type === 'chat-edit') {
    if (target.role !== 'user') return reject('Only your own messages can be edited.');
    const parent = messages.find((x) => x.id === parentsOf(messages).get(target.id)) ?? ROOT;
    const edited = newMessage(ctx, conversation.id, parent, 'user', m.text);
    const all = [...messages, edited];
    return enqueue(ctx, subscriber, { conversation: showing(conversation, edited, all), messages: all, settings }, edited, m.requestId, undefined, { messages: [edited] });
  }
  // chat-continue: append to the partial answer in place.
  if (target.role !== 'assistant' || target.status === 'done' || target.status === 'streaming' || target.text === '')
    return reject('Only a stopped or interrupted answer can be continued.');
  if (visiblePath(messages, conversation.branch).at(-1)?.id !== target.id) return reject('Only the last answer can be continued.');
  const waiting = await updateMessage(target.id, { status: 'queued', error: undefined, updatedAt: ctx.now() });
  queueInPlace(ctx, subscriber, { conversation, messages, settings }, waiting, { requestId: m.requestId, continuation: true });
}

/** Answers an empty failed answer again under the same id. */
async function requeue(
  ctx: EngineContext,
  subscriber: Subscriber,
  conversation: Conversation,
  messages: Message[],
  target: Message,
  requestId: string,
  settings: Settings,
  failover?: Failover,
): Promise<void> {
  const waiting = await updateMessage(target.id, { status: 'queued', error: undefined, reasoning: undefined, updatedAt: ctx.now(), ...(failover && { model: failover.model }) });
  queueInPlace(ctx, subscriber, { conversation, messages, settings }, waiting, { requestId, failover });
}

/** Queues an answer again under its own id (`waiting`, already stored as 'queued') and tells the surfaces. */
function queueInPlace(
  ctx: EngineContext,
  subscriber: Subscriber,
  turn: { conversation: Conversation; messages: Message[]; settings: Settings },
  waiting: Message,
  spec: { requestId: string; failover?: Failover; continuation?: boolean },
): void {
  const messages = turn.messages.map((x) => (x.id === waiting.id ? waiting : x));
  const request = new AnswerRequest({ conversationId: turn.conversation.id, messageId: waiting.id, attempt: 0, ...spec });
  announce(ctx, subscriber, turn.conversation, messages, request);
  request.facts = { conversation: turn.conversation, messages, settings: turn.settings };
  ctx.scheduler.submit(request);
}
