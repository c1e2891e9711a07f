// Every playground instance a conversation wrote to, so deleting it clears each server copy (issue
// #17 "Private sessions"): its own instance, plus one per comparison column (issue #15), which runs
// on an instance of its own derived from the conversation's private name and the column's random
// id (as unguessable, and the same for every attempt of that column).
import type { Conversation, Message } from '@/lib/protocol/records';
import type { WriteTx } from './db';

/**
 * The instance a model-written title is asked on (issue #12, lib/background/engine/titles.ts): never
 * the conversation's own, whose server-side transcript would take the title prompt in as a turn.
 * The conversation's whole private name plus a fixed suffix: as unguessable, the same for every
 * attempt (a restarted worker clears the right one), and recognisable as a title request (the e2e
 * helpers leave it out when they count what the model got).
 */
export const TITLE_INSTANCE_SUFFIX = '-title';

export function titleSessionName(conversation: Pick<Conversation, 'sessionName'>): string {
  return `${conversation.sessionName}${TITLE_INSTANCE_SUFFIX}`;
}

export function columnSessionName(conversation: Pick<Conversation, 'sessionName'>, column: Pick<Message, 'id'>): string {
  return `${conversation.sessionName.slice(0, 11)}${column.id.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 11)}`;
}

/** The conversation's instance and its comparison columns' instances, read before its rows go. */
export async function instanceNamesOf(tx: WriteTx, conversation: Pick<Conversation, 'id' | 'sessionName'>): Promise<string[]> {
  const rows = await tx
    .objectStore('messages')
    .index('by-conversation')
    .getAll(IDBKeyRange.bound([conversation.id, -Infinity], [conversation.id, Infinity]));
  return [conversation.sessionName, ...rows.filter((m) => m.compareGroup).map((m) => columnSessionName(conversation, m))];
}

/** "Delete all": every comparison column's instance, walked with a cursor (no full copy in memory). */
export async function columnInstanceNames(tx: WriteTx, sessionNames: ReadonlyMap<string, string>): Promise<string[]> {
  const names: string[] = [];
  for (let cursor = await tx.objectStore('messages').openCursor(); cursor; cursor = await cursor.continue()) {
    const message = cursor.value;
    const sessionName = message.compareGroup ? sessionNames.get(message.conversationId) : undefined;
    if (sessionName) names.push(columnSessionName({ sessionName }, message));
  }
  return names;
}
