// The export file format and the JSON export. The other jobs of export and import sit beside it:
// - export-import-markdown.ts: readable Markdown export;
// - export-import-schema.ts: parseImport (whole or in slices, for the worker);
// - export-import-fields.ts: the import file's schema (valibot) and its error messages;
// - export-import-apply.ts: importData, writing a parsed file in one transaction.
import { fromStored, withTx } from './db';
import { partEnd } from '@/lib/shared/text-parts';
import type { Conversation, Message } from '@/lib/protocol/records';

export const EXPORT_FORMAT = 'flarechat-export';
export const EXPORT_VERSION = 1;

/** No `sessionName`: an instance name is a secret of this browser and is never exported (issue #11). */
export interface ExportedConversation extends Omit<Conversation, 'sessionName'> {
  messages: Message[];
}

export interface ExportFile {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  /** Epoch ms. */
  exportedAt: number;
  conversations: ExportedConversation[];
}

/** Everything but `sessionName` (see ExportedConversation). */
const CONVERSATION_KEYS: readonly (keyof ExportedConversation)[] = [
  'id', 'title', 'titleEdited', 'titleAsked', 'createdAt', 'updatedAt', 'pinned', 'model', 'systemPrompt', 'temperature', 'maxTokens',
  'deletedAt', 'messageCount', 'preview', 'branch',
];
const MESSAGE_KEYS: readonly (keyof Message)[] = [
  'id', 'conversationId', 'seq', 'parentId', 'role', 'text', 'reasoning', 'status', 'model', 'createdAt', 'updatedAt', 'error',
  'finishReason', 'usage', 'timings', 'transport', 'failover',
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
  if (message.failover) out.failover = pick(message.failover, ['from', 'reason']);
  return out;
}

/** Depth first, then versions oldest first: every branch, in a stable order (issue #12). */
const fileOrder = (a: Message, b: Message) => a.seq - b.seq || a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function canonicalConversation(conversation: Omit<Conversation, 'sessionName'>, messages: readonly Message[]): ExportedConversation {
  return { ...pick(conversation as ExportedConversation, CONVERSATION_KEYS), messages: [...messages].sort(fileOrder).map(canonicalMessage) };
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

/**
 * The text of exportAll() (exactly JSON.stringify(file, null, 2)), handed to `onPart` in parts of
 * at most `partChars` as it is written, one conversation at a time: a large history never has to
 * fit in one port message (issue #16). Resolves with how many parts and characters were sent.
 */
export async function exportAllInParts(partChars: number, onPart: (index: number, text: string) => void): Promise<{ parts: number; chars: number }> {
  const { conversations, ...head } = await exportAll();
  let parts = 0;
  let chars = 0;
  let pending = '';
  const flush = (all: boolean) => {
    let at = 0;
    while (pending.length - at >= partChars || (all && at < pending.length)) {
      const end = partEnd(pending, at, partChars);
      onPart(parts++, pending.slice(at, end));
      chars += end - at;
      at = end;
    }
    pending = pending.slice(at);
  };
  if (conversations.length === 0) {
    pending = JSON.stringify({ ...head, conversations }, null, 2);
  } else {
    // The envelope around a placeholder: what comes before the first conversation and after the last.
    const [before, after] = JSON.stringify({ ...head, conversations: [0] }, null, 2).split('0\n  ]');
    pending = before;
    conversations.forEach((conversation, i) => {
      // Nested two levels deep in the file: every line of the conversation moves right by four.
      pending += `${i ? ',\n    ' : ''}${JSON.stringify(conversation, null, 2).replaceAll('\n', '\n    ')}`;
      flush(false);
    });
    pending += `\n  ]${after}`;
  }
  flush(true);
  return { parts, chars };
}
