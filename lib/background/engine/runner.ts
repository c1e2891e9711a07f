// Runs a request the scheduler let start: reads what the turn did not hand over, marks the answer
// streaming, tells the surfaces, starts the generation, and afterwards acts on its outcome
// (wait again, schedule a retry, or nothing: the terminal frame is already out).
import { resolveModel } from '@/lib/playground/aliases';
import { getConversation, } from '@/lib/background/storage/conversations';
import { listMessages, updateMessage } from '@/lib/background/storage/messages';
import { loadSettings } from '@/lib/background/storage/settings';
import { rememberGoneModel } from '@/lib/background/storage/gone-models';
import { MODEL_GONE_CODES } from '@/lib/shared/errors';
import { newId } from '@/lib/background/storage/db';
import type { Message } from '@/lib/protocol/records';
import type { ServerMessage } from '@/lib/protocol/messages';
import { describe, type EngineContext } from './context';
import { startAnswer } from './document-job';
import { continuationHistory, historyFor } from './history';
import { holdAwake } from './keepalive';
import { failoverTarget, neededTokens } from './failover';
import { decideOutcome, type Outcome } from './outcome';
import type { AnswerRequest, TurnFacts } from './request';
import { scheduleRetry } from './retries';
import { columnConversation, columnModel } from './compare-run';
import { laneOf } from './compare-lanes';
import { rateLimitDelay } from './retry-policy';
import { writeModelTitle } from './titles';

export const JOURNAL_FAILED_MESSAGE =
  'FlareChat could not keep a recovery copy of this answer (the browser session storage is full or refused it). The answer goes on; if FlareChat is restarted before it ends, the end may be lost.';

/** Scheduler callback: the request may run now. */
export function launch(ctx: EngineContext, request: AnswerRequest): void {
  const facts = request.start();
  const release = holdAwake();
  run(ctx, request, facts, release).catch((error: unknown) => {
    release();
    request.end();
    ctx.scheduler.finished(laneOf(request));
    tell(ctx, request, { type: 'request-rejected', code: 'storage', error: describe(error), requestId: request.requestId });
  });
}

async function readFacts(conversationId: string): Promise<Partial<TurnFacts> & Pick<TurnFacts, 'messages' | 'settings'>> {
  const [conversation, messages, settings] = await Promise.all([getConversation(conversationId), listMessages(conversationId), loadSettings()]);
  return { conversation, messages, settings };
}

