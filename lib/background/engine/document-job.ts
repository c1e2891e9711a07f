// A document longer than the model's window (issue #13): instead of silently cutting it, the answer
// reads it in sections (map), then combines the notes (reduce, in levels while they are too long
// for one request), and streams that final answer like any other. It runs INSIDE the answer's
// request, so the queue (one generation per conversation, the global limit), Stop, offline waits
// and rate-limit retries (outcome.ts / retries.ts) all apply unchanged: a failed section ends the
// attempt like a failed answer would, and the retry resumes from the stored plan
// (lib/background/documents/plan-store.ts), as does a restarted worker (recovery.ts).
// Each step asks a fresh playground instance (the agents server would otherwise merge every
// section into one transcript); the instances are cleared when the job ends.
import { fits, findDocument, makePlan, planKey, truncatedHistory, type Budget } from '@/lib/background/documents/planner';
import { readPlan, savePlan } from '@/lib/background/documents/plan-store';
import { updateMessage } from '@/lib/background/storage/messages';
import { contextWindowOf, DEFAULT_CONTEXT_WINDOW } from '@/lib/background/documents/tokens';
import { CONTINUE_PROMPT } from './history';
import { describe, type EngineContext } from './context';
import { startGeneration, type GenerationHooks, type GenerationInput, type LiveGeneration } from './generation';
import type { Outcome } from './outcome';
import { FIRST_ONLY, forget, retrying, runSections, save, shell } from './document-sections';

export { FIRST_ONLY } from './document-sections';

export const DOCUMENT_TOO_SMALL_WINDOW = "This model's context window is too small to read the document in sections. Choose a model with a larger window.";
export const DOCUMENT_TOO_MANY_SECTIONS = 'The document is too long to read in sections with this model. Choose a model with a larger window, or send a shorter text.';

async function windowOf(ctx: EngineContext, model: string): Promise<number> {
  const list = await ctx.deps.listModels(false).catch(() => undefined);
  return contextWindowOf(list?.models.find((m) => m.id === model));
}

/** The runner's start: a document job when one is needed, else the ordinary generation. */
export async function startAnswer(ctx: EngineContext, input: GenerationInput, hooks: GenerationHooks): Promise<LiveGeneration> {
  const job = await documentJob(ctx, input, hooks).catch((error: unknown) => {
    console.warn('FlareChat: could not plan a long document', describe(error));
    return undefined;
  });
  return job ?? startGeneration(input, hooks);
}

/**
 * The answer's generation when its history holds a document that does not fit the model, else
 * undefined (the runner starts an ordinary generation).
 */
export async function documentJob(ctx: EngineContext, input: GenerationInput, hooks: GenerationHooks): Promise<LiveGeneration | undefined> {
  const { request, model } = input;
  // "Continue" of a combined answer writes it again (the notes are gone once it ended).
  const history = input.history.at(-1)?.text === CONTINUE_PROMPT ? input.history.slice(0, -2) : input.history;
  const doc = findDocument(history);
  if (!doc) return undefined;
  const budget = (window: number): Budget => ({ window, maxTokens: input.options.maxTokens, system: input.options.system });
  let plan = await readPlan(request.messageId).catch(() => undefined);
  if (plan && plan.key !== planKey(model, doc)) plan = undefined;
  if (!plan) {
    // The smallest window fits: no need to ask for the model list.
    if (fits(history, budget(DEFAULT_CONTEXT_WINDOW))) return undefined;
    const b = budget(await windowOf(ctx, model));
    if (fits(history, b)) return undefined;
    const made = makePlan({ conversationId: request.conversationId, messageId: request.messageId, model }, history, doc, b);
    if (typeof made === 'string') return failed(input, hooks, made === 'too-small' ? DOCUMENT_TOO_SMALL_WINDOW : DOCUMENT_TOO_MANY_SECTIONS);
    plan = made;
  }
  if (plan.mode === 'first') {
    const done = plan;
    // An ordinary answer now: the sections' progress no longer describes it.
    const message = input.message.document ? await updateMessage(input.message.id, { document: undefined }).catch(() => input.message) : input.message;
    const live = startGeneration({ ...input, message, history: truncatedHistory(history, doc, plan.firstChars) }, hooks);
    void live.done
      .then((ended) => {
        if (ended.outcome.status !== 'queued' && !retrying(ended.outcome)) return forget(done);
      })
      .catch(() => {});
    return live;
  }
  return runSections(ctx, input, hooks, plan, doc);
}

/** A document that cannot be read in sections: a clear error, the question kept. */
function failed(input: GenerationInput, hooks: GenerationHooks, text: string): LiveGeneration {
  const live = shell(input, new AbortController(), () => undefined);
  live.done = (async () => {
    const outcome: Outcome = { status: 'error', frame: 'chat-error', code: 'bad-request', message: text };
    const saved = await save(input, hooks, { status: 'error', error: { code: 'bad-request', message: text } });
    hooks.broadcast({ type: 'chat-error', ...input.request.frame(), code: 'bad-request', error: text, message: saved });
    return { outcome, message: saved };
  })();
  return live;
}

/** The user chose "first N characters only" for this answer: remember it, and restart the running attempt with it. */
export async function chooseFirstOnly(ctx: EngineContext, conversationId: string, messageId: string): Promise<boolean> {
  const plan = await readPlan(messageId);
  if (!plan || plan.conversationId !== conversationId) return false;
  await savePlan({ ...plan, mode: 'first' });
  const live = ctx.live.get(conversationId);
  if (live?.messageId === messageId) live.controller.abort(FIRST_ONLY);
  return true;
}
