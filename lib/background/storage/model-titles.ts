// Model-written titles (issue #12, lib/background/engine/titles.ts): the conversation rows' side.
import { fromStored, withWriteTx } from './db';
import { refreshTitleTerms } from './search-index';
import type { Conversation } from '../../protocol/records';

/**
 * Model-written titles (issue #12, lib/background/engine/titles.ts): takes the conversation's one
 * attempt, in the same transaction that checks it is still wanted. Undefined (nothing written) when
 * the conversation is gone or deleted, was renamed by the user, or was asked for a title before.
 */
export function claimTitleRequest(id: string): Promise<Conversation | undefined> {
  return withWriteTx(async (tx) => {
    const row = await tx.objectStore('conversations').get(id);
    if (!row || row.deletedAt !== undefined || row.titleEdited || row.titleAsked) return undefined;
    row.titleAsked = true;
    await tx.objectStore('conversations').put(row);
    return fromStored(row);
  });
}

/**
 * Stores the model's title unless the user renamed the conversation meanwhile (or it is gone). Like
 * a rename it keeps the conversation's place in the list (updatedAt unchanged).
 */
export function setModelTitle(id: string, title: string): Promise<Conversation | undefined> {
  return withWriteTx(async (tx) => {
    const row = await tx.objectStore('conversations').get(id);
    if (!row || row.deletedAt !== undefined || row.titleEdited || !title) return undefined;
    await Promise.all(refreshTitleTerms(tx, id, row.title, title));
    row.title = title;
    await tx.objectStore('conversations').put(row);
    return fromStored(row);
  });
}
