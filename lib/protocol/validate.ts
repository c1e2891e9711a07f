// Runtime validation of everything a UI surface sends. The background never trusts the shape of
// an incoming message: a malformed one is answered with `request-rejected` and otherwise ignored.
// Every port validates the same way: a valibot schema per message, checked by validateWith.
import * as v from 'valibot';
import { clientMessageSchema, type ClientMessage } from './messages';

export type Validated<T> = { ok: true; message: T } | { ok: false; error: string };
export type Validation = Validated<ClientMessage>;

/**
 * Checks `raw` against `schema`; on failure `error` names the first problem (and where it is).
 * The output is a fresh object built by the schema, never the caller's `raw`.
 */
export function validateWith<S extends v.GenericSchema>(schema: S, raw: unknown): Validated<v.InferOutput<S>> {
  const result = v.safeParse(schema, raw, { abortEarly: true });
  if (result.success) return { ok: true, message: result.output };
  const issue = result.issues[0];
  const path = issue.path?.map((item) => item.key).join('.');
  return { ok: false, error: path ? `${path}: ${issue.message}` : issue.message };
}

export function validateClientMessage(raw: unknown): Validation {
  return validateWith(clientMessageSchema, raw);
}