async function run(ctx: EngineContext, request: AnswerRequest, handed: TurnFacts | undefined, release: () => void): Promise<void> {
  const { conversation, messages, settings } = handed ?? (await readFacts(request.conversationId));
  const target = messages.find((m) => m.id === request.messageId);
  if (!conversation || conversation.deletedAt || !target || request.unstored) {
    release();
    request.end();
    return ctx.scheduler.finished(laneOf(request));
  }
  // A failed-over request answers with its alternative; continuing a failed-over answer keeps the
  // model that wrote it (issue #17). A comparison's column answers with its own model (issue #15).
  // The conversation's own model is left as the user chose it.
  const model =
    request.failover?.model ??
    columnModel(target) ??
    (request.continuation && target.failover && target.model ? target.model : resolveModel(conversation.model ?? settings.defaultModel));
  const history = request.continuation ? continuationHistory(messages, target, newId()) : historyFor(messages, target);
  const system = conversation.systemPrompt ?? settings.systemPrompt;
  const maxTokens = conversation.maxTokens ?? settings.maxTokens;
  // Read before the attempt, only when the user wants automatic failover and it has not happened yet.
  const alternative =
    settings.autoFailover && !request.failover && !request.continuation
      ? await failoverTarget(ctx, model, neededTokens(history, system, maxTokens))
      : undefined;
  const patch: Partial<Message> = {
    status: 'streaming',
    error: undefined,
    model,
    ...(request.continuation ? {} : { text: '', reasoning: undefined, failover: request.failover && { from: request.failover.from, reason: request.failover.reason } }),
    updatedAt: ctx.now(),
  };
  // issue #16: the chat frame goes out while the row is written, not after (no IndexedDB
  // transaction before the first token). Safe because: the row is written after the turn's own
  // rows (request.stored) and before any checkpoint (the first is 5 s after the first delta) or the
  // final save, which waits for it (stream below); a turn whose rows failed fails this write, which
  // stops the answer (below); and a worker killed before it lands leaves the answer 'queued', which
  // recovery sends again (recovery.ts), or no answer at all and the prompt back in the page.
  const saving = (request.stored ?? Promise.resolve()).then(() => updateMessage(target.id, patch));
  saving.catch(() => undefined);
  const streaming = withoutUndefined({ ...target, ...patch });
  // Surfaces learn the request started: a fresh request gets chat-started, an announced one a status frame.
  if (request.announced) {
    tell(ctx, request, { type: 'chat-status', ...request.frame(), status: 'streaming', message: streaming });
  } else {
    tell(ctx, request, {
      type: 'chat-started',
      ...request.startFrame(),
      conversation,
      messages: messages.map((m) => (m.id === streaming.id ? streaming : m)),
    });
  }
  // issue #13: a document longer than the model's window is read in sections (./document-job.ts).
  const live = await startAnswer(
    ctx,
    {
      conversation: columnConversation(conversation, target),
      message: streaming,
      request,
      history,
      model,
      route: { viaTab: request.viaTab },
      options: {
        system,
        temperature: conversation.temperature ?? settings.temperature,
        maxTokens,
      },
    },
    {
      broadcast: (message) => tell(ctx, request, message),
      // The answer is saved after this returns: never before the 'streaming' row (a failed write
      // ends the answer with that error instead of leaving its row behind).
      stream: async (req, signal, emit, route) => {
        const outcome = await ctx.deps.stream(req, signal, emit, route);
        await saving;
        return outcome;
      },
      now: ctx.now,
      onStorageError: (error, id) =>
        tell(ctx, request, { type: 'request-rejected', code: 'storage', error: describe(error), requestId: id }),
      onJournalFailure: (failure) => {
        // Past its byte budget an answer is only checkpointed to IndexedDB, by design.
        if (failure.kind === 'too-large') return console.warn(`FlareChat: the recovery journal stopped at ${failure.bytes} bytes`);
        console.warn('FlareChat: the recovery journal stopped', describe(failure.error));
        // No requestId: the page shows a notice without taking the prompt back (the answer goes on).
        tell(ctx, request, { type: 'request-rejected', code: 'storage', error: JOURNAL_FAILED_MESSAGE });
      },
      decide: (event, text) =>
        decideOutcome({ event, text, online: ctx.online(), now: ctx.now(), request, retryDelay: ctx.deps.retryDelay ?? rateLimitDelay, alternative }),
    },
  );
  ctx.live.set(laneOf(request), live);
  // The row could not be written: stop asking the playground (the generation then ends and reports it).
  saving.catch(() => live.controller.abort());
  void live.done
    .then(({ outcome, message }) => afterAttempt(ctx, request, outcome, message, model))
    .catch((error: unknown) => console.error('FlareChat: after an answer', describe(error)))
    .finally(() => {
      if (ctx.live.get(laneOf(request)) === live) ctx.live.delete(laneOf(request));
      release();
      ctx.scheduler.finished(laneOf(request));
    });
}

/** Sends a frame about this request to the conversation's surfaces, once its turn is stored (request.ts). */
function tell(ctx: EngineContext, request: AnswerRequest, message: ServerMessage): void {
  request.whenStored(() => ctx.hub.broadcast(request.conversationId, message));
}

/** Acts on how the attempt ended; the frame for 'done', 'stopped' and 'error' is already out. */
function afterAttempt(ctx: EngineContext, request: AnswerRequest, outcome: Outcome, message: Message, model: string): void {
  // A retired or paid-only model is never offered again (issue #17), whether or not another model answers.
  const code = outcome.status === 'error' ? outcome.code : outcome.status === 'queued' ? outcome.failover?.reason : undefined;
  if (code && MODEL_GONE_CODES.includes(code))
    void rememberGoneModel(model).catch((error: unknown) => console.warn('FlareChat: could not remember a retired model', describe(error)));
  if (outcome.status === 'queued') {
    // The chosen model cannot answer: the same request goes again with the alternative, at once.
    if (outcome.failover) request.failover = { model: outcome.failover.model, from: model, reason: outcome.failover.reason };
    // Back in the queue under the same request: its frames keep counting up, or surfaces would
    // drop them as replays (seq ≤ the last they saw) and miss its end.
    if (outcome.viaTab) request.viaTab = true;
    request.waits(outcome.reason);
    tell(ctx, request, { type: 'chat-status', ...request.frame(), status: 'queued', reason: outcome.reason, message });
    ctx.scheduler.submit(request, { front: true });
    return;
  }
  request.end();
  // issue #12: the first finished answer gets the conversation a model-written title (once).
  if (outcome.status === 'done') void writeModelTitle(ctx, message);
  if (outcome.status === 'error' && outcome.retry) scheduleRetry(ctx, request, outcome.retry.retryAt, outcome.retry.delayMs);
}

/** `record` without its undefined fields, as storage returns a patched message. */
function withoutUndefined(record: Message): Message {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Message;
}
