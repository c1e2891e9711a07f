// The model router's engine side (issue #17): which model answers instead when the chosen one
// cannot (capacity, retired, paid plan, still rate-limited), read before the attempt so the
// outcome decision (outcome.ts, pure and synchronous) can use it.
import { loadGoneModels } from '@/lib/background/storage/gone-models';
import { alternativeModel, estimateTokens } from '@/lib/shared/models';
import type { ChatTurn } from '@/lib/playground/types';
import { describe, type EngineContext } from './context';

/** Tokens the conversation needs: its text and system prompt (~4 chars a token) plus the answer budget. */
export function neededTokens(history: readonly ChatTurn[], system: string | undefined, maxTokens: number): number {
  const chars = history.reduce((sum, turn) => sum + turn.text.length, system?.length ?? 0);
  return estimateTokens(chars) + maxTokens;
}

/**
 * The model to fail over to from `model`, or undefined (no list, nothing fits). Uses the same list
 * the picker shows (cached for an hour by lib/playground/model-list.ts), minus the models this
 * install knows are gone. Never throws: a failed read just means no automatic failover.
 */
export async function failoverTarget(ctx: EngineContext, model: string, contextTokens: number): Promise<string | undefined> {
  try {
    const [list, gone] = await Promise.all([ctx.deps.listModels(false), loadGoneModels()]);
    return alternativeModel(list.models, model, { contextTokens, gone })?.id;
  } catch (error) {
    console.warn('FlareChat: failover list', describe(error));
    return undefined;
  }
}
