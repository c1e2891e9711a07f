// Reading an import file: size, then JSON, then the envelope (format, version), then one valibot
// schema. Unknown fields are dropped; known ones must be well-formed, and the error names the first
// problem: "<where> must be <what> (<what it is>)." `sessionName` is never read from a file: it
// works like a password for the server-side state (issue #11); importData gives a fresh one.
import * as v from 'valibot';
import { ERROR_CODES } from '@/lib/shared/errors';
import { maxTokensSchema, modelIdSchema, systemPromptSchema, temperatureSchema } from '@/lib/shared/fields';
import { isRecord } from '@/lib/shared/guards';
import { importTooLarge } from '@/lib/shared/import-size';
import {
  IMPORT_ID_MAX_CHARS,
  IMPORT_TITLE_MAX_CHARS,
  MAX_IMPORT_BYTES,
  MAX_TOKENS_RANGE,
  SYSTEM_PROMPT_MAX_CHARS,
  TEMPERATURE_RANGE,
} from '@/lib/shared/limits';
import { MESSAGE_ROLES, MESSAGE_STATUSES } from '@/lib/protocol/records';
import { visiblePath } from '@/lib/protocol/branches';
import { knownChoices, placeProblem } from './message-tree';
import { canonicalConversation, EXPORT_FORMAT, EXPORT_VERSION, type ExportedConversation, type ExportFile } from './export-import';

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

const conversationSchema = record({
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

const fileSchema = v.object({ exportedAt: timestamp, conversations: v.array(conversationSchema, 'a list') });

// ---- messages -----------------------------------------------------------------------------

class Problem extends Error {}

function describe(value: unknown): string {
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

function firstProblem(issue: v.BaseIssue<unknown>): string {
  const path = issue.path ?? [];
  const got = issue.input === undefined ? 'it is missing' : `got ${describe(issue.input)}`;
  return `${where(path)} must be ${expectedAt(path, issue.message)} (${got}).`;
}

/** What no field schema can see: links between fields and uniqueness across the file. */
function checkLinks(conversations: readonly v.InferOutput<typeof conversationSchema>[]): void {
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

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

export type ParseResult = { ok: true; data: ExportFile } | { ok: false; error: string };

/** Conversations validated per step of parseImportInSlices (about 2,000 messages: ~15 ms). */
export const PARSE_SLICE_CONVERSATIONS = 100;

/** Parses and validates an export file; on failure `error` names the first problem in plain words. */
export function parseImport(text: string): ParseResult {
  const steps = parseSteps(text);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * parseImport for the worker: the same result, but it gives the event loop back between slices of
 * PARSE_SLICE_CONVERSATIONS conversations (issue #16: validating a 16 MB import in one task held
 * the worker for ~0.5 s, and every answer streaming meanwhile, in any window, stalled with it).
 */
export async function parseImportInSlices(text: string, yieldNow: () => Promise<unknown> = () => new Promise((resolve) => setTimeout(resolve, 0))): Promise<ParseResult> {
  const steps = parseSteps(text);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await yieldNow();
  }
}

/** An issue found in a slice, placed at its conversation's index in the whole file. */
function inFile(issue: v.BaseIssue<unknown>, offset: number): v.BaseIssue<unknown> {
  const path = issue.path?.map((item, i) => (i === 1 && typeof item.key === 'number' ? { ...item, key: item.key + offset } : item));
  return { ...issue, path } as v.BaseIssue<unknown>;
}

/** The parse, one step per slice of conversations (a `yield` where the worker may breathe). */
function* parseSteps(text: string): Generator<void, ParseResult> {
  // Before JSON.parse. (A page checks File.size before reading it at all: readImportFile.)
  const tooLarge = importTooLarge(text.length > MAX_IMPORT_BYTES ? text.length : utf8Length(text));
  if (tooLarge) return { ok: false, error: tooLarge };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `The file is not valid JSON (${error instanceof Error ? error.message : String(error)}).` };
  }
  yield;
  try {
    if (!isRecord(parsed)) throw new Problem('The file is not a FlareChat export (expected a JSON object).');
    if (parsed.format !== EXPORT_FORMAT) {
      throw new Problem(`The file is not a FlareChat export (format is ${describe(parsed.format)}, expected "${EXPORT_FORMAT}").`);
    }
    if (parsed.version === undefined) throw new Problem('The file has no export version, so it cannot be read safely.');
    if (parsed.version !== EXPORT_VERSION) {
      throw new Problem(`This export has version ${describe(parsed.version)}; this version of FlareChat reads version ${EXPORT_VERSION}.`);
    }
    // The envelope first (exportedAt, a list of conversations), then the list a slice at a time:
    // the same checks in the same order as one safeParse of the whole file, and the same first problem.
    const all = parsed.conversations;
    const envelope = v.safeParse(fileSchema, { ...parsed, conversations: Array.isArray(all) ? [] : all }, { abortEarly: true });
    if (!envelope.success) throw new Problem(firstProblem(envelope.issues[0]));
    const valid: v.InferOutput<typeof conversationSchema>[] = [];
    const list = all as unknown[];
    for (let at = 0; at < list.length; at += PARSE_SLICE_CONVERSATIONS) {
      const slice = v.safeParse(fileSchema, { exportedAt: envelope.output.exportedAt, conversations: list.slice(at, at + PARSE_SLICE_CONVERSATIONS) }, { abortEarly: true });
      if (!slice.success) throw new Problem(firstProblem(inFile(slice.issues[0], at)));
      valid.push(...slice.output.conversations);
      yield;
    }
    checkLinks(valid);
    const conversations: ExportedConversation[] = valid.map(({ messages, branch, ...conversation }) => {
      const choices = knownChoices(branch, messages);
      const counted = { ...conversation, ...(choices && { branch: choices }), messageCount: visiblePath(messages, choices).length };
      return canonicalConversation(counted, messages.map((message) => ({ ...message })));
    });
    return { ok: true, data: { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: envelope.output.exportedAt, conversations } };
  } catch (error) {
    if (error instanceof Problem) return { ok: false, error: error.message };
    throw error;
  }
}
