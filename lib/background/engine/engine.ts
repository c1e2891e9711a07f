// The background's chat engine: turns validated client messages into stored turns and queued
// generations. Memory here is only a cache of what is running or waiting; everything that
// matters is in IndexedDB (messages, including 'queued' ones) and storage.session (the journal),
// so a restarted worker recovers.
import type { ChatOptions, ClientMessage, ServerMessage, WaitReason } from '@/lib/protocol/messages';
import { resolveModel } from '@/lib/playground/aliases';
import type { ModelList } from '@/lib/playground/model-list';
import { createConversation, getConversation, updateConversationSettings } from '@/lib/background/storage/conversations';
import { deleteMessagesAfter, getMessage, listMessages, putMessage, updateMessage } from '@/lib/background/storage/messages';
import { loadSettings } from '@/lib/background/storage/settings';
import { newId } from '@/lib/background/storage/db';
import type { Conversation, Message } from '@/lib/protocol/records';
import { continuationHistory, historyFor } from './history';
import { Hub, type Subscriber } from './hub';
import { holdAwake } from './keepalive';
import { snapshot, startGeneration, type ErrorDecision, type LiveGeneration, type StreamFn } from './generation';
import { rateLimitDelay } from './retry-policy';
import { Scheduler, type Job } from './scheduler';

export interface EngineDeps {
  stream: StreamFn;
  listModels(refresh: boolean): Promise<ModelList>;
  now?: () => number;
  /** navigator.onLine in the worker; injectable for tests. */
  online?: () => boolean;
  /** Opens or focuses a playground tab for the user to pass the check (lib/background/engine/verification.ts). */
  verify?: (job: { conversationId: string; messageId: string }) => Promise<void>;
  /** Backoff for rate-limited answers (lib/background/engine/retry-policy.ts); injectable for tests. */
  retryDelay?: (attempt: number, retryAfterMs: number | undefined) => number | undefined;
}

export const STILL_BLOCKED_MESSAGE =
  'The playground still asks for a check after verification. Open the playground, make sure a chat works there, then retry.';

type Reply = (message: ServerMessage) => void;

/** A failed attempt that goes back into the queue instead of failing: why, and as which job. */
type Requeue = { requeue: true; reason: WaitReason; next?: Job };

export class ChatEngine {
  readonly hub = new Hub();
  private readonly live = new Map<string, LiveGeneration>();
  private readonly retryTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Last seq sent per requestId, for frames announced before a job starts. */
  private readonly seqs = new Map<string, number>();
  private readonly scheduler: Scheduler;
  private readonly now: () => number;
  private readonly online: () => boolean;

