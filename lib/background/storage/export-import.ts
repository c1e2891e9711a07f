// Lossless JSON export/import and readable Markdown export.
//
// Import policy:
// - parseImport validates every field strictly and names the first problem; fields it does not
//   know are dropped (they cannot be stored meaningfully), everything known must be well-formed.
// - importData writes everything in ONE transaction: any failure imports nothing.
// - A conversation whose id already exists is skipped ('skip', the default), overwritten together
//   with its messages ('replace'), or imported as a copy with fresh ids and a fresh playground
//   session ('copy'). A message id that collides with a message of another conversation gets a
//   fresh id. messageCount is recomputed from the imported messages.
import { ERROR_CODES, type ErrorCode } from '@/lib/shared/errors';
import { fromStored, newId, newSessionName, quiet, toStored, withTx, withWriteTx, type WriteTx } from './db';
import { hardDeleteConversation } from './conversations';
import { refreshTerms, refreshTitleTerms } from './search-index';
import { MESSAGE_ROLES, MESSAGE_STATUSES, type Conversation, type Message, type MessageRole, type MessageStatus } from '../../protocol/records';
import { isValidMaxTokens, isValidModelId, isValidTemperature, MAX_TOKENS_RANGE, TEMPERATURE_RANGE } from './validate';

export const EXPORT_FORMAT = 'flarechat-export';
export const EXPORT_VERSION = 1;
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export interface ExportedConversation extends Conversation {
  messages: Message[];
}

export interface ExportFile {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  /** Epoch ms. */
  exportedAt: number;
  conversations: ExportedConversation[];
}

// ---------------------------------------------------------------- Markdown

function formatDate(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/:\d\d\.\d+Z$/, ' UTC');
}

/** Closes a code fence left open, so one message cannot swallow the sections after it. */
function balanceFences(text: string): string {
  let open: string | null = null;
  for (const line of text.split('\n')) {
    const match = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (!match) continue;
    const fence = match[1];
    if (open === null) open = fence;
    else if (fence[0] === open[0] && fence.length >= open.length && line.trim() === fence) open = null;
  }
  return open === null ? text : `${text}\n${open}`;
}

function statusNote(message: Message): string {
  switch (message.status) {
    case 'stopped':
      return '\n\n_(stopped)_';
    case 'interrupted':
      return '\n\n_(interrupted)_';
    case 'error':
      return `\n\n_(error: ${message.error?.message ?? 'unknown'})_`;
    case 'queued':
    case 'streaming':
      return '\n\n_(incomplete)_';
    default:
      return '';
  }
}

