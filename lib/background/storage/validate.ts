// Checks for per-conversation overrides, with the field schemas every boundary shares
// (lib/shared/fields.ts, built from lib/shared/limits.ts): the port, settings and import accept
// exactly the same values.
import * as v from 'valibot';
import { maxTokensSchema, modelIdSchema, systemPromptSchema, temperatureSchema } from '@/lib/shared/fields';
import { StorageError } from './errors';

const conversationSettingsSchema = v.strictObject({
  model: v.optional(modelIdSchema('That is not a model id.')),
  systemPrompt: v.optional(systemPromptSchema()),
  temperature: v.optional(temperatureSchema()),
  maxTokens: v.optional(maxTokensSchema()),
});

export type ConversationSettings = v.InferOutput<typeof conversationSettingsSchema>;

/**
 * Parses `raw` with `schema`, or throws StorageError('invalid') with the first problem's message.
 * Each schema's messages are whole sentences meant for the user.
 */
export function parseOrThrow<S extends v.GenericSchema>(schema: S, raw: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, raw, { abortEarly: true });
  if (!result.success) throw new StorageError('invalid', result.issues[0].message);
  return result.output;
}

/** Checks the per-conversation overrides; `undefined` clears an override. Throws StorageError('invalid'). */
export function validateConversationSettings(settings: ConversationSettings): ConversationSettings {
  // Callers pass whole new-conversation records: check the four override fields only.
  const { model, systemPrompt, temperature, maxTokens } = settings;
  const out = parseOrThrow(conversationSettingsSchema, { model, systemPrompt, temperature, maxTokens });
  // Absent and undefined both mean "no override here": keep only the values that are set.
  for (const key of Object.keys(out) as (keyof ConversationSettings)[]) if (out[key] === undefined) delete out[key];
  return out;
}
