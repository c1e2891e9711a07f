// New turns and redos (regenerate, edit, continue): store what the user asked for, announce the
// answer to the surfaces, and queue its request. What a turn reads here travels with the request
// (TurnFacts), so a run that starts at once reads nothing again.
// Nothing is deleted (issue #12): a new turn follows the visible path; Regenerate and Edit add a
// version beside the old message (lib/protocol/branches.ts), which the switcher can bring back.
import type { ChatOptions, ClientMessage } from '@/lib/protocol/messages';
import { resolveModel } from '@/lib/playground/aliases';
import { createConversation, getConversation, updateConversationSettings } from '@/lib/background/storage/conversations';
import { listMessages, putMessage, updateMessage } from '@/lib/background/storage/messages';
import { branchShowing, parentsOf, ROOT, versionsOf, visiblePath } from '@/lib/protocol/branches';
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
    // It takes the instance a surface warmed when it opened (issue #16), so Enter finds its socket open.
    conversation = await createConversation({ model: settings.defaultModel, ...optionsPatch(m.options), sessionName: ctx.deps.warmInstance?.() });
    messages = [];
  }
  const last = visiblePath(messages, conversation.branch).at(-1);
  const user = await putMessage(newMessage(ctx, conversation.id, last ?? ROOT, 'user', m.text));
  await enqueue(ctx, subscriber, { conversation, messages: [...messages, user], settings }, user, m.requestId);
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
    const edited = await putMessage(newMessage(ctx, conversation.id, parent, 'user', m.text));
    const all = [...messages, edited];
    return enqueue(ctx, subscriber, { conversation: showing(conversation, edited, all), messages: all, settings }, edited, m.requestId);
  }
  // chat-continue: append to the partial answer in place.
  if (target.role !== 'assistant' || target.status === 'done' || target.status === 'streaming' || target.text === '')
    return reject('Only a stopped or interrupted answer can be continued.');
  if (visiblePath(messages, conversation.branch).at(-1)?.id !== target.id) return reject('Only the last answer can be continued.');
  const waiting = await updateMessage(target.id, { status: 'queued', error: undefined, updatedAt: ctx.now() });
  const all = messages.map((x) => (x.id === waiting.id ? waiting : x));
  const request = new AnswerRequest({ conversationId: conversation.id, messageId: waiting.id, requestId: m.requestId, attempt: 0, continuation: true });
  announce(ctx, subscriber, conversation, all, request);
  request.facts = { conversation, messages: all, settings };
  ctx.scheduler.submit(request);
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
  const all = messages.map((x) => (x.id === waiting.id ? waiting : x));
  const request = new AnswerRequest({ conversationId: conversation.id, messageId: waiting.id, requestId, attempt: 0, failover });
  announce(ctx, subscriber, conversation, all, request);
  request.facts = { conversation, messages: all, settings };
  ctx.scheduler.submit(request);
}

/** The conversation as storage has it after writing the new `message`: a new version is the one shown (storage/messages.ts). */
function showing(conversation: Conversation, message: Message, messages: Message[]): Conversation {
  if (versionsOf(message, messages).length < 2) return conversation;
  return { ...conversation, branch: branchShowing(message, messages, conversation.branch) };
}

/** Stores the empty assistant message, tells the surfaces, and queues its request. */
async function enqueue(
  ctx: EngineContext,
  subscriber: Subscriber,
  turn: { conversation: Conversation; messages: Message[]; settings: Settings },
  question: Message,
  requestId: string,
  failover?: Failover,
): Promise<void> {
  const { settings } = turn;
  const model = failover?.model ?? resolveModel(turn.conversation.model ?? settings.defaultModel);
  const assistant = await putMessage({ ...newMessage(ctx, turn.conversation.id, question, 'assistant', ''), status: 'queued', model });
  const messages = [...turn.messages, assistant];
  const conversation = showing(turn.conversation, assistant, messages);
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

/** A message following `parent` (ROOT: the first message). */
function newMessage(ctx: EngineContext, conversationId: string, parent: Message | typeof ROOT, role: Message['role'], text: string): Message {
  const now = ctx.now();
  const place = parent === ROOT ? { seq: 0, parentId: ROOT } : { seq: parent.seq + 1, parentId: parent.id };
  return { id: newId(), conversationId, ...place, role, text, status: 'done', createdAt: now, updatedAt: now };
}