/** Human-readable Markdown: title, model, date, then **You** / **Assistant (model)** sections. */
export function exportConversationMarkdown(conversation: Conversation, messages: readonly Message[]): string {
  const models = [...new Set(messages.map((m) => m.model).filter((m): m is string => !!m))];
  const model = conversation.model ?? (models.length ? models.join(', ') : 'default');
  const lines = [`# ${conversation.title}`, '', `- Model: ${model}`, `- Created: ${formatDate(conversation.createdAt)}`, `- Updated: ${formatDate(conversation.updatedAt)}`];
  if (conversation.systemPrompt) lines.push(`- System prompt: ${conversation.systemPrompt.replace(/\s+/g, ' ')}`);
  lines.push('', '---');
  for (const message of [...messages].sort((a, b) => a.seq - b.seq)) {
    const heading = message.role === 'user' ? '**You**' : `**Assistant (${message.model ?? conversation.model ?? 'default'})**`;
    lines.push('', heading, '');
    if (message.reasoning) {
      lines.push('> _Reasoning_', ...balanceFences(message.reasoning).split('\n').map((line) => (line ? `> ${line}` : '>')), '');
    }
    lines.push(balanceFences(message.text) + statusNote(message));
  }
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------- JSON export

const CONVERSATION_KEYS: readonly (keyof Conversation)[] = [
  'id', 'title', 'titleEdited', 'createdAt', 'updatedAt', 'pinned', 'model', 'systemPrompt', 'temperature', 'maxTokens',
  'sessionName', 'deletedAt', 'messageCount', 'preview',
];
const MESSAGE_KEYS: readonly (keyof Message)[] = [
  'id', 'conversationId', 'seq', 'role', 'text', 'reasoning', 'status', 'model', 'createdAt', 'updatedAt', 'error',
  'finishReason', 'usage', 'timings', 'transport',
];

/** Copies the known fields in a fixed order, so exports are stable and diffable. */
function pick<T extends object>(source: T, keys: readonly (keyof T)[]): T {
  const out: Partial<T> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out as T;
}

function canonicalMessage(message: Message): Message {
  const out = pick(message, MESSAGE_KEYS);
  if (message.error) out.error = pick(message.error, ['code', 'message', 'retryAt', 'attempt']);
  if (message.usage) out.usage = pick(message.usage, ['promptTokens', 'completionTokens']);
  if (message.timings) out.timings = pick(message.timings, ['firstTokenMs', 'totalMs', 'tokensPerSecond']);
  return out;
}

function canonicalConversation(conversation: Conversation, messages: readonly Message[]): ExportedConversation {
  return { ...pick(conversation, CONVERSATION_KEYS), messages: [...messages].sort((a, b) => a.seq - b.seq).map(canonicalMessage) };
}

function envelope(conversations: ExportedConversation[]): ExportFile {
  return { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: Date.now(), conversations };
}

/** One conversation in the import format (a file parseImport accepts). */
export function exportConversationJson(conversation: Conversation, messages: readonly Message[]): string {
  return JSON.stringify(envelope([canonicalConversation(conversation, messages)]), null, 2);
}

/** Every conversation (soft-deleted ones only with includeDeleted) with its messages, in id order. */
export function exportAll(options: { includeDeleted?: boolean } = {}): Promise<ExportFile> {
  return withTx(['conversations', 'messages'], 'readonly', async (tx) => {
    const [rows, messages] = await Promise.all([
      tx.objectStore('conversations').getAll(),
      tx.objectStore('messages').index('by-conversation').getAll(),
    ]);
    const byConversation = new Map<string, Message[]>();
    for (const message of messages) {
      const list = byConversation.get(message.conversationId);
      if (list) list.push(message);
      else byConversation.set(message.conversationId, [message]);
    }
    const conversations = rows
      .filter((row) => options.includeDeleted || row.deletedAt === undefined)
      .map((row) => canonicalConversation(fromStored(row), byConversation.get(row.id) ?? []));
    return envelope(conversations);
  });
}

// ---------------------------------------------------------------- validation

class Problem extends Error {}

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return value.length > 40 ? `"${value.slice(0, 40)}…"` : `"${value}"`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === undefined) return 'nothing';
  return typeof value === 'object' ? 'an object' : typeof value;
}

class Reader {
  constructor(
    private readonly source: Raw,
    private readonly path: string,
  ) {}

  private fail(key: string, expected: string): never {
    const value = this.source[key];
    const got = value === undefined ? 'it is missing' : `got ${describe(value)}`;
    throw new Problem(`${this.path}.${key} must be ${expected} (${got}).`);
  }

  has(key: string): boolean {
    return this.source[key] !== undefined;
  }

  string(key: string, options: { nonEmpty?: boolean; max?: number } = {}): string {
    const value = this.source[key];
    const max = options.max ?? Infinity;
    if (typeof value !== 'string' || (options.nonEmpty && !value) || value.length > max) {
      this.fail(key, `${options.nonEmpty ? 'non-empty ' : ''}text${max < Infinity ? ` of at most ${max} characters` : ''}`);
    }
    return value;
  }

  number(key: string, options: { integer?: boolean; min?: number; max?: number } = {}): number {
    const value = this.source[key];
    const min = options.min ?? 0;
    const max = options.max ?? Number.MAX_SAFE_INTEGER;
    if (typeof value !== 'number' || !Number.isFinite(value) || (options.integer && !Number.isInteger(value)) || value < min || value > max) {
      this.fail(key, `${options.integer ? 'a whole number' : 'a number'} from ${min} to ${max}`);
    }
    return value;
  }

  timestamp(key: string): number {
    return this.number(key, { integer: true, min: 0, max: 8.64e15 });
  }

