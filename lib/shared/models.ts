// The model vocabulary every side shares: what the playground client lists, what the protocol
// sends to the pages, what the picker shows, and the token usage an answer reports.

export interface ModelInfo {
  id: string; // full id, e.g. "@cf/meta/llama-3.3-70b-instruct-fp8-fast"
  label: string; // short display name (alias)
  family: string; // grouping key for the picker, e.g. "meta", "qwen"
  description?: string;
  contextWindow?: number;
  beta?: boolean;
  functionCalling?: boolean;
}

/** Where a model list came from: the live socket, the HTTP API, or the list bundled with the build. */
export type ModelSource = 'socket' | 'http' | 'bundled';

export interface Usage {
  promptTokens?: number;
  completionTokens?: number;
}

/**
 * The one preference order (issue #17): the default model is the first of these the live list
 * offers, and a failed model's alternative is the best-ranked other model. Ids that Cloudflare
 * retires simply stop matching; nothing here is assumed to exist. Sources: playground-2026.md
 * "Models" (Cloudflare's recommended replacements first, then the 2026-08 listing).
 */
export const MODEL_PREFERENCE: readonly string[] = [
  '@cf/meta/llama-3.3-70b-instruct-fp8-fast',
  '@cf/google/gemma-4-26b-a4b-it',
  '@cf/openai/gpt-oss-120b',
  '@cf/zai-org/glm-4.7-flash',
  '@cf/deepseek-ai/deepseek-v4-flash-0731',
  '@cf/qwen/qwen3-30b-a3b-fp8',
  '@cf/mistralai/mistral-small-3.1-24b-instruct',
  '@cf/openai/gpt-oss-20b',
  '@cf/nvidia/nemotron-3-120b-a12b',
  '@cf/ibm-granite/granite-4.0-h-micro',
];

function preferenceRank(id: string): number {
  const rank = MODEL_PREFERENCE.indexOf(id);
  return rank === -1 ? MODEL_PREFERENCE.length : rank;
}

/** The first suitable model of the live list by MODEL_PREFERENCE (else the list's first), or `fallback`. */
export function defaultModelOf(models: readonly ModelInfo[], fallback: string): string {
  if (models.length === 0) return fallback;
  return [...models].sort((a, b) => preferenceRank(a.id) - preferenceRank(b.id))[0].id;
}

/**
 * The best other model when `current` cannot answer (capacity, retired, paid, unknown): a context
 * window at least as large as `current`'s when known, the same family first, then MODEL_PREFERENCE.
 */
export function alternativeModel(models: readonly ModelInfo[], current: string, needContext = 0): ModelInfo | null {
  const from = models.find((m) => m.id === current);
  const minContext = Math.max(needContext, 0);
  const fits = (m: ModelInfo) => m.id !== current && (m.contextWindow === undefined || m.contextWindow >= minContext);
  const candidates = models.filter(fits);
  const family = (m: ModelInfo) => (from && m.family === from.family ? 0 : 1);
  candidates.sort((a, b) => family(a) - family(b) || preferenceRank(a.id) - preferenceRank(b.id));
  return candidates[0] ?? null;
}
