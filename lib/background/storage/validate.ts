// Checks for per-conversation overrides, with the field schemas every boundary shares
// (lib/shared/fields.ts, built from lib/shared/limits.ts): the port, settings and import accept
// exactly the same values.
import * as v from 'valibot';
import { maxTokensSchema, modelIdSchema, systemPromptSchema, temperatureSchema } from '@/lib/shared/fields';
import { ERROR_CODES } from '@/lib/shared/errors';
import { MESSAGE_ROLES, MESSAGE_STATUSES, type Message } from '../../protocol/records';
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

/** The fields every stored message must have right; throws StorageError('invalid') naming the first problem. */
export function checkMessage(message: Message): void {
  const problem = (text: string) => new StorageError('invalid', `Message ${message.id}: ${text}`);
  if (typeof message.id !== 'string' || !message.id) throw new StorageError('invalid', 'A message needs an id.');
  if (typeof message.conversationId !== 'string' || !message.conversationId) throw problem('missing conversationId.');
  if (!Number.isSafeInteger(message.seq) || message.seq < 0) throw problem('seq must be a whole number ≥ 0.');
  if (!MESSAGE_ROLES.includes(message.role)) throw problem(`unknown role "${String(message.role)}".`);
  if (!MESSAGE_STATUSES.includes(message.status)) throw problem(`unknown status "${String(message.status)}".`);
  if (message.role === 'user' && message.status !== 'done') throw problem('user messages are always "done".');
  if (typeof message.text !== 'string') throw problem('text must be a string.');
  if (message.error && !ERROR_CODES.includes(message.error.code)) throw problem(`unknown error code "${String(message.error.code)}".`);
}
