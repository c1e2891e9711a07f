// What a comparison's column (issue #15) runs with, instead of the conversation's defaults: its own
// model (stored on the column when the comparison started) and its own playground instance, so
// three answers written at once never share one agents instance's model setting or transcript
// (docs/playground-protocol.md: the instance keeps one model config and merges every chat into
// one transcript). The column's instance is derived from the conversation's private name and the
// column's random id: as unguessable, and the same for every attempt of that column.
import type { Conversation, Message } from '@/lib/protocol/records';
import { columnSessionName } from '@/lib/background/storage/instance-names';

export { columnSessionName };

export function columnModel(target: Pick<Message, 'compareGroup' | 'model'>): string | undefined {
  return target.compareGroup ? target.model : undefined;
}

export function columnConversation(conversation: Conversation, target: Pick<Message, 'compareGroup' | 'id'>): Conversation {
  return target.compareGroup ? { ...conversation, sessionName: columnSessionName(conversation, target) } : conversation;
}
