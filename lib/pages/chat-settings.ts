// Per-conversation settings the panel may send, and the model a rate limit suggests instead:
// pure helpers behind the settings sheet and the error notice.
// The one set of limits the port and the store check too (the store refuses anything outside them).
import { MAX_TOKENS_RANGE, SYSTEM_PROMPT_MAX_CHARS, TEMPERATURE_RANGE } from '@/lib/shared/limits';
import type { ModelInfo } from '@/lib/shared/models';
import type { ConversationSettingsPatch } from './history';

export { MAX_TOKENS_RANGE, TEMPERATURE_RANGE };

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Keep only valid overrides: the background rejects out-of-range options. */
export function sanitizeSettings(patch: ConversationSettingsPatch): ConversationSettingsPatch {
  const out: ConversationSettingsPatch = {};
  if (patch.model) out.model = patch.model;
  if (patch.systemPrompt !== undefined) out.systemPrompt = patch.systemPrompt.slice(0, SYSTEM_PROMPT_MAX_CHARS);
  if (patch.temperature !== undefined && Number.isFinite(patch.temperature))
    out.temperature = Math.round(clamp(patch.temperature, TEMPERATURE_RANGE.min, TEMPERATURE_RANGE.max) * 100) / 100;
  if (patch.maxTokens !== undefined && Number.isFinite(patch.maxTokens))
    out.maxTokens = Math.round(clamp(patch.maxTokens, MAX_TOKENS_RANGE.min, MAX_TOKENS_RANGE.max));
  return out;
}

/** A smaller, faster model to suggest when the playground rate-limits (null when none fits). */
export function lighterModel(models: readonly ModelInfo[], current: string): ModelInfo | null {
  const size = (m: ModelInfo): number => {
    const match = /(\d+(?:\.\d+)?)b\b/i.exec(m.id);
    return match ? Number(match[1]) : Number.POSITIVE_INFINITY;
  };
  const currentModel = models.find((m) => m.id === current);
  const currentSize = currentModel ? size(currentModel) : Number.POSITIVE_INFINITY;
  const candidates = models.filter((m) => m.id !== current && size(m) < currentSize && size(m) >= 1);
  candidates.sort((a, b) => size(b) - size(a));
  // The largest model that is still smaller: lighter, without falling off a quality cliff.
  return candidates.find((m) => size(m) <= 12) ?? candidates[0] ?? null;
}
