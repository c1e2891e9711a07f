// New turns and redos (regenerate, edit, continue): store what the user asked for, announce the
// answer to the surfaces, and queue its request. What a turn reads here travels with the request
// (TurnFacts), so a run that starts at once reads nothing again.
import type { ChatOptions, ClientMessage } from '@/lib/protocol/messages';
import { resolveModel } from '@/lib/playground/aliases';
import { createConversation, getConversation, updateConversationSettings } from '@/lib/background/storage/conversations';
import { deleteMessagesAfter, listMessages, putMessage, updateMessage } from '@/lib/background/storage/messages';
import { loadSettings } from '@/lib/background/storage/settings';
import { type Settings } from '@/lib/protocol/settings';
import { newId } from '@/lib/background/storage/db';
import type { Conversation, Message } from '@/lib/protocol/records';
import type { EngineContext } from './context';
import type { Subscriber } from './hub';
import { AnswerRequest, type Failover } from './request';
import { cancelRetry } from './retries';
import { takeWait } from './waits-store';

type Start = Extract<ClientMessage, { type: 'chat-start' }>;
type Redo = Extract<ClientMessage, { type: 'chat-regenerate' | 'chat-edit' | 'chat-continue' }>;

export async function startTurn(ctx: EngineContext, subscriber: Subscriber, m: Start): Promise<void> {
  const settings = await loadSettings();
  let conversation: Conversation | undefined;
  let messages: Message[];
  if (m.conversationId) {
    conversation = await getConversation(m.conversationId);
    if (!conversation || conversation.deletedAt) return subscriber.postMessage({ type: 'conversation-missing', conversationId: m.conversationId });
    conversation = await applyOptions(conversation, m.options);
    messages = await listMessages(conversation.id);
  } else {
    // A new conversation is created with its options: one write, and nothing to list yet.
    conversation = await createConversation({ model: settings.defaultModel, ...optionsPatch(m.options) });
    messages = [];
  }
  const seq = (messages.at(-1)?.seq ?? -1) + 1;
  const user = await putMessage(newMessage(ctx, conversation.id, seq, 'user', m.text));
  await enqueue(ctx, subscriber, { conversation, messages: [...messages, user], settings }, seq + 1, m.requestId);
}

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
    await deleteMessagesAfter(conversation.id, target.seq - 1);
    const kept = messages.filter((x) => x.seq < target.seq);
    // "Answer with …" (issue #17): the failed model and why travel with the request.
    const failover: Failover | undefined = m.answerWith && target.error
      ? { model: resolveModel(m.answerWith), from: target.model ?? resolveModel(conversation.model ?? settings.defaultModel), reason: target.error.code }
      : undefined;
    return enqueue(ctx, subscriber, { conversation, messages: kept, settings }, target.seq, m.requestId, failover);
  }
  if (m.type === 'chat-edit') {
    if (target.role !== 'user') return reject('Only your own messages can be edited.');
    await deleteMessagesAfter(conversation.id, target.seq);
    const edited = await updateMessage(target.id, { text: m.text, updatedAt: ctx.now() });
    const kept = [...messages.filter((x) => x.seq < target.seq), edited];
    return enqueue(ctx, subscriber, { conversation, messages: kept, settings }, target.seq + 1, m.requestId);
  }
  // chat-continue: append to the partial answer in place.
  if (target.role !== 'assistant' || target.status === 'done' || target.status === 'streaming' || target.text === '')
    return reject('Only a stopped or interrupted answer can be continued.');
  if (messages.some((x) => x.seq > target.seq)) return reject('Only the last answer can be continued.');
  const waiting = await updateMessage(target.id, { status: 'queued', error: undefined, updatedAt: ctx.now() });
  const all = messages.map((x) => (x.id === waiting.id ? waiting : x));
  const request = new AnswerRequest({ conversationId: conversation.id, messageId: waiting.id, requestId: m.requestId, attempt: 0, continuation: true });
  announce(ctx, subscriber, conversation, all, request);
  request.facts = { conversation, messages: all, settings };
  ctx.scheduler.submit(request);
}

/** Stores the empty assistant message, tells the surfaces, and queues its request. */
async function enqueue(
  ctx: EngineContext,
  subscriber: Subscriber,
  turn: { conversation: Conversation; messages: Message[]; settings: Settings },
  seq: number,
  requestId: string,
  failover?: Failover,
): Promise<void> {
  const { conversation, settings } = turn;
  const model = failover?.model ?? resolveModel(conversation.model ?? settings.defaultModel);
  const assistant = await putMessage({ ...newMessage(ctx, conversation.id, seq, 'assistant', ''), status: 'queued', model });
  const messages = [...turn.messages, assistant];
  const request = new AnswerRequest({ conversationId: conversation.id, messageId: assistant.id, requestId, attempt: 0, failover });
  announce(ctx, subscriber, conversation, messages, request);
  request.facts = { conversation, messages, settings };
  ctx.scheduler.submit(request);
}

function announce(ctx: EngineContext, subscriber: Subscriber, conversation: Conversation, messages: Message[], request: AnswerRequest): void {
  ctx.hub.subscribe(conversation.id, subscriber);
  ctx.hub.broadcast(conversation.id, {
    type: 'chat-started',
    ...request.startFrame(),
    conversation,
    messages: [...messages].sort((a, b) => a.seq - b.seq),
  });
}

function optionsPatch(options: ChatOptions | undefined): Partial<Pick<Conversation, 'model' | 'systemPrompt' | 'temperature' | 'maxTokens'>> {
  return {
    ...(options?.model !== undefined && { model: resolveModel(options.model) }),
    ...(options?.system !== undefined && { systemPrompt: options.system }),
    ...(options?.temperature !== undefined && { temperature: options.temperature }),
    ...(options?.maxTokens !== undefined && { maxTokens: options.maxTokens }),
  };
}

async function applyOptions(conversation: Conversation, options: ChatOptions | undefined): Promise<Conversation> {
  if (!options || Object.keys(options).length === 0) return conversation;
  return updateConversationSettings(conversation.id, optionsPatch(options));
}

function newMessage(ctx: EngineContext, conversationId: string, seq: number, role: Message['role'], text: string): Message {
  const now = ctx.now();
  return { id: newId(), conversationId, seq, role, text, status: 'done', createdAt: now, updatedAt: now };
}
