// The model vocabulary every side shares: what the playground client lists, what the protocol
// sends to the pages, what the picker shows, and the token usage an answer reports.

export interface ModelInfo {
  id: string; // full id, e.g. "@cf/meta/llama-3.3-70b-instruct-fp8-fast"
  label: string; // short display name (alias)
  family: string; // grouping key for the picker, e.g. "meta", "qwen"
  description?: string;
  /** Tokens the model takes in (prompt + answer), from the row's `context_window` (or `max_total_tokens` / `max_input_length`). */
  contextWindow?: number;
  beta?: boolean;
  functionCalling?: boolean;
  /** Takes images as input (`vision` property). */
  vision?: boolean;
  /** Needs a paid Workers plan (`require_workers_paid`; 5035 on a free account since 2026-07-28). */
  paid?: boolean;
  /** The row says the model is deprecated now (it will fail with 5028). */
  deprecated?: boolean;
  /** Announced retirement date, "YYYY-MM-DD" (`planned_deprecation_date` / `deprecation_date`). */
  deprecatedOn?: string;
}

/**
 * The context window to plan with when a row does not say (issue #17; helper E's map-reduce uses
 * it to size chunks). 8,192 tokens: the smallest window among the chat models still listed in 2026
 * whose rows omit it is not known, and every chat model Cloudflare listed since 2024 takes at least
 * 8k; guessing low only makes chunks smaller, guessing high makes requests fail.
 */
export const DEFAULT_CONTEXT_WINDOW = 8_192;

/** The model's context window in tokens, or DEFAULT_CONTEXT_WINDOW when unknown. */
export function contextWindowOf(model: ModelInfo | undefined): number {
  const window = model?.contextWindow;
  return window !== undefined && Number.isFinite(window) && window > 0 ? window : DEFAULT_CONTEXT_WINDOW;
}

/** A rough token count for planning (about 4 characters a token for English; no tokenizer shipped). */
export function estimateTokens(chars: number): number {
  return Math.ceil(Math.max(0, chars) / 4);
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
  // A model the row marks deprecated or paid-only is not suitable while another one is.
  const unsuitable = (m: ModelInfo) => (m.deprecated || m.paid ? 1 : 0);
  return [...models].sort((a, b) => unsuitable(a) - unsuitable(b) || preferenceRank(a.id) - preferenceRank(b.id))[0].id;
}

/** What the router must avoid besides `current` (issue #17). */
export interface AlternativeNeeds {
  /** Tokens the conversation needs (estimateTokens of its text plus the answer budget); 0 = any. */
  contextTokens?: number;
  /** Models this install knows are gone (5028/5035 seen): never chosen. */
  gone?: readonly string[];
}

/**
 * The best other model when `current` cannot answer (capacity, retired, paid, unknown, rate-limited):
 * never a deprecated, paid-only or known-gone model; a context window that fits the conversation
 * (an unknown window counts as DEFAULT_CONTEXT_WINDOW, so a long conversation does not bet on it);
 * the same family first, then MODEL_PREFERENCE, then the list's order. Null when nothing fits.
 */
export function alternativeModel(models: readonly ModelInfo[], current: string, needs: AlternativeNeeds | number = {}): ModelInfo | null {
  const { contextTokens = 0, gone = [] } = typeof needs === 'number' ? { contextTokens: needs } : needs;
  // The failed model may already be gone from the list: its id still names its family.
  const currentFamily = models.find((m) => m.id === current)?.family ?? current.split('/')[1];
  const unusable = new Set([current, ...gone]);
  const fits = (m: ModelInfo) =>
    !unusable.has(m.id) && !m.deprecated && !m.paid && (contextTokens <= 0 || contextWindowOf(m) >= contextTokens);
  const family = (m: ModelInfo) => (m.family === currentFamily ? 0 : 1);
  // Array.prototype.sort is stable: equal ranks keep the list's order.
  const candidates = models.filter(fits).sort((a, b) => family(a) - family(b) || preferenceRank(a.id) - preferenceRank(b.id));
  return candidates[0] ?? null;
}