  boolean(key: string): boolean {
    const value = this.source[key];
    if (typeof value !== 'boolean') this.fail(key, 'true or false');
    return value;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T {
    const value = this.source[key];
    if (!allowed.includes(value as T)) this.fail(key, `one of ${allowed.join(', ')}`);
    return value as T;
  }

  check(key: string, valid: (value: unknown) => boolean, expected: string): unknown {
    if (!valid(this.source[key])) this.fail(key, expected);
    return this.source[key];
  }

  record(key: string): Reader {
    const value = this.source[key];
    if (!isRecord(value)) this.fail(key, 'an object');
    return new Reader(value, `${this.path}.${key}`);
  }
}

function readMessage(raw: unknown, path: string, conversationId: string): Message {
  if (!isRecord(raw)) throw new Problem(`${path} must be an object (got ${describe(raw)}).`);
  const r = new Reader(raw, path);
  const id = r.string('id', { nonEmpty: true, max: 200 });
  const ownerId = r.string('conversationId', { nonEmpty: true, max: 200 });
  if (ownerId !== conversationId) {
    throw new Problem(`${path}.conversationId is "${ownerId}" but the message is inside conversation "${conversationId}".`);
  }
  const role: MessageRole = r.oneOf('role', MESSAGE_ROLES);
  const status: MessageStatus = r.oneOf('status', MESSAGE_STATUSES);
  if (role === 'user' && status !== 'done') throw new Problem(`${path}.status must be "done" for a user message (got "${status}").`);
  const message: Message = {
    id,
    conversationId: ownerId,
    seq: r.number('seq', { integer: true }),
    role,
    text: r.string('text'),
    status,
    createdAt: r.timestamp('createdAt'),
    updatedAt: r.timestamp('updatedAt'),
  };
  if (r.has('reasoning')) message.reasoning = r.string('reasoning');
  if (r.has('model')) message.model = r.string('model', { nonEmpty: true, max: 200 });
  if (r.has('finishReason')) message.finishReason = r.string('finishReason', { max: 100 });
  if (r.has('transport')) message.transport = r.string('transport', { max: 100 });
  if (r.has('error')) {
    const e = r.record('error');
    message.error = { code: e.oneOf<ErrorCode>('code', ERROR_CODES), message: e.string('message') };
    if (e.has('retryAt')) message.error.retryAt = e.timestamp('retryAt');
    if (e.has('attempt')) message.error.attempt = e.number('attempt', { integer: true });
  }
  if (r.has('usage')) {
    const u = r.record('usage');
    message.usage = {};
    if (u.has('promptTokens')) message.usage.promptTokens = u.number('promptTokens', { integer: true });
    if (u.has('completionTokens')) message.usage.completionTokens = u.number('completionTokens', { integer: true });
  }
  if (r.has('timings')) {
    const t = r.record('timings');
    message.timings = {};
    if (t.has('firstTokenMs')) message.timings.firstTokenMs = t.number('firstTokenMs');
    if (t.has('totalMs')) message.timings.totalMs = t.number('totalMs');
    if (t.has('tokensPerSecond')) message.timings.tokensPerSecond = t.number('tokensPerSecond');
  }
  return message;
}

function readConversation(raw: unknown, path: string, messageIds: Set<string>): ExportedConversation {
  if (!isRecord(raw)) throw new Problem(`${path} must be an object (got ${describe(raw)}).`);
  const r = new Reader(raw, path);
  const conversation: Conversation = {
    id: r.string('id', { nonEmpty: true, max: 200 }),
    title: r.string('title', { max: 1000 }),
    createdAt: r.timestamp('createdAt'),
    updatedAt: r.timestamp('updatedAt'),
    pinned: r.boolean('pinned'),
    sessionName: r.string('sessionName', { nonEmpty: true, max: 200 }),
    messageCount: r.number('messageCount', { integer: true }),
  };
  if (r.has('titleEdited')) conversation.titleEdited = r.boolean('titleEdited');
  if (r.has('model')) conversation.model = r.check('model', isValidModelId, 'a model id') as string;
  if (r.has('systemPrompt')) conversation.systemPrompt = r.string('systemPrompt');
  if (r.has('temperature')) {
    conversation.temperature = r.check('temperature', isValidTemperature, `a number from ${TEMPERATURE_RANGE.min} to ${TEMPERATURE_RANGE.max}`) as number;
  }
  if (r.has('maxTokens')) {
    conversation.maxTokens = r.check('maxTokens', isValidMaxTokens, `a whole number from ${MAX_TOKENS_RANGE.min} to ${MAX_TOKENS_RANGE.max}`) as number;
  }
  if (r.has('deletedAt')) conversation.deletedAt = r.timestamp('deletedAt');
  if (r.has('preview')) conversation.preview = r.string('preview');
  const list = raw.messages;
  if (!Array.isArray(list)) throw new Problem(`${path}.messages must be a list (got ${describe(list)}).`);
  const seqs = new Set<number>();
  const messages = list.map((item, i) => {
    const message = readMessage(item, `${path}.messages[${i}]`, conversation.id);
    if (messageIds.has(message.id)) throw new Problem(`${path}.messages[${i}].id "${message.id}" appears more than once in the file.`);
    if (seqs.has(message.seq)) throw new Problem(`${path}.messages[${i}].seq ${message.seq} is used twice in this conversation.`);
    messageIds.add(message.id);
    seqs.add(message.seq);
    return message;
  });
  return canonicalConversation({ ...conversation, messageCount: messages.length }, messages);
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

/** Parses and validates an export file; on failure `error` names the first problem in plain words. */
export function parseImport(text: string): ParseResult {
  const size = text.length > MAX_IMPORT_BYTES ? text.length : utf8Length(text);
  if (size > MAX_IMPORT_BYTES) {
    return { ok: false, error: `The file is too large (${(size / 1024 / 1024).toFixed(1)} MB); the limit is ${MAX_IMPORT_BYTES / 1024 / 1024} MB.` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `The file is not valid JSON (${error instanceof Error ? error.message : String(error)}).` };
  }
  try {
    if (!isRecord(parsed)) throw new Problem('The file is not a FlareChat export (expected a JSON object).');
    if (parsed.format !== EXPORT_FORMAT) {
      throw new Problem(`The file is not a FlareChat export (format is ${describe(parsed.format)}, expected "${EXPORT_FORMAT}").`);
    }
    if (parsed.version === undefined) throw new Problem('The file has no export version, so it cannot be read safely.');
    if (parsed.version !== EXPORT_VERSION) {
      throw new Problem(`This export has version ${describe(parsed.version)}; this version of FlareChat reads version ${EXPORT_VERSION}.`);
    }
    const root = new Reader(parsed, 'file');
    const exportedAt = root.timestamp('exportedAt');
    if (!Array.isArray(parsed.conversations)) throw new Problem(`file.conversations must be a list (got ${describe(parsed.conversations)}).`);
    const conversationIds = new Set<string>();
    const messageIds = new Set<string>();
    const conversations = parsed.conversations.map((item, i) => {
      const conversation = readConversation(item, `conversations[${i}]`, messageIds);
      if (conversationIds.has(conversation.id)) throw new Problem(`conversations[${i}].id "${conversation.id}" appears more than once in the file.`);
      conversationIds.add(conversation.id);
      return conversation;
    });
    return { ok: true, data: { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt, conversations } };
  } catch (error) {
    if (error instanceof Problem) return { ok: false, error: error.message };
    throw error;
  }
}

// ---------------------------------------------------------------- import

export type ConflictPolicy = 'skip' | 'replace' | 'copy';

export interface ImportSummary {
  imported: number;
  skipped: number;
  replaced: number;
  /** Conversations imported under a new id ('copy'): old id → new id. */
  renamed: Record<string, string>;
}

async function importOne(tx: WriteTx, source: ExportedConversation, policy: ConflictPolicy, summary: ImportSummary): Promise<void> {
  const conversations = tx.objectStore('conversations');
  const messagesStore = tx.objectStore('messages');
  const { messages: sourceMessages, ...sourceConversation } = source;
  let conversation: Conversation = { ...sourceConversation, messageCount: sourceMessages.length };
  let freshMessageIds = false;
  if ((await conversations.getKey(conversation.id)) !== undefined) {
    if (policy === 'skip') {
      summary.skipped++;
      return;
    }
    if (policy === 'replace') {
      await hardDeleteConversation(tx, conversation.id);
      summary.replaced++;
    } else {
      const id = newId();
      summary.renamed[conversation.id] = id;
      conversation = { ...conversation, id, sessionName: newSessionName() };
      freshMessageIds = true;
    }
  }
  const taken = freshMessageIds ? [] : await Promise.all(sourceMessages.map((m) => quiet(messagesStore.getKey(m.id))));
  const messages = sourceMessages.map((message, i) => ({
    ...message,
    id: freshMessageIds || taken[i] !== undefined ? newId() : message.id,
    conversationId: conversation.id,
  }));
  await Promise.all([
    quiet(conversations.put(toStored(conversation))),
    ...refreshTitleTerms(tx, conversation.id, undefined, conversation.title),
    ...messages.flatMap((message) => [quiet(messagesStore.put(message)), ...refreshTerms(tx, conversation.id, message.id, undefined, message.text)]),
  ]);
  summary.imported++;
}

/** Imports a parsed file in one transaction (all or nothing). */
export function importData(data: ExportFile, options: { onConflict?: ConflictPolicy } = {}): Promise<ImportSummary> {
  const policy = options.onConflict ?? 'skip';
  return withWriteTx(async (tx) => {
    const summary: ImportSummary = { imported: 0, skipped: 0, replaced: 0, renamed: {} };
    for (const conversation of data.conversations) await importOne(tx, conversation, policy, summary);
    return summary;
  });
}
