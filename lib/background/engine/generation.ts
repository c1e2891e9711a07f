// One generation: stream from the playground, append deltas to the live answer, fan them out,
// journal them, and persist the final message. Always ends in exactly one terminal frame
// (chat-end or chat-error), whatever happens, and never leaves the message "streaming".
import type { ChatOptions, LiveAnswer, ServerMessage } from '@/lib/protocol/messages';
import type { ChatOutcome } from '@/lib/playground/client';
import type { PlaygroundEvent, TerminalEvent } from '@/lib/playground/events';
import type { ChatRequest, ChatTurn } from '@/lib/playground/types';
import { updateMessage } from '@/lib/background/storage/messages';
import type { Conversation, Message } from '@/lib/protocol/records';
import { recordError } from '@/lib/background/doctor/error-log';
import { openJournal, throttle, type JournalFailure } from './journal';
import type { Outcome } from './outcome';
import type { AnswerRequest } from './request';

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

export interface GenerationInput {
  conversation: Conversation;
  /** The assistant message being written (already stored with status 'streaming'). */
  message: Message;
  /** The request this attempt runs for; its frames continue the request's numbering. */
  request: AnswerRequest;
  history: ChatTurn[];
  model: string;
  options: Required<Pick<ChatOptions, 'temperature' | 'maxTokens'>> & { system?: string };
  route?: StreamRoute;
}

export interface LiveGeneration extends LiveAnswer {
  conversationId: string;
  controller: AbortController;
  /** Resolves once the answer is saved and its terminal frame (if any) is sent. */
  done: Promise<Ended>;
  /** Send the deltas waiting to be coalesced now (before a snapshot, so seq and text agree). */
  flush(): void;
}

export interface GenerationHooks {
  broadcast(message: ServerMessage): void;
  stream: StreamFn;
  now(): number;
  /** Storage failed while saving the answer: the user must hear about it. */
  onStorageError(error: unknown, requestId: string): void;
  /** The recovery journal stopped (storage.session full or refused a write); the answer goes on. */
  onJournalFailure?(failure: JournalFailure): void;
  /** How the attempt ends (lib/background/engine/outcome.ts), decided before it is saved. */
  decide(event: TerminalEvent, text: string): Outcome;
}

/** How the attempt ended and the message as saved. A 'queued' outcome sent no frame yet. */
export interface Ended {
  outcome: Outcome;
  message: Message;
}

export function startGeneration(input: GenerationInput, hooks: GenerationHooks): LiveGeneration {
  const { conversation, message, request } = input;
  const { requestId } = request;
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
    get seq() {
      return request.seq;
    },
    controller,
    done: undefined as unknown as Promise<Ended>,
    flush: () => flushDeltas(),
  };
  const frame = () => request.frame();

  const journal = openJournal({ conversationId: conversation.id, requestId, messageId: message.id }, () => hooks.now(), (failure) =>
    hooks.onJournalFailure?.(failure),
  );
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
    if (event.type === 'status') {
      // Progress only (never terminal): the surfaces say "Waiting for capacity…" and the like.
      const detail = event.status === 'streaming' ? undefined : event.status;
      if (detail === live.detail) return;
      live.detail = detail;
      flushDeltas();
      const current: Message = { ...message, text: live.text, reasoning: live.reasoning || undefined, status: 'streaming' };
      hooks.broadcast({ type: 'chat-status', ...frame(), status: 'streaming', ...(detail && { detail }), message: current });
      return;
    }
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
    const decided = hooks.decide(event, live.text);
    const generatedMs = firstTokenAt !== undefined ? endedAt - firstTokenAt : undefined;
    const completionTokens = event.type === 'finish' ? event.usage?.completionTokens : undefined;
    const patch: Partial<Message> = {
      text: live.text,
      reasoning: live.reasoning || undefined,
      status: decided.status,
      model: input.model,
      transport: outcome.transport,
      updatedAt: endedAt,
      error:
        decided.status === 'error'
          ? { code: decided.code, message: decided.message, ...(decided.retry && { retryAt: decided.retry.retryAt, attempt: decided.retry.attempt }) }
          : undefined,
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
    if (decided.frame === 'chat-end') hooks.broadcast({ type: 'chat-end', ...frame(), message: saved });
    else if (decided.frame === 'chat-error') {
      hooks.broadcast({ type: 'chat-error', ...frame(), code: decided.code, error: decided.message, message: saved, retryAt: decided.retry?.retryAt });
      // issue #14: the bug report's error log; the turn's own words (prompt, turns with page text,
      // system prompt, partial answer) are cut out of the message before it is stored.
      const status = event.type === 'error' ? event.status : undefined;
      void recordError({ code: decided.code, message: decided.message, transport: outcome.transport, status }, [...input.history.map((turn) => turn.text), input.options.system ?? '', live.text]);
    }
    return { outcome: decided, message: saved };
  })();
  return live;
}

export function snapshot(live: LiveGeneration): LiveAnswer {
  return { requestId: live.requestId, messageId: live.messageId, text: live.text, reasoning: live.reasoning, seq: live.seq, ...(live.detail && { detail: live.detail }) };
}
