// One generation: stream from the playground, append deltas to the live answer, fan them out,
// journal them, and persist the final message. Always ends in exactly one terminal frame
// (chat-end or chat-error), whatever happens, and never leaves the message "streaming".
import type { ChatOptions, LiveAnswer, ServerMessage } from '@/lib/protocol/messages';
import type { ChatOutcome } from '@/lib/playground/client';
import type { PlaygroundEvent } from '@/lib/playground/events';
import type { ChatRequest, ChatTurn } from '@/lib/playground/types';
import { updateMessage } from '@/lib/background/storage/messages';
import type { Conversation, Message, MessageStatus } from '@/lib/protocol/records';
import { openJournal, throttle } from './journal';

/** IndexedDB checkpoint cadence (for a browser crash, which also clears storage.session). */
export const CHECKPOINT_INTERVAL_MS = 5_000;

export interface StreamRoute {
  /** Run the request inside a playground tab (the tab fallback transport). */
  viaTab?: boolean;
}

export type StreamFn = (
  req: ChatRequest,
  signal: AbortSignal,
  emit: (e: PlaygroundEvent) => void,
  route?: StreamRoute,
) => Promise<ChatOutcome>;

/** What the engine decides about a failed attempt before it is reported. */
export type ErrorDecision = { requeue: true } | { retryAt: number; attempt: number } | undefined;

export interface GenerationInput {
  conversation: Conversation;
  /** The assistant message being written (already stored with status 'streaming'). */
  message: Message;
  requestId: string;
  history: ChatTurn[];
  model: string;
  options: Required<Pick<ChatOptions, 'temperature' | 'maxTokens'>> & { system?: string };
  /** Frames continue after this seq (a queued answer already announced itself). */
  seqBase?: number;
  route?: StreamRoute;
}

export interface LiveGeneration extends LiveAnswer {
  conversationId: string;
  controller: AbortController;
  done: Promise<void>;
  /** Send the deltas waiting to be coalesced now (before a snapshot, so seq and text agree). */
  flush(): void;
}

export interface GenerationHooks {
  broadcast(message: ServerMessage): void;
  stream: StreamFn;
  now(): number;
  /** Storage failed while saving the answer: the user must hear about it. */
  onStorageError(error: unknown, requestId: string): void;
  /** Called for a failed attempt (not a stop) before it is saved and reported. */
  decideError?(event: Extract<PlaygroundEvent, { type: 'error' }>, text: string): ErrorDecision;
  /** The attempt was put back in the queue instead of failing (e.g. offline). */
  onRequeue?(message: Message, seq: number): void;
}

