// New turns: store what the user asked for, announce the answer to the surfaces, and queue its
// request (turn-queue.ts). Nothing is deleted (issue #12): a new turn follows the visible path.
import type { ClientMessage } from '@/lib/protocol/messages';
import { getConversation, newConversationRecord } from '@/lib/background/storage/conversations';
import type { TurnRows } from '@/lib/background/storage/turn-rows';
import { validateConversationSettings, type ConversationSettings } from '@/lib/background/storage/validate';
import { listMessages } from '@/lib/background/storage/messages';
import { ROOT, visiblePath } from '@/lib/protocol/branches';
import { loadSettings } from '@/lib/background/storage/settings';
import type { Conversation, Message } from '@/lib/protocol/records';
import type { EngineContext } from './context';
import type { Subscriber } from './hub';
import { enqueue, newMessage, optionsPatch } from './turn-queue';

type Start = Extract<ClientMessage, { type: 'chat-start' }>;

export async function startTurn(ctx: EngineContext, subscriber: Subscriber, m: Start): Promise<void> {
  // issue #16: everything the turn reads, read at once; its rows are written in one transaction.
  const [settings, stored] = await Promise.all([loadSettings(), m.conversationId ? readConversation(m.conversationId) : undefined]);
  const patch = optionsPatch(m.options);
  let conversation: Conversation;
  let messages: Message[];
  let unsaved: Omit<TurnRows, 'conversation' | 'messages'>;
  if (m.conversationId) {
    if (!stored?.conversation || stored.conversation.deletedAt) return subscriber.postMessage({ type: 'conversation-missing', conversationId: m.conversationId });
    const changed = changedSettings(stored.conversation, patch);
    conversation = changed ? { ...stored.conversation, ...changed } : stored.conversation;
    messages = stored.messages;
    unsaved = changed ? { settings: changed } : {};
  } else {
    // It takes the instance a surface warmed when it opened (issue #16), so Enter finds its socket open.
    conversation = newConversationRecord({ model: settings.defaultModel, ...patch, sessionName: ctx.deps.warmInstance?.() });
    messages = [];
    unsaved = { create: true };
  }
  const last = visiblePath(messages, conversation.branch).at(-1);
  const user = newMessage(ctx, conversation.id, last ?? ROOT, 'user', m.text);
  await enqueue(ctx, subscriber, { conversation, messages: [...messages, user], settings }, user, m.requestId, undefined, { ...unsaved, messages: [user] });
}

async function readConversation(id: string): Promise<{ conversation: Conversation | undefined; messages: Message[] }> {
  const [conversation, messages] = await Promise.all([getConversation(id), listMessages(id)]);
  return { conversation, messages };
}

/** The options that differ from the conversation's (validated), or undefined when none does. */
function changedSettings(conversation: Conversation, patch: ReturnType<typeof optionsPatch>): Partial<ConversationSettings> | undefined {
  const valid = validateConversationSettings(patch);
  const changed = Object.fromEntries(Object.entries(valid).filter(([key, value]) => conversation[key as keyof typeof valid] !== value));
  return Object.keys(changed).length > 0 ? changed : undefined;
}
