// What new turns and redos share (turns.ts, redo-turns.ts): the new message records, the options a
// page sends with a turn, and enqueue, which stores the turn's rows, tells the surfaces and queues
// its request. What a turn reads travels with the request (TurnFacts), so a run that starts at once
// reads nothing again.
import { mark } from '@/lib/shared/bench-marks';
import type { ChatOptions } from '@/lib/protocol/messages';
import { resolveModel } from '@/lib/playground/aliases';
import { updateConversationSettings } from '@/lib/background/storage/conversations';
import { storeTurn, type TurnRows } from '@/lib/background/storage/turn-rows';
import { branchShowing, ROOT, versionsOf } from '@/lib/protocol/branches';
import { type Settings } from '@/lib/protocol/settings';
import { newId } from '@/lib/background/storage/db';
import type { Conversation, Message } from '@/lib/protocol/records';
import type { EngineContext } from './context';
import type { Subscriber } from './hub';
import { AnswerRequest, type Failover } from './request';

/** The conversation as storage has it after writing the new `message`: a new version is the one shown (storage/messages.ts). */
export function showing(conversation: Conversation, message: Message, messages: Message[]): Conversation {
  if (versionsOf(message, messages).length < 2) return conversation;
  return { ...conversation, branch: branchShowing(message, messages, conversation.branch) };
}

/**
 * Queues the answer to `question` and tells the surfaces. `unsaved`: rows of the turn not stored yet
 * (the question, a new conversation, changed options); they are written with the empty answer in one
 * transaction while the request may already run, and surfaces hear of the turn once it committed
 * (request.holdFramesUntil). A failed write throws here (the page gets its prompt back) and the
 * request stops (runner.ts: its 'streaming' row has nothing to update).
 */
export async function enqueue(
  ctx: EngineContext,
  subscriber: Subscriber,
  turn: { conversation: Conversation; messages: Message[]; settings: Settings },
  question: Message,
  requestId: string,
  failover?: Failover,
  unsaved: Omit<TurnRows, 'conversation'> = { messages: [] },
): Promise<void> {
  const { settings } = turn;
  const model = failover?.model ?? resolveModel(turn.conversation.model ?? settings.defaultModel);
  const assistant: Message = { ...newMessage(ctx, turn.conversation.id, question, 'assistant', ''), status: 'queued', model };
  const messages = [...turn.messages, assistant];
  const conversation = showing(turn.conversation, assistant, messages);
  const stored = storeTurn({ ...unsaved, conversation: turn.conversation, messages: [...unsaved.messages, assistant] });
  const request = new AnswerRequest({ conversationId: conversation.id, messageId: assistant.id, requestId, attempt: 0, failover });
  request.holdFramesUntil(stored);
  announce(ctx, subscriber, conversation, messages, request);
  request.facts = { conversation, messages, settings };
  ctx.scheduler.submit(request);
  await stored;
  mark('turn stored');
}

/** chat-started goes out (and the page is subscribed) once the request's rows are stored. */
export function announce(ctx: EngineContext, subscriber: Subscriber, conversation: Conversation, messages: Message[], request: AnswerRequest): void {
  const started = { type: 'chat-started' as const, ...request.startFrame(), conversation, messages: [...messages].sort((a, b) => a.seq - b.seq) };
  request.whenStored(() => {
    ctx.hub.subscribe(conversation.id, subscriber);
    ctx.hub.broadcast(conversation.id, started);
  });
}

export function optionsPatch(options: ChatOptions | undefined): Partial<Pick<Conversation, 'model' | 'systemPrompt' | 'temperature' | 'maxTokens'>> {
  return {
    ...(options?.model !== undefined && { model: resolveModel(options.model) }),
    ...(options?.system !== undefined && { systemPrompt: options.system }),
    ...(options?.temperature !== undefined && { temperature: options.temperature }),
    ...(options?.maxTokens !== undefined && { maxTokens: options.maxTokens }),
  };
}

export async function applyOptions(conversation: Conversation, options: ChatOptions | undefined): Promise<Conversation> {
  if (!options || Object.keys(options).length === 0) return conversation;
  return updateConversationSettings(conversation.id, optionsPatch(options));
}

/** A message following `parent` (ROOT: the first message). */
export function newMessage(ctx: EngineContext, conversationId: string, parent: Message | typeof ROOT, role: Message['role'], text: string): Message {
  const now = ctx.now();
  const place = parent === ROOT ? { seq: 0, parentId: ROOT } : { seq: parent.seq + 1, parentId: parent.id };
  return { id: newId(), conversationId, ...place, role, text, status: 'done', createdAt: now, updatedAt: now };
}
