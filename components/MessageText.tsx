// The rendered text of one message. Assistant text goes through the one rich renderer
// (components/Markdown.tsx); user text stays plain. Reads the text signal itself, so a streamed
// delta re-renders this node only.
import type { ReadonlySignal } from '@preact/signals';
import type { MessageRole, MessageStatus } from '@/lib/protocol/records';
import { Markdown } from './Markdown';

interface Props {
  role: MessageRole;
  status: MessageStatus;
  text: ReadonlySignal<string>;
  onCopyCode?: (code: string) => void;
  /** Shown before a user message's text (a right-click action's name and quote). */
  children?: preact.ComponentChildren;
}

export function MessageText({ role, status, text, onCopyCode, children }: Props) {
  const value = text.value;
  if (role === 'user') {
    return (
      <div class="message-text user-text" data-testid="message" data-role="user">
        {children}
        {value}
      </div>
    );
  }
  const streaming = status === 'streaming' || status === 'queued';
  return (
    <div
      class="message-text assistant-text"
      data-testid="message"
      data-role="assistant"
      data-status={status}
      aria-busy={streaming ? 'true' : 'false'}
    >
      <Markdown text={value} streaming={streaming} onCopyCode={onCopyCode} />
    </div>
  );
}