export function startGeneration(input: GenerationInput, hooks: GenerationHooks): LiveGeneration {
  const { conversation, message, requestId } = input;
  const controller = new AbortController();
  const startedAt = hooks.now();
  let firstTokenAt: number | undefined;
  let deltas = 0;
  const live: LiveGeneration = {
    conversationId: conversation.id,
    requestId,
    messageId: message.id,
    text: message.text,
    reasoning: message.reasoning ?? '',
    seq: input.seqBase ?? 0,
    controller,
    done: Promise.resolve(),
    flush: () => flushDeltas(),
  };
  const frame = () => ({ conversationId: conversation.id, requestId, messageId: message.id, seq: ++live.seq });

  const journal = openJournal({ conversationId: conversation.id, requestId, messageId: message.id }, () => hooks.now());
  // A continued answer starts from its stored text: the journal must hold the whole answer.
  if (live.text || live.reasoning) journal.append(live.text, live.reasoning, live.seq);
  const checkpoint = throttle(() => {
    void updateMessage(message.id, { text: live.text, reasoning: live.reasoning || undefined }).catch(() => {});
  }, CHECKPOINT_INTERVAL_MS);

  // Deltas that arrive together (a fast stream delivers many per millisecond) go out as one
  // frame: a port message per token costs more than rendering it (bench measure 1). A zero-delay
  // timer flushes, so a slow stream's single token is not held back.
  let pendingText = '';
  let pendingReasoning = '';
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  function flushDeltas(): void {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    if (pendingReasoning) hooks.broadcast({ type: 'reasoning-delta', ...frame(), text: pendingReasoning });
    if (pendingText) hooks.broadcast({ type: 'text-delta', ...frame(), text: pendingText });
    pendingText = '';
    pendingReasoning = '';
  }

  const emit = (event: PlaygroundEvent) => {
    if (event.type === 'text-delta' || event.type === 'reasoning-delta') {
      if (event.text === '') return;
      firstTokenAt ??= hooks.now();
      deltas += 1;
      const isText = event.type === 'text-delta';
      if (isText) live.text += event.text;
      else live.reasoning += event.text;
      // The journal gets it before any surface does: what was shown is never lost.
      journal.append(isText ? event.text : '', isText ? '' : event.text, live.seq + 1);
      if (isText) pendingText += event.text;
      else pendingReasoning += event.text;
      flushTimer ??= setTimeout(flushDeltas, 0);
      checkpoint.touch();
    }
  };

  const req: ChatRequest = {
    requestId,
    sessionName: conversation.sessionName,
    messages: input.history,
    model: input.model,
    system: input.options.system,
    temperature: input.options.temperature,
    maxTokens: input.options.maxTokens,
  };

  live.done = (async () => {
    let outcome: ChatOutcome;
    try {
      outcome = await hooks.stream(req, controller.signal, emit, input.route);
    } catch (error) {
      // The client promises not to throw; if it ever does, the message still ends cleanly.
      outcome = { event: { type: 'error', code: 'protocol', message: String(error) }, transport: 'socket' };
    }
    checkpoint.cancel();
    flushDeltas();
    const endedAt = hooks.now();
    const { event } = outcome;
    const decision = event.type === 'error' && event.code !== 'aborted' ? hooks.decideError?.(event, live.text) : undefined;
    const requeue = decision !== undefined && 'requeue' in decision;
    const retry = decision !== undefined && 'retryAt' in decision ? decision : undefined;
    const status: MessageStatus = requeue ? 'queued' : event.type === 'finish' ? 'done' : event.code === 'aborted' ? 'stopped' : 'error';
    const generatedMs = firstTokenAt !== undefined ? endedAt - firstTokenAt : undefined;
    const completionTokens = event.type === 'finish' ? event.usage?.completionTokens : undefined;
    const patch: Partial<Message> = {
      text: live.text,
      reasoning: live.reasoning || undefined,
      status,
      model: input.model,
      transport: outcome.transport,
      updatedAt: endedAt,
      error: event.type === 'error' && status === 'error' ? { code: event.code, message: event.message, ...retry } : undefined,
      finishReason: event.type === 'finish' ? event.reason : undefined,
      usage: event.type === 'finish' ? event.usage : undefined,
      timings: {
        firstTokenMs: firstTokenAt !== undefined ? firstTokenAt - startedAt : undefined,
        totalMs: endedAt - startedAt,
        // Real token counts when the era gives them; otherwise deltas are a fair proxy.
        tokensPerSecond:
          generatedMs && generatedMs > 0 ? Math.round(((completionTokens ?? deltas) / generatedMs) * 10_000) / 10 : undefined,
      },
    };
    let saved: Message = { ...message, ...patch };
    try {
      saved = await updateMessage(message.id, patch);
    } catch (error) {
      hooks.onStorageError(error, requestId);
    }
    void journal.clear().catch(() => {});
    if (requeue) return hooks.onRequeue?.(saved, live.seq);
    // A stop is the user's choice, not a failure: it ends like a finished answer, marked stopped.
    if (event.type === 'finish' || status === 'stopped') hooks.broadcast({ type: 'chat-end', ...frame(), message: saved });
    else if (event.type === 'error')
      hooks.broadcast({ type: 'chat-error', ...frame(), code: event.code, error: event.message, message: saved, retryAt: retry?.retryAt });
  })();
  return live;
}

export function snapshot(live: LiveGeneration): LiveAnswer {
  return { requestId: live.requestId, messageId: live.messageId, text: live.text, reasoning: live.reasoning, seq: live.seq };
}
