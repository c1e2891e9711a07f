// The background's chat engine: turns validated client messages into stored turns and
// generations. Memory here is only a cache of what is running; everything that matters is in
// IndexedDB (messages) and storage.session (the journal), so a restarted worker recovers.
import type { ChatOptions, ClientMessage, ServerMessage } from '@/lib/protocol/messages';
import { resolveModel } from '@/lib/playground/aliases';
import type { ModelList } from '@/lib/playground/model-list';
import { createConversation, getConversation, updateConversationSettings } from '@/lib/storage/conversations';
import { deleteMessagesAfter, listMessages, putMessage, updateMessage } from '@/lib/storage/messages';
import { loadSettings } from '@/lib/storage/settings';
import { newId } from '@/lib/storage/db';
import type { Conversation, Message } from '@/lib/storage/types';
import { continuationHistory, historyFor } from './history';
import { Hub, type Subscriber } from './hub';
import { holdAwake } from './keepalive';
import { snapshot, startGeneration, type LiveGeneration, type StreamFn } from './generation';

export interface EngineDeps {
  stream: StreamFn;
  listModels(refresh: boolean): Promise<ModelList>;
  now?: () => number;
}

type Reply = (message: ServerMessage) => void;

export class ChatEngine {
  readonly hub = new Hub();
  private readonly live = new Map<string, LiveGeneration>();
  private readonly now: () => number;

