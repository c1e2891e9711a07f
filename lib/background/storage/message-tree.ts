// Where a message sits in its conversation's tree of versions (issue #12), checked the same way for
// a write and for an import, and what the conversation row derives from the visible path.
import { userMessageSummary } from '../../protocol/context-blocks';
import { visiblePath } from '../../protocol/branches';
import { PREVIEW_MAX_CHARS, type Conversation, type Message } from '../../protocol/records';
import { shorten } from './text';

type Placed = Pick<Message, 'id' | 'seq' | 'parentId'>;

/**
 * What is wrong with the message's place among `others` (the rest of its conversation), or
 * undefined. A version is one deeper than the message it follows; a row without parentId (stored
 * before versions) is part of one chain, so its seq must be its own.
 */
export function placeProblem(message: Placed, others: readonly Placed[]): string | undefined {
  if (message.parentId === undefined) {
    return others.some((m) => m.parentId === undefined && m.seq === message.seq && m.id !== message.id) ? `seq ${message.seq} is used twice in this conversation.` : undefined;
  }
  if (message.parentId === '') return message.seq === 0 ? undefined : `seq must be 0 for a first message (got ${message.seq}).`;
  const parent = others.find((m) => m.id === message.parentId && m.id !== message.id);
  if (!parent) return `parentId "${message.parentId}" is not another message of this conversation.`;
  return message.seq === parent.seq + 1 ? undefined : `seq must be ${parent.seq + 1}, one more than the message it follows (got ${message.seq}).`;
}

/** A user message's preview says what the user did, never our instruction or delimiters (issue #12). */
export function previewOf(message: Pick<Message, 'role' | 'text'>): string {
  return message.role === 'user' ? userMessageSummary(message.text, PREVIEW_MAX_CHARS) : shorten(message.text, PREVIEW_MAX_CHARS);
}

/** messageCount and preview describe the visible path: what the panel shows. `previewId` remembers the preview's message. */
export function describePath(conversation: Conversation & { previewId?: string }, messages: readonly Message[]): void {
  const path = visiblePath(messages, conversation.branch);
  conversation.messageCount = path.length;
  const last = path.findLast((m) => m.text.trim() !== '');
  if (last) {
    conversation.preview = previewOf(last);
    conversation.previewId = last.id;
  } else {
    delete conversation.preview;
    conversation.previewId = '';
  }
}

/** Fields a streaming checkpoint changes; a write that changes only these keeps the message's place. */
const TEXT_FIELDS: ReadonlySet<string> = new Set(['text', 'reasoning', 'updatedAt']);

/**
 * True when `next` differs from `previous` only in its text (a streaming checkpoint) and both texts
 * are non-empty: the tree, the visible path and which message is the last non-empty one on it are
 * unchanged, so the conversation's count stays and its preview follows only if it came from this
 * message. An empty text on either side can move the preview to another message: the full path.
 */
export function isTextUpdate(previous: Message | undefined, next: Message): previous is Message {
  if (!previous || !previous.text.trim() || !next.text.trim()) return false;
  const keys = new Set([...Object.keys(previous), ...Object.keys(next)]);
  for (const key of keys) {
    if (TEXT_FIELDS.has(key)) continue;
    const a = (previous as unknown as Record<string, unknown>)[key];
    const b = (next as unknown as Record<string, unknown>)[key];
    if (a !== b && JSON.stringify(a) !== JSON.stringify(b)) return false;
  }
  return true;
}

/** A file's branch choices, keeping only those that name a message of the conversation (others mean nothing). */
export function knownChoices(branch: Readonly<Record<string, string>> | undefined, messages: readonly Placed[]): Record<string, string> | undefined {
  if (!branch) return undefined;
  const ids = new Set(messages.map((message) => message.id));
  const choices = Object.fromEntries(Object.entries(branch).filter(([, child]) => ids.has(child)));
  return Object.keys(choices).length > 0 ? choices : undefined;
}
