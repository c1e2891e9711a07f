// Message versions (issue #12): a conversation is a tree. Each message names the one it follows
// (`parentId`, '' for the first); messages with the same parent are versions of one turn
// (Regenerate, Edit, and Compare put several answers under one question). `Conversation.branch`
// says which version is shown at each fork; without a choice the newest is shown.
// Rows stored before versions have no parentId: they form one chain by seq (each follows the
// legacy row with the greatest smaller seq), so old conversations read exactly as before.
// Pure functions over plain records, shared by storage, the engine and export.
import type { Message } from './records';

/** The parent key of a first message. */
export const ROOT = '';

type Node = Pick<Message, 'id' | 'seq' | 'parentId' | 'createdAt'>;

/** What a page needs to show "‹ 2/3 ›" on a visible message: `current` is 1-based, `ids` oldest first. */
export interface MessageVersions {
  current: number;
  count: number;
  ids: string[];
}

const byAge = (a: Node, b: Node) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Parent key of every message; legacy rows (no parentId) are chained by seq. */
export function parentsOf(messages: readonly Node[]): Map<string, string> {
  const parents = new Map<string, string>();
  const legacy = messages.filter((m) => m.parentId === undefined).sort((a, b) => a.seq - b.seq || byAge(a, b));
  // "The legacy row with the greatest smaller seq": rows sharing a seq (never written by FlareChat) get the same parent.
  let parent = ROOT;
  let previous: Node | undefined;
  for (const message of legacy) {
    if (previous && previous.seq < message.seq) parent = previous.id;
    parents.set(message.id, parent);
    previous = message;
  }
  for (const message of messages) if (message.parentId !== undefined) parents.set(message.id, message.parentId);
  return parents;
}

/** Parent key → its children, oldest first (createdAt, then id). */
export function childrenOf<T extends Node>(messages: readonly T[], parents = parentsOf(messages)): Map<string, T[]> {
  const children = new Map<string, T[]>();
  for (const message of [...messages].sort(byAge)) {
    const key = parents.get(message.id) ?? ROOT;
    const list = children.get(key);
    if (list) list.push(message);
    else children.set(key, [message]);
  }
  return children;
}

/**
 * The messages shown, first to last: from the root, at each fork the child `branch` names, else
 * the newest child.
 */
export function visiblePath<T extends Node>(messages: readonly T[], branch: Readonly<Record<string, string>> = {}): T[] {
  const children = childrenOf(messages);
  const path: T[] = [];
  const seen = new Set<string>();
  let key = ROOT;
  for (;;) {
    const kids = children.get(key);
    if (!kids?.length) return path;
    const chosen = kids.find((kid) => kid.id === branch[key]) ?? kids[kids.length - 1];
    if (seen.has(chosen.id)) return path; // a cycle in a hand-made file: stop rather than loop
    seen.add(chosen.id);
    path.push(chosen);
    key = chosen.id;
  }
}

/** The versions of a message's turn (itself and its siblings), oldest first. */
export function versionsOf<T extends Node>(message: Node, messages: readonly T[]): T[] {
  const parents = parentsOf(messages);
  return childrenOf(messages, parents).get(parents.get(message.id) ?? ROOT) ?? [];
}

/** The message and everything before it on its own branch, first to last. */
export function ancestryOf<T extends Node>(message: T, messages: readonly T[]): T[] {
  const parents = parentsOf(messages);
  const byId = new Map(messages.map((m) => [m.id, m]));
  const chain: T[] = [message];
  const seen = new Set([message.id]);
  for (let key = parents.get(message.id) ?? ROOT; key !== ROOT; key = parents.get(key) ?? ROOT) {
    const parent = byId.get(key);
    if (!parent || seen.has(key)) break;
    seen.add(key);
    chain.unshift(parent);
  }
  return chain;
}

/**
 * The branch choices that show `message` (and keep its ancestors shown). Only forks get an entry,
 * so the map stays as small as the number of forks.
 */
export function branchShowing(message: Node, messages: readonly Node[], branch: Readonly<Record<string, string>> = {}): Record<string, string> {
  const parents = parentsOf(messages);
  const children = childrenOf(messages, parents);
  const next = { ...branch };
  for (const m of ancestryOf(message, messages)) {
    const key = parents.get(m.id) ?? ROOT;
    if ((children.get(key)?.length ?? 0) > 1) next[key] = m.id;
  }
  return next;
}

/** Versions of each message on `path` that has more than one (the others need no switcher). */
export function pathVersions(path: readonly Node[], messages: readonly Node[]): Record<string, MessageVersions> {
  const parents = parentsOf(messages);
  const children = childrenOf(messages, parents);
  const out: Record<string, MessageVersions> = {};
  for (const message of path) {
    const siblings = children.get(parents.get(message.id) ?? ROOT) ?? [];
    if (siblings.length < 2) continue;
    const ids = siblings.map((s) => s.id);
    out[message.id] = { current: ids.indexOf(message.id) + 1, count: ids.length, ids };
  }
  return out;
}