  constructor(private readonly deps: EngineDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** The generation running for a conversation, if any (tests and the snapshot use it). */
  liveFor(conversationId: string): LiveGeneration | undefined {
    return this.live.get(conversationId);
  }

  async handle(subscriber: Subscriber, message: ClientMessage): Promise<void> {
    const reply: Reply = (m) => subscriber.postMessage(m);
    try {
      switch (message.type) {
        case 'conversation-subscribe':
          return await this.subscribe(subscriber, message.conversationId);
        case 'conversation-unsubscribe':
          return this.hub.unsubscribe(message.conversationId, subscriber);
        case 'chat-stop':
          return this.live.get(message.conversationId)?.controller.abort();
        case 'models-list': {
          const list = await this.deps.listModels(message.refresh ?? false);
          return reply({ type: 'models-listed', models: list.models, source: list.source });
        }
        case 'chat-start':
          return await this.start(subscriber, message);
        case 'chat-regenerate':
        case 'chat-edit':
        case 'chat-continue':
          return await this.redo(subscriber, message);
      }
    } catch (error) {
      reply({ type: 'request-rejected', code: 'storage', error: describe(error), requestId: requestIdOf(message) });
    }
  }

  private async subscribe(subscriber: Subscriber, conversationId: string): Promise<void> {
    const conversation = await getConversation(conversationId);
    if (!conversation || conversation.deletedAt) {
      return subscriber.postMessage({ type: 'conversation-missing', conversationId });
    }
    this.hub.subscribe(conversationId, subscriber);
    const messages = await listMessages(conversationId);
    const live = this.live.get(conversationId);
    subscriber.postMessage({ type: 'conversation-snapshot', conversation, messages, live: live && snapshot(live) });
  }

  private async start(subscriber: Subscriber, m: Extract<ClientMessage, { type: 'chat-start' }>): Promise<void> {
    const settings = await loadSettings();
    let conversation: Conversation | undefined;
    if (m.conversationId) {
      conversation = await getConversation(m.conversationId);
      if (!conversation || conversation.deletedAt) return subscriber.postMessage({ type: 'conversation-missing', conversationId: m.conversationId });
      if (this.busy(subscriber, conversation.id, m.requestId)) return;
    } else {
      conversation = await createConversation({ model: m.options?.model ? resolveModel(m.options.model) : settings.defaultModel });
    }
    conversation = await this.applyOptions(conversation, m.options);
    const messages = await listMessages(conversation.id);
    const seq = (messages.at(-1)?.seq ?? -1) + 1;
    const user = await putMessage(this.newMessage(conversation.id, seq, 'user', m.text));
    await this.run(subscriber, conversation, [...messages, user], seq + 1, m.requestId);
  }

  private async redo(
    subscriber: Subscriber,
    m: Extract<ClientMessage, { type: 'chat-regenerate' | 'chat-edit' | 'chat-continue' }>,
  ): Promise<void> {
    let conversation = await getConversation(m.conversationId);
    if (!conversation || conversation.deletedAt) return subscriber.postMessage({ type: 'conversation-missing', conversationId: m.conversationId });
    if (this.busy(subscriber, conversation.id, m.requestId)) return;
    const messages = await listMessages(conversation.id);
    const target = messages.find((x) => x.id === m.messageId);
    const reject = (error: string) => subscriber.postMessage({ type: 'request-rejected', code: 'bad-request', error, requestId: m.requestId });
    if (!target) return reject('That message no longer exists.');
    if (m.type !== 'chat-continue') conversation = await this.applyOptions(conversation, m.options);

    if (m.type === 'chat-regenerate') {
      if (target.role !== 'assistant') return reject('Only answers can be regenerated.');
      await deleteMessagesAfter(conversation.id, target.seq - 1);
      const kept = messages.filter((x) => x.seq < target.seq);
      return this.run(subscriber, conversation, kept, target.seq, m.requestId);
    }
    if (m.type === 'chat-edit') {
      if (target.role !== 'user') return reject('Only your own messages can be edited.');
      await deleteMessagesAfter(conversation.id, target.seq);
      const edited = await updateMessage(target.id, { text: m.text, updatedAt: this.now() });
      const kept = [...messages.filter((x) => x.seq < target.seq), edited];
      return this.run(subscriber, conversation, kept, target.seq + 1, m.requestId);
    }
    // chat-continue: append to the partial answer in place.
    if (target.role !== 'assistant' || target.status === 'done' || target.status === 'streaming' || target.text === '')
      return reject('Only a stopped or interrupted answer can be continued.');
    const later = messages.filter((x) => x.seq > target.seq);
    if (later.length > 0) return reject('Only the last answer can be continued.');
    const history = continuationHistory(messages, target, newId());
    const resumed = await updateMessage(target.id, { status: 'streaming', error: undefined, updatedAt: this.now() });
    const all = messages.map((x) => (x.id === resumed.id ? resumed : x));
    return this.launch(subscriber, conversation, all, resumed, history, m.requestId);
  }

  /** Stores the empty assistant message and starts streaming into it. */
  private async run(subscriber: Subscriber, conversation: Conversation, messages: Message[], seq: number, requestId: string): Promise<void> {
    const model = resolveModel(conversation.model ?? (await loadSettings()).defaultModel);
    const assistant = await putMessage({ ...this.newMessage(conversation.id, seq, 'assistant', ''), status: 'streaming', model });
    await this.launch(subscriber, conversation, [...messages, assistant], assistant, historyFor(messages, seq), requestId);
  }

  private async launch(
    subscriber: Subscriber,
    conversation: Conversation,
    messages: Message[],
    assistant: Message,
    history: ReturnType<typeof historyFor>,
    requestId: string,
  ): Promise<void> {
    const settings = await loadSettings();
    const fresh = (await getConversation(conversation.id)) ?? conversation;
    const model = resolveModel(fresh.model ?? settings.defaultModel);
    this.hub.subscribe(fresh.id, subscriber);
    const release = holdAwake();
    const live = startGeneration(
      {
        conversation: fresh,
        message: assistant,
        requestId,
        history,
        model,
        options: {
          system: fresh.systemPrompt ?? settings.systemPrompt,
          temperature: fresh.temperature ?? settings.temperature,
          maxTokens: fresh.maxTokens ?? settings.maxTokens,
        },
      },
      {
        broadcast: (message) => this.hub.broadcast(fresh.id, message),
        stream: this.deps.stream,
        now: this.now,
        onStorageError: (error, id) =>
          this.hub.broadcast(fresh.id, { type: 'request-rejected', code: 'storage', error: describe(error), requestId: id }),
      },
    );
    this.live.set(fresh.id, live);
    this.hub.broadcast(fresh.id, {
      type: 'chat-started',
      conversationId: fresh.id,
      requestId,
      messageId: assistant.id,
      seq: 0,
      conversation: fresh,
      messages: messages.sort((a, b) => a.seq - b.seq),
    });
    void live.done.finally(() => {
      if (this.live.get(fresh.id) === live) this.live.delete(fresh.id);
      release();
    });
  }

  private busy(subscriber: Subscriber, conversationId: string, requestId: string): boolean {
    if (!this.live.has(conversationId)) return false;
    subscriber.postMessage({
      type: 'request-rejected',
      code: 'bad-request',
      error: 'An answer is still being written in this conversation. Stop it or wait for it to finish.',
      requestId,
    });
    return true;
  }

  private async applyOptions(conversation: Conversation, options: ChatOptions | undefined): Promise<Conversation> {
    if (!options || Object.keys(options).length === 0) return conversation;
    const patch = {
      ...(options.model !== undefined && { model: resolveModel(options.model) }),
      ...(options.system !== undefined && { systemPrompt: options.system }),
      ...(options.temperature !== undefined && { temperature: options.temperature }),
      ...(options.maxTokens !== undefined && { maxTokens: options.maxTokens }),
    };
    return updateConversationSettings(conversation.id, patch);
  }

  private newMessage(conversationId: string, seq: number, role: Message['role'], text: string): Message {
    const now = this.now();
    return { id: newId(), conversationId, seq, role, text, status: 'done', createdAt: now, updatedAt: now };
  }

  /** Waits for every running generation (tests). */
  async settle(): Promise<void> {
    await Promise.all([...this.live.values()].map((l) => l.done));
  }
}

function requestIdOf(message: ClientMessage): string | undefined {
  return 'requestId' in message ? message.requestId : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
