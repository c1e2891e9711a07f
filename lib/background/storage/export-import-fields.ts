// The import file's schema and its error messages: valibot field schemas whose messages say what
// each field must be, the first problem turned into "<where> must be <what> (<what it is>)." and
// the checks no field schema can see (links between fields, uniqueness across the file). The parse
// that uses them is export-import-schema.ts.
import * as v from 'valibot';
import { ERROR_CODES } from '@/lib/shared/errors';
import { maxTokensSchema, modelIdSchema, systemPromptSchema, temperatureSchema } from '@/lib/shared/fields';
import {
  IMPORT_ID_MAX_CHARS,
  IMPORT_TITLE_MAX_CHARS,
  MAX_TOKENS_RANGE,
  SYSTEM_PROMPT_MAX_CHARS,
  TEMPERATURE_RANGE,
} from '@/lib/shared/limits';
import { MESSAGE_ROLES, MESSAGE_STATUSES } from '@/lib/protocol/records';
import { placeProblem } from './message-tree';

// ---- field schemas; each message says what the field must be ---------------------------------

const text = (max = Infinity, nonEmpty = false) => {
  const expected = `${nonEmpty ? 'non-empty ' : ''}text${max < Infinity ? ` of at most ${max} characters` : ''}`;
  return v.pipe(v.string(expected), v.minLength(nonEmpty ? 1 : 0, expected), v.maxLength(max, expected));
};
const number = (integer: boolean, min = 0, max = Number.MAX_SAFE_INTEGER) => {
  const expected = `${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`;
  return v.pipe(v.number(expected), v.check((n) => !integer || Number.isInteger(n), expected), v.minValue(min, expected), v.maxValue(max, expected));
};
const id = text(IMPORT_ID_MAX_CHARS, true);
const timestamp = number(true, 0, 8.64e15);
const count = number(true);
const oneOf = <T extends string>(values: readonly [T, ...T[]]) => v.picklist(values, `one of ${values.join(', ')}`);
const record = <E extends v.ObjectEntries>(entries: E) => v.object(entries, 'an object');
const opt = v.optional;

const messageSchema = record({
  id,
  conversationId: id,
  role: oneOf(MESSAGE_ROLES),
  status: oneOf(MESSAGE_STATUSES),
  seq: count,
  /** Absent in exports made before versions (issue #12): such rows form one chain by seq. */
  parentId: opt(text(IMPORT_ID_MAX_CHARS)),
  text: text(),
  createdAt: timestamp,
  updatedAt: timestamp,
  reasoning: opt(text()),
  model: opt(id),
  finishReason: opt(text(100)),
  transport: opt(text(100)),
  error: opt(record({ code: oneOf(ERROR_CODES), message: text(), retryAt: opt(timestamp), attempt: opt(count) })),
  usage: opt(record({ promptTokens: opt(count), completionTokens: opt(count) })),
  timings: opt(record({ firstTokenMs: opt(number(false)), totalMs: opt(number(false)), tokensPerSecond: opt(number(false)) })),
  failover: opt(record({ from: id, reason: oneOf(ERROR_CODES) })),
});

export const conversationSchema = record({
  id,
  title: text(IMPORT_TITLE_MAX_CHARS),
  createdAt: timestamp,
  updatedAt: timestamp,
  pinned: v.boolean('true or false'),
  messageCount: count,
  titleEdited: opt(v.boolean('true or false')),
  titleAsked: opt(v.boolean('true or false')),
  model: opt(modelIdSchema('a model id')),
  systemPrompt: opt(systemPromptSchema(`text of at most ${SYSTEM_PROMPT_MAX_CHARS} characters`)),
  temperature: opt(temperatureSchema(`a number from ${TEMPERATURE_RANGE.min} to ${TEMPERATURE_RANGE.max}`)),
  maxTokens: opt(maxTokensSchema(`a whole number from ${MAX_TOKENS_RANGE.min} to ${MAX_TOKENS_RANGE.max}`)),
  deletedAt: opt(timestamp),
  preview: opt(text()),
  branch: opt(v.record(v.string('text'), id, 'an object of message ids')),
  messages: v.array(messageSchema, 'a list'),
});

export const fileSchema = v.object({ exportedAt: timestamp, conversations: v.array(conversationSchema, 'a list') });

// ---- messages -----------------------------------------------------------------------------

/** A problem with the file, in words for the user (the first one found ends the parse). */
export class Problem extends Error {}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return value.length > 40 ? `"${value.slice(0, 40)}…"` : `"${value}"`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === undefined) return 'nothing';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** `conversations[0].messages[1].seq`; a top-level field is `file.exportedAt`. */
function where(path: readonly { key: unknown }[]): string {
  const joined = path.map(({ key }, i) => (typeof key === 'number' ? `[${key}]` : `${i ? '.' : ''}${String(key)}`)).join('');
  return path.length === 1 ? `file.${joined}` : joined;
}

interface SchemaNode {
  entries?: Record<string, SchemaNode>;
  item?: SchemaNode;
  wrapped?: SchemaNode;
  message?: unknown;
}

/**
 * What the field at `path` must be. valibot reports a missing key with the enclosing object's
 * message, so the field's own schema is looked up along the path.
 */
function expectedAt(path: readonly { key: unknown }[], fallback: string): string {
  let node: SchemaNode | undefined = fileSchema;
  for (const { key } of path) {
    while (node?.wrapped) node = node.wrapped;
    node = typeof key === 'number' ? node?.item : node?.entries?.[String(key)];
  }
  while (node?.wrapped) node = node.wrapped;
  return typeof node?.message === 'string' ? node.message : fallback;
}

export function firstProblem(issue: v.BaseIssue<unknown>): string {
  const path = issue.path ?? [];
  const got = issue.input === undefined ? 'it is missing' : `got ${describe(issue.input)}`;
  return `${where(path)} must be ${expectedAt(path, issue.message)} (${got}).`;
}

/** What no field schema can see: links between fields and uniqueness across the file. */
export function checkLinks(conversations: readonly v.InferOutput<typeof conversationSchema>[]): void {
  const conversationIds = new Set<string>();
  const messageIds = new Set<string>();
  conversations.forEach((conversation, c) => {
    conversation.messages.forEach((message, m) => {
      const path = `conversations[${c}].messages[${m}]`;
      if (message.conversationId !== conversation.id) {
        throw new Problem(`${path}.conversationId is "${message.conversationId}" but the message is inside conversation "${conversation.id}".`);
      }
      if (message.role === 'user' && message.status !== 'done') throw new Problem(`${path}.status must be "done" for a user message (got "${message.status}").`);
      if (messageIds.has(message.id)) throw new Problem(`${path}.id "${message.id}" appears more than once in the file.`);
      // Versions share a seq (issue #12); rows without parentId (older exports) form one chain by seq.
      const misplaced = placeProblem(message, message.parentId === undefined ? conversation.messages.slice(0, m) : conversation.messages);
      if (misplaced) throw new Problem(`${path}.${misplaced}`);
      messageIds.add(message.id);
    });
    if (conversationIds.has(conversation.id)) throw new Problem(`conversations[${c}].id "${conversation.id}" appears more than once in the file.`);
    conversationIds.add(conversation.id);
  });
}
