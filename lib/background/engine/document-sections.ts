// The sections of a long document's answer (issue #13; ./document-job.ts decides when): map
// steps and intermediate reduce steps each ask a fresh playground instance and report progress;
// the final reduce streams into the answer as an ordinary generation. The plan is stored after
// every step, so a retry or a restarted worker resumes where this one stopped.
import type { Message } from '@/lib/protocol/records';
import type { ChatTurn } from '@/lib/playground/types';
import type { PlaygroundEvent } from '@/lib/playground/events';
import { newInstanceName } from '@/lib/playground/instance-name';
import { updateMessage } from '@/lib/background/storage/messages';
import { newId } from '@/lib/background/storage/db';
import { recordError } from '@/lib/background/doctor/error-log';
import { MAP_MAX_TOKENS, nextStep, stepPrompt, type DocumentPlan, type DocumentTurn, type Step } from '@/lib/background/documents/planner';
import { queueInstanceClears, removePlan, savePlan } from '@/lib/background/documents/plan-store';
import { progressOf } from '@/lib/background/documents/progress';
import { describe, type EngineContext } from './context';
import { startGeneration, type Ended, type GenerationHooks, type GenerationInput, type LiveGeneration } from './generation';
import type { Outcome } from './outcome';

/** The abort reason of "first N characters only": the attempt goes back to the queue, not to stopped. */
export const FIRST_ONLY = 'doc-first';

export const retrying = (outcome: Outcome) => outcome.status === 'error' && outcome.retry !== undefined;

export function forget(plan: DocumentPlan): Promise<void> {
  return Promise.all([removePlan(plan.messageId), queueInstanceClears(plan.instances)])
    .then(() => undefined)
    .catch((error: unknown) => console.warn('FlareChat: could not drop a finished document plan', describe(error)));
}

export async function save(input: GenerationInput, hooks: GenerationHooks, patch: Partial<Message>): Promise<Message> {
  const full: Partial<Message> = { text: '', reasoning: undefined, model: input.model, updatedAt: hooks.now(), ...patch };
  try {
    return await updateMessage(input.message.id, full);
  } catch (error) {
    hooks.onStorageError(error, input.request.requestId);
    return { ...input.message, ...full };
  }
}

/** The live answer the engine tracks (Stop aborts its controller); text is the final step's. */
export function shell(input: GenerationInput, controller: AbortController, inner: () => LiveGeneration | undefined): LiveGeneration {
  const { request } = input;
  return {
    conversationId: input.conversation.id,
    requestId: request.requestId,
    messageId: input.message.id,
    get text() {
      return inner()?.text ?? '';
    },
    get reasoning() {
      return inner()?.reasoning ?? '';
    },
    get seq() {
      return request.seq;
    },
    get detail() {
      return inner()?.detail;
    },
    controller,
    done: undefined as unknown as Promise<Ended>,
    flush: () => inner()?.flush(),
  };
}

export function runSections(ctx: EngineContext, input: GenerationInput, hooks: GenerationHooks, plan: DocumentPlan, doc: DocumentTurn): LiveGeneration {
  const controller = new AbortController();
  let inner: LiveGeneration | undefined;
  const live = shell(input, controller, () => inner);
  const { request } = input;
  const keep = async () => {
    try {
      await savePlan(plan);
    } catch (error) {
      // storage.local refused (full): the answer goes on; only a restart would redo its sections.
      console.warn('FlareChat: could not keep a document plan', describe(error));
    }
  };
  const report = async () => {
    const document = progressOf(plan);
    await updateMessage(input.message.id, { document }).catch((error: unknown) => hooks.onStorageError(error, request.requestId));
    hooks.broadcast({ type: 'doc-progress', ...request.frame(), document });
  };

  /** One step's request to a fresh instance; resolves with its text or how it ended. */
  const ask = async (step: Step): Promise<{ text: string } | { outcome: Outcome }> => {
    const sessionName = newInstanceName();
    plan.instances.push(sessionName);
    await keep();
    let text = '';
    const emit = (event: PlaygroundEvent) => {
      if (event.type === 'text-delta') text += event.text;
    };
    const messages: ChatTurn[] = [{ id: newId(), role: 'user', text: stepPrompt(plan, step, doc) }];
    const outcome = await ctx.deps
      .stream(
        { requestId: newId(), sessionName, messages, model: input.model, system: input.options.system, temperature: input.options.temperature, maxTokens: Math.min(input.options.maxTokens, MAP_MAX_TOKENS) },
        controller.signal,
        emit,
        input.route,
      )
      .catch((error: unknown) => ({ event: { type: 'error', code: 'protocol', message: String(error) } as const, transport: 'socket' }));
    if (controller.signal.reason === FIRST_ONLY) return { outcome: { status: 'queued', frame: 'chat-status', reason: 'busy' } };
    if (outcome.event.type === 'finish') return { text: text.trim() || 'Nothing relevant.' };
    const decided = hooks.decide(outcome.event, '');
    // issue #14: the bug report's error log, the step's own words (page text, notes, system prompt) cut out.
    if (decided.status === 'error')
      void recordError({ code: decided.code, message: decided.message, transport: outcome.transport, status: 'status' in outcome.event ? outcome.event.status : undefined }, [...messages.map((m) => m.text), input.options.system ?? '', text]);
    return { outcome: decided };
  };

  const end = async (outcome: Outcome): Promise<Ended> => {
    const saved = await save(input, hooks, {
      status: outcome.status,
      document: progressOf(plan),
      error: outcome.status === 'error' ? { code: outcome.code, message: outcome.message, ...(outcome.retry && { retryAt: outcome.retry.retryAt, attempt: outcome.retry.attempt }) } : undefined,
    });
    if (outcome.frame === 'chat-end') hooks.broadcast({ type: 'chat-end', ...request.frame(), message: saved });
    if (outcome.frame === 'chat-error') hooks.broadcast({ type: 'chat-error', ...request.frame(), code: outcome.code, error: outcome.message, message: saved, retryAt: outcome.retry?.retryAt });
    if (outcome.status !== 'queued' && !retrying(outcome)) await forget(plan);
    return { outcome, message: saved };
  };

  live.done = (async (): Promise<Ended> => {
    await report();
    for (;;) {
      if (controller.signal.aborted) return end(controller.signal.reason === FIRST_ONLY ? { status: 'queued', frame: 'chat-status', reason: 'busy' } : { status: 'stopped', frame: 'chat-end' });
      const step = nextStep(plan);
      if (step.kind === 'reduce' && step.final) break;
      const result = await ask(step);
      if ('outcome' in result) return end(result.outcome);
      if (step.kind === 'map') plan.notes[step.index] = result.text;
      else (plan.merged[step.level] ??= [])[step.batch] = result.text;
      await keep();
      await report();
    }
    // The combined answer streams into the message like any answer (journal, checkpoints, chat-end).
    const step = nextStep(plan);
    const sessionName = newInstanceName();
    plan.instances.push(sessionName);
    await keep();
    inner = startGeneration(
      {
        ...input,
        conversation: { ...input.conversation, sessionName },
        message: { ...input.message, text: '', reasoning: undefined },
        history: [{ id: newId(), role: 'user', text: stepPrompt(plan, step, doc) }],
      },
      hooks,
    );
    const onAbort = () => inner?.controller.abort(controller.signal.reason);
    controller.signal.addEventListener('abort', onAbort);
    if (controller.signal.aborted) onAbort();
    const ended = await inner.done;
    if (ended.outcome.status !== 'queued' && !retrying(ended.outcome)) await forget(plan);
    return ended;
  })();
  return live;
}

