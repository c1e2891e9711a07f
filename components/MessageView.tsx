import type { MessageState } from '@/lib/pages/message-states';
import { AssistantMessage } from './AssistantMessage';
import { RenderGuard } from './RenderGuard';
import { UserMessage } from './UserMessage';

/** What a message shows if rendering it throws: its text, plain, so the rest of the list still works (issue #11). */
function PlainMessage({ message }: { message: MessageState }) {
  return (
    <div class={`turn ${message.role === 'user' ? 'user-turn' : 'assistant-turn'}`}>
      <div class="message-text" data-testid="message" data-role={message.role} data-render-failed="true">
        {message.text.value}
      </div>
    </div>
  );
}

export function MessageView({ message, isLast }: { message: MessageState; isLast: boolean }) {
  return (
    <RenderGuard fallback={() => <PlainMessage message={message} />}>
      {message.role === 'user' ? <UserMessage message={message} /> : <AssistantMessage message={message} isLast={isLast} />}
    </RenderGuard>
  );
}
