// Range checks shared by conversation settings, global settings and import.
import { StorageError } from './errors';

export const MAX_TOKENS_RANGE = { min: 1, max: 8192 } as const;
export const TEMPERATURE_RANGE = { min: 0, max: 2 } as const;
export const SYSTEM_PROMPT_MAX_CHARS = 20_000;

export interface ConversationSettings {
  model?: string;
  systemPrompt?: string;
  temperature?: number;
  maxTokens?: number;
}

export function isValidMaxTokens(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= MAX_TOKENS_RANGE.min && value <= MAX_TOKENS_RANGE.max;
}

export function isValidTemperature(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= TEMPERATURE_RANGE.min && value <= TEMPERATURE_RANGE.max;
}

export function isValidModelId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 200 && !/\s/.test(value);
}

/** Checks the per-conversation overrides; `undefined` clears an override. Throws StorageError('invalid'). */
export function validateConversationSettings(settings: ConversationSettings): ConversationSettings {
  const out: ConversationSettings = {};
  if (settings.model !== undefined) {
    if (!isValidModelId(settings.model)) throw new StorageError('invalid', `"${String(settings.model)}" is not a model id.`);
    out.model = settings.model;
  }
  if (settings.systemPrompt !== undefined) {
    if (typeof settings.systemPrompt !== 'string' || settings.systemPrompt.length > SYSTEM_PROMPT_MAX_CHARS) {
      throw new StorageError('invalid', `The system prompt must be text of at most ${SYSTEM_PROMPT_MAX_CHARS} characters.`);
    }
    out.systemPrompt = settings.systemPrompt;
  }
  if (settings.temperature !== undefined) {
    if (!isValidTemperature(settings.temperature)) {
      throw new StorageError('invalid', `Temperature must be between ${TEMPERATURE_RANGE.min} and ${TEMPERATURE_RANGE.max}.`);
    }
    out.temperature = settings.temperature;
  }
  if (settings.maxTokens !== undefined) {
    if (!isValidMaxTokens(settings.maxTokens)) {
      throw new StorageError('invalid', `Max tokens must be a whole number from ${MAX_TOKENS_RANGE.min} to ${MAX_TOKENS_RANGE.max}.`);
    }
    out.maxTokens = settings.maxTokens;
  }
  return out;
}
