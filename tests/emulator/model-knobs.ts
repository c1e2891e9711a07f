// Knobs for comparisons (issue #15): answers from several models at once at different speeds,
// a rate limit for one model only, and a real per-minute request budget (the playground's 3021
// "inference request per min rate reached" counts requests per minute, not requests at once).
//   perModel: { '<model id>': { tokenDelayMs?: N, rateLimitTimes?: N } }
//   rateLimitPerMinute: N | null   (null = no budget; chats over N in the last 60 s are rate-limited)
import type { EmulatorConfig } from './types';

export interface ModelKnobs {
  /** ms between this model's tokens (overrides tokenDelayMs). */
  tokenDelayMs?: number;
  /** The next N chats with this model fail with the rate-limit text (counts down). */
  rateLimitTimes?: number;
}

/** Chat request times (ms) within the last minute, for rateLimitPerMinute. */
const recent: number[] = [];

export function modelTokenDelay(config: EmulatorConfig, model: string): number | undefined {
  return config.perModel?.[model]?.tokenDelayMs;
}

/** Whether this chat is rate-limited by a per-model count or the per-minute budget (counts it). */
export function takeModelRateLimit(config: EmulatorConfig, model: string, now = Date.now()): boolean {
  const knobs = config.perModel?.[model];
  if (knobs?.rateLimitTimes && knobs.rateLimitTimes > 0) {
    knobs.rateLimitTimes -= 1;
    return true;
  }
  const budget = config.rateLimitPerMinute;
  if (budget === undefined || budget === null) return false;
  while (recent.length > 0 && now - recent[0] >= 60_000) recent.shift();
  if (recent.length >= budget) return true;
  recent.push(now);
  return false;
}

/** Forget the per-minute window (a test starting afresh). */
export function resetRateWindow(): void {
  recent.length = 0;
}
