// A new turn's rows in one transaction (issue #16): the conversation (created, or with the options
// the page sent), the user's message and the empty answer. A turn used to take three or four
// transactions before its chat frame could leave; engine/turns.ts sends the frame while this one
// commits, and says why that loses nothing.
import { fromStored, toStored, withWriteTx } from './db';
import { addConversation, requireConversation, setConversationSettings } from './conversations';
import { withoutUndefined, writeMessage } from './messages';
import type { ConversationSettings } from './validate';
import type { Conversation, Message } from '../../protocol/records';

export interface TurnRows {
  conversation: Conversation;
  /** The conversation is new: add it first. */
  create?: boolean;
  /** Options to store on an existing conversation (only the keys that changed). */
  settings?: Partial<ConversationSettings>;
  /** New messages, each after the one it follows. */
  messages: Message[];
}

/** Stores the turn atomically: all of it, or nothing (StorageError as for putMessage). */
export function storeTurn(rows: TurnRows): Promise<void> {
  return withWriteTx(async (tx) => {
    if (rows.create) await addConversation(tx, rows.conversation);
    else if (rows.settings) {
      const row = await requireConversation(tx, rows.conversation.id);
      setConversationSettings(row, rows.settings);
      await tx.objectStore('conversations').put(toStored(fromStored(row)));
    }
    for (const message of rows.messages) await writeMessage(tx, withoutUndefined(message), undefined);
  });
}
