// Field schemas shared by every boundary that accepts chat settings: the port (chat options),
// storage (conversation overrides), settings and import. Built from lib/shared/limits.ts, so
// they all accept exactly the same values. Per-function valibot imports keep the worker small.
import * as v from 'valibot';
import { MAX_TOKENS_RANGE, MODEL_ID_MAX_CHARS, SYSTEM_PROMPT_MAX_CHARS, TEMPERATURE_RANGE } from './limits';

export const MAX_TOKENS_MESSAGE = `Max tokens must be a whole number from ${MAX_TOKENS_RANGE.min} to ${MAX_TOKENS_RANGE.max}.`;
export const TEMPERATURE_MESSAGE = `Temperature must be between ${TEMPERATURE_RANGE.min} and ${TEMPERATURE_RANGE.max}.`;
export const SYSTEM_PROMPT_MESSAGE = `The system prompt must be text of at most ${SYSTEM_PROMPT_MAX_CHARS} characters.`;

export const modelIdSchema = (message: string) =>
  v.pipe(v.string(message), v.minLength(1, message), v.maxLength(MODEL_ID_MAX_CHARS, message), v.regex(/^\S+$/, message));

export const maxTokensSchema = (message = MAX_TOKENS_MESSAGE) =>
  v.pipe(v.number(message), v.integer(message), v.minValue(MAX_TOKENS_RANGE.min, message), v.maxValue(MAX_TOKENS_RANGE.max, message));

/** v.number() already refuses NaN; the range refuses ±Infinity. */
export const temperatureSchema = (message = TEMPERATURE_MESSAGE) =>
  v.pipe(v.number(message), v.minValue(TEMPERATURE_RANGE.min, message), v.maxValue(TEMPERATURE_RANGE.max, message));

export const systemPromptSchema = (message = SYSTEM_PROMPT_MESSAGE) =>
  v.pipe(v.string(message), v.maxLength(SYSTEM_PROMPT_MAX_CHARS, message));
