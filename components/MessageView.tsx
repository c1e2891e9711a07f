import type { MessageState } from '@/lib/pages/chat-store';
import { AssistantMessage } from './AssistantMessage';
import { UserMessage } from './UserMessage';

export function MessageView({ message, isLast }: { message: MessageState; isLast: boolean }) {
  return message.role === 'user' ? <UserMessage message={message} /> : <AssistantMessage message={message} isLast={isLast} />;
}
