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

/** messageCount and preview describe the visible path: what the panel shows. */
export function describePath(conversation: Conversation, messages: readonly Message[]): void {
  const path = visiblePath(messages, conversation.branch);
  conversation.messageCount = path.length;
  const last = path.findLast((m) => m.text.trim() !== '');
  // A user message's preview says what the user did, never our instruction or delimiters (issue #12).
  if (last) conversation.preview = last.role === 'user' ? userMessageSummary(last.text, PREVIEW_MAX_CHARS) : shorten(last.text, PREVIEW_MAX_CHARS);
  else delete conversation.preview;
}

/** A file's branch choices, keeping only those that name a message of the conversation (others mean nothing). */
export function knownChoices(branch: Readonly<Record<string, string>> | undefined, messages: readonly Placed[]): Record<string, string> | undefined {
  if (!branch) return undefined;
  const ids = new Set(messages.map((message) => message.id));
  const choices = Object.fromEntries(Object.entries(branch).filter(([, child]) => ids.has(child)));
  return Object.keys(choices).length > 0 ? choices : undefined;
}
