// Shared test helpers: a brand-new IndexedDB per test and compact message builders.
import { IDBFactory } from 'fake-indexeddb';
import { closeDb } from '@/lib/background/storage/db';
import { putMessage } from '@/lib/background/storage/messages';
import type { Message, MessageRole, MessageStatus } from '@/lib/protocol/records';

export async function freshDb(): Promise<void> {
  await closeDb();
  globalThis.indexedDB = new IDBFactory();
}

let counter = 0;

export function makeMessage(conversationId: string, seq: number, role: MessageRole, text: string, extra: Partial<Message> = {}): Message {
  counter++;
  const status: MessageStatus = role === 'user' ? 'done' : 'done';
  return {
    id: `m-${conversationId}-${seq}-${counter}`,
    conversationId,
    seq,
    role,
    text,
    status,
    createdAt: 1_700_000_000_000 + seq,
    updatedAt: 1_700_000_000_000 + seq,
    ...extra,
  };
}

export async function addMessages(conversationId: string, texts: [MessageRole, string][]): Promise<Message[]> {
  const out: Message[] = [];
  for (const [i, [role, text]] of texts.entries()) out.push(await putMessage(makeMessage(conversationId, i, role, text)));
  return out;
}

/** Lets Date.now() move forward so updatedAt orderings are deterministic. */
export function tick(ms = 2): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