  constructor(private readonly deps: EngineDeps) {
    this.now = deps.now ?? Date.now;
    this.online = deps.online ?? (() => typeof navigator === 'undefined' || navigator.onLine !== false);
    this.scheduler = new Scheduler((job) => void this.launch(job), this.online);
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
          return await this.stop(message.conversationId, message.messageId);
        case 'models-list': {
          const list = await this.deps.listModels(message.refresh ?? false);
          return reply({ type: 'models-listed', models: list.models, source: list.source });
        }
        case 'network-online':
          this.scheduler.pump();
          return;
        case 'challenge-verify':
          return await this.verify(subscriber, message.conversationId, message.messageId);
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

  /** Start-up: answers that were waiting when the worker died go back into the queue. */
  requeue(messages: Message[]): void {
    for (const m of messages.sort((a, b) => a.updatedAt - b.updatedAt)) {
      this.scheduler.submit({ conversationId: m.conversationId, messageId: m.id, requestId: newId(), attempt: 0 });
    }
  }

  /** The network is back (worker `online` event, or a page's nudge). */
  networkOnline(): void {
    this.scheduler.pump();
  }

  /** The user closed the verification tab before the check passed: the answer fails again, clearly. */
  async verificationAbandoned(conversationId: string, messageId: string): Promise<void> {
    const message = await getMessage(messageId);
    if (!message || message.status !== 'queued' || this.scheduler.waitingFor(conversationId).some((j) => j.messageId === messageId)) return;
    const error = { code: 'challenge' as const, message: 'The playground check was not completed. Open the playground to verify, then try again.' };
    const failed = await updateMessage(messageId, { status: 'error', error, updatedAt: this.now() });
    const requestId = newId();
    this.hub.broadcast(conversationId, { type: 'chat-error', conversationId, requestId, messageId, seq: 1, code: 'challenge', error: error.message, message: failed });
  }

  /** The playground check passed in a tab: retry the answer that waited for it. */
  verified(conversationId: string, messageId: string): void {
    this.scheduler.submit({ conversationId, messageId, requestId: newId(), attempt: 0, verified: true }, { front: true });
  }

  private async subscribe(subscriber: Subscriber, conversationId: string): Promise<void> {
    const conversation = await getConversation(conversationId);
    if (!conversation || conversation.deletedAt) {
      return subscriber.postMessage({ type: 'conversation-missing', conversationId });
    }
    this.hub.subscribe(conversationId, subscriber);
    const messages = await listMessages(conversationId);
    const live = this.live.get(conversationId);
    // Deltas still being coalesced go out first, so the snapshot's seq covers all of its text.
    live?.flush();
    subscriber.postMessage({ type: 'conversation-snapshot', conversation, messages, live: live && snapshot(live) });
  }

  private async stop(conversationId: string, messageId: string | undefined): Promise<void> {
    const live = this.live.get(conversationId);
    if (live && (messageId === undefined || live.messageId === messageId)) return live.controller.abort();
    // Not running: cancel a queued answer or a scheduled retry, keeping whatever text it has.
    const targets = messageId ? [messageId] : this.scheduler.waitingFor(conversationId).map((j) => j.messageId);
    for (const id of [...targets, ...(messageId ? [] : [...this.retryTimers.keys()])]) {
      const job = this.scheduler.cancel(id);
      const timer = this.retryTimers.get(id);
      if (!job && timer === undefined) continue;
      clearTimeout(timer);
      this.retryTimers.delete(id);
      const message = await getMessage(id);
      if (!message || message.conversationId !== conversationId) continue;
      const stopped = await updateMessage(id, { status: 'stopped', error: undefined, updatedAt: this.now() });
      const requestId = job?.requestId ?? newId();
      this.hub.broadcast(conversationId, { type: 'chat-end', conversationId, requestId, messageId: id, seq: this.nextSeq(requestId), message: stopped });
    }
  }

  private async start(subscriber: Subscriber, m: Extract<ClientMessage, { type: 'chat-start' }>): Promise<void> {
    const settings = await loadSettings();
    let conversation: Conversation | undefined;
    if (m.conversationId) {
      conversation = await getConversation(m.conversationId);
      if (!conversation || conversation.deletedAt) return subscriber.postMessage({ type: 'conversation-missing', conversationId: m.conversationId });
    } else {
      conversation = await createConversation({ model: m.options?.model ? resolveModel(m.options.model) : settings.defaultModel });
    }
    conversation = await this.applyOptions(conversation, m.options);
    const messages = await listMessages(conversation.id);
    const seq = (messages.at(-1)?.seq ?? -1) + 1;
    const user = await putMessage(this.newMessage(conversation.id, seq, 'user', m.text));
    await this.enqueue(subscriber, conversation, [...messages, user], seq + 1, m.requestId);
  }

  private async redo(
    subscriber: Subscriber,
    m: Extract<ClientMessage, { type: 'chat-regenerate' | 'chat-edit' | 'chat-continue' }>,
  ): Promise<void> {
    let conversation = await getConversation(m.conversationId);
    if (!conversation || conversation.deletedAt) return subscriber.postMessage({ type: 'conversation-missing', conversationId: m.conversationId });
    const reject = (error: string) => subscriber.postMessage({ type: 'request-rejected', code: 'bad-request', error, requestId: m.requestId });
    // Rewriting history under a running or waiting answer would corrupt what it is based on.
    if (this.scheduler.isRunning(conversation.id) || this.scheduler.waitingFor(conversation.id).length > 0)
      return reject('An answer is still being written in this conversation. Stop it or wait for it to finish.');
    const messages = await listMessages(conversation.id);
    const target = messages.find((x) => x.id === m.messageId);
    if (!target) return reject('That message no longer exists.');
    this.cancelRetry(target.id);
    if (m.type !== 'chat-continue') conversation = await this.applyOptions(conversation, m.options);

    if (m.type === 'chat-regenerate') {
      if (target.role !== 'assistant') return reject('Only answers can be regenerated.');
      await deleteMessagesAfter(conversation.id, target.seq - 1);
      const kept = messages.filter((x) => x.seq < target.seq);
      return this.enqueue(subscriber, conversation, kept, target.seq, m.requestId);
    }
    if (m.type === 'chat-edit') {
      if (target.role !== 'user') return reject('Only your own messages can be edited.');
      await deleteMessagesAfter(conversation.id, target.seq);
      const edited = await updateMessage(target.id, { text: m.text, updatedAt: this.now() });
      const kept = [...messages.filter((x) => x.seq < target.seq), edited];
      return this.enqueue(subscriber, conversation, kept, target.seq + 1, m.requestId);
    }
    // chat-continue: append to the partial answer in place.
    if (target.role !== 'assistant' || target.status === 'done' || target.status === 'streaming' || target.text === '')
      return reject('Only a stopped or interrupted answer can be continued.');
    if (messages.some((x) => x.seq > target.seq)) return reject('Only the last answer can be continued.');
    const waiting = await updateMessage(target.id, { status: 'queued', error: undefined, updatedAt: this.now() });
    this.announce(subscriber, conversation, messages.map((x) => (x.id === waiting.id ? waiting : x)), waiting, m.requestId);
    this.scheduler.submit({ conversationId: conversation.id, messageId: waiting.id, requestId: m.requestId, attempt: 0, continuation: true });
  }

  /** Stores the empty assistant message, tells the surfaces, and queues the answer. */
  private async enqueue(subscriber: Subscriber, conversation: Conversation, messages: Message[], seq: number, requestId: string): Promise<void> {
    const model = resolveModel(conversation.model ?? (await loadSettings()).defaultModel);
    const assistant = await putMessage({ ...this.newMessage(conversation.id, seq, 'assistant', ''), status: 'queued', model });
    this.announce(subscriber, conversation, [...messages, assistant], assistant, requestId);
    this.scheduler.submit({ conversationId: conversation.id, messageId: assistant.id, requestId, attempt: 0 });
  }

  private announce(subscriber: Subscriber, conversation: Conversation, messages: Message[], assistant: Message, requestId: string): void {
    this.hub.subscribe(conversation.id, subscriber);
    this.seqs.set(requestId, 0);
    this.hub.broadcast(conversation.id, {
      type: 'chat-started',
      conversationId: conversation.id,
      requestId,
      messageId: assistant.id,
      seq: 0,
      conversation,
      messages: [...messages].sort((a, b) => a.seq - b.seq),
    });
  }

  /** Scheduler callback: the job may run now. */
  private async launch(job: Job): Promise<void> {
    const release = holdAwake();
    try {
      await this.run(job, release);
    } catch (error) {
      release();
      this.scheduler.finished(job.conversationId);
      this.hub.broadcast(job.conversationId, { type: 'request-rejected', code: 'storage', error: describe(error), requestId: job.requestId });
    }
  }

  private async run(job: Job, release: () => void): Promise<void> {
    const [conversation, messages, settings] = await Promise.all([
      getConversation(job.conversationId),
      listMessages(job.conversationId),
      loadSettings(),
    ]);
    const target = messages.find((m) => m.id === job.messageId);
    if (!conversation || conversation.deletedAt || !target) {
      release();
      return this.scheduler.finished(job.conversationId);
    }
    const model = resolveModel(conversation.model ?? settings.defaultModel);
    const history = job.continuation ? continuationHistory(messages, target, newId()) : historyFor(messages, target.seq);
    const streaming = await updateMessage(target.id, {
      status: 'streaming',
      error: undefined,
      model,
      ...(job.continuation ? {} : { text: '', reasoning: undefined }),
      updatedAt: this.now(),
    });
    // Surfaces learn the job started: a fresh request gets chat-started, an announced one a status frame.
    if (this.seqs.has(job.requestId)) {
      this.hub.broadcast(conversation.id, {
        type: 'chat-status',
        conversationId: conversation.id,
        requestId: job.requestId,
        messageId: target.id,
        seq: this.nextSeq(job.requestId),
        status: 'streaming',
        message: streaming,
      });
    } else {
      this.seqs.set(job.requestId, 0);
      this.hub.broadcast(conversation.id, {
        type: 'chat-started',
        conversationId: conversation.id,
        requestId: job.requestId,
        messageId: target.id,
        seq: 0,
        conversation,
        messages: messages.map((m) => (m.id === streaming.id ? streaming : m)),
      });
    }
    let requeue: Requeue | undefined;
    const live = startGeneration(
      {
        conversation,
        message: streaming,
        requestId: job.requestId,
        history,
        model,
        seqBase: this.seqs.get(job.requestId),
        route: { viaTab: job.viaTab },
        options: {
          system: conversation.systemPrompt ?? settings.systemPrompt,
          temperature: conversation.temperature ?? settings.temperature,
          maxTokens: conversation.maxTokens ?? settings.maxTokens,
        },
      },
      {
        broadcast: (message) => this.hub.broadcast(conversation.id, message),
        stream: this.deps.stream,
        now: this.now,
        onStorageError: (error, id) =>
          this.hub.broadcast(conversation.id, { type: 'request-rejected', code: 'storage', error: describe(error), requestId: id }),
        decideError: (event, text) => {
          const decision = this.decide(job, event, text);
          if (decision && 'requeue' in decision) requeue = decision;
          return decision;
        },
        onRequeue: (message, seq) => {
          this.seqs.set(job.requestId, seq);
          this.broadcastWaiting(message, job.requestId, requeue?.reason ?? 'offline');
          this.scheduler.submit({ ...(requeue?.next ?? job) }, { front: true });
        },
      },
    );
    this.live.set(conversation.id, live);
    void live.done.finally(() => {
      if (this.live.get(conversation.id) === live) this.live.delete(conversation.id);
      // A requeued attempt runs again under the same requestId: its frames must keep counting up,
      // or surfaces drop them as replays (seq ≤ the last they saw) and miss its end.
      if (!requeue) this.seqs.delete(job.requestId);
      release();
      this.scheduler.finished(conversation.id);
    });
  }

  /** Rate limits retry with backoff; a dead network while offline waits for the network. */
  private decide(job: Job, event: { code: string; message: string; retryAfterMs?: number }, text: string): Requeue | Exclude<ErrorDecision, { requeue: true }> {
    if (event.code === 'network' && !this.online() && text === '' && !job.continuation) return { requeue: true, reason: 'offline' };
    if (event.code === 'rate-limited') {
      const delay = (this.deps.retryDelay ?? rateLimitDelay)(job.attempt, event.retryAfterMs);
      if (delay === undefined) return undefined;
      const retryAt = this.now() + delay;
      this.scheduleRetry(job, delay);
      return { retryAt, attempt: job.attempt + 1 };
    }
    if (event.code === 'challenge' && job.verified) {
      // Direct requests still blocked after the user passed the check: the check is bound to the
      // page (e.g. a partitioned cookie). Try once from inside a playground tab, then stop.
      // The answer keeps waiting (queued, reason 'verification') rather than flashing an error
      // whose Verify button would start a second verification under the tab attempt.
      if (!job.viaTab) return { requeue: true, reason: 'verification', next: { ...job, viaTab: true } };
      event.message = STILL_BLOCKED_MESSAGE;
    }
    return undefined;
  }

  private scheduleRetry(job: Job, delay: number): void {
    this.cancelRetry(job.messageId);
    const release = holdAwake();
    const timer = setTimeout(() => {
      this.retryTimers.delete(job.messageId);
      release();
      this.scheduler.submit({ ...job, requestId: newId(), attempt: job.attempt + 1 }, { front: true });
    }, delay);
    this.retryTimers.set(job.messageId, timer);
  }

  private cancelRetry(messageId: string): void {
    const timer = this.retryTimers.get(messageId);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.retryTimers.delete(messageId);
  }

  private async verify(subscriber: Subscriber, conversationId: string, messageId: string): Promise<void> {
    const message = await getMessage(messageId);
    if (!message || message.conversationId !== conversationId || message.role !== 'assistant')
      return subscriber.postMessage({ type: 'request-rejected', code: 'bad-request', error: 'That answer no longer exists.' });
    if (!this.deps.verify) return;
    const waiting = await updateMessage(messageId, { status: 'queued', updatedAt: this.now() });
    this.hub.subscribe(conversationId, subscriber);
    this.broadcastWaiting(waiting, newId(), 'verification');
    await this.deps.verify({ conversationId, messageId });
  }

  private broadcastWaiting(message: Message, requestId: string, reason: WaitReason): void {
    this.hub.broadcast(message.conversationId, {
      type: 'chat-status',
      conversationId: message.conversationId,
      requestId,
      messageId: message.id,
      seq: this.nextSeq(requestId),
      status: 'queued',
      reason,
      message,
    });
  }

  private nextSeq(requestId: string): number {
    const seq = (this.seqs.get(requestId) ?? 0) + 1;
    this.seqs.set(requestId, seq);
    return seq;
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

  /** Waits until nothing runs (tests). */
  async settle(): Promise<void> {
    for (let i = 0; i < 100 && this.live.size > 0; i++) await Promise.all([...this.live.values()].map((l) => l.done));
  }
}

function requestIdOf(message: ClientMessage): string | undefined {
  return 'requestId' in message ? message.requestId : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
