import { useEffect, useRef } from 'preact/hooks';
import { t } from '@/lib/shared/i18n';
import type { MessageState } from '@/lib/pages/message-states';
import type { ModelInfo } from '@/lib/shared/models';
import { AssistantMessage } from './AssistantMessage';
import { useActions } from './context';
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

/**
 * Every button of a message is described by the message's label ("Copy", described "FlareChat said,
 * Llama 3.3"), including the buttons that appear once the answer ends: the message components stay
 * as they are (issue #12).
 */
const UNDESCRIBED = 'button:not([aria-describedby]), summary:not([aria-describedby])';

function useDescribedButtons(wrap: { current: HTMLElement | null }, labelId: string): void {
  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const describe = (root: Element) => {
      if (root.matches(UNDESCRIBED)) root.setAttribute('aria-describedby', labelId);
      for (const button of root.querySelectorAll(UNDESCRIBED)) button.setAttribute('aria-describedby', labelId);
    };
    describe(el);
    // Only what was added is searched: a streaming answer adds blocks many times a second, and
    // searching its whole subtree each time cost O(answer) per frame (issue #16).
    const observer = new MutationObserver((records) => {
      for (const record of records) for (const node of record.addedNodes) if (node.nodeType === Node.ELEMENT_NODE) describe(node as Element);
    });
    observer.observe(el, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [labelId]);
}

function assistantLabel(message: MessageState, models: readonly ModelInfo[]): string {
  let modelId: string | undefined;
  try {
    modelId = message.record.value.model;
  } catch {
    // A record that cannot be read is the RenderGuard's to show; the label stays generic.
  }
  const model = modelId && (models.find((m) => m.id === modelId)?.label ?? modelId.split('/').pop());
  return model ? t('messageLabelAssistantModel', model) : t('messageLabelAssistant');
}

export function MessageView({ message, isLast }: { message: MessageState; isLast: boolean }) {
  const { store } = useActions();
  const wrap = useRef<HTMLDivElement>(null);
  const labelId = `message-label-${message.id}`;
  useDescribedButtons(wrap, labelId);
  // "You said" / "FlareChat said, <model>" (issue #12): the group a screen reader enters, and what each button describes.
  const label = message.role === 'user' ? t('messageLabelUser') : assistantLabel(message, store.models.value);
  return (
    <div class="message-group" ref={wrap} role="group" aria-labelledby={labelId} data-testid="message-group">
      <span id={labelId} class="visually-hidden">
        {label}
      </span>
      <RenderGuard fallback={() => <PlainMessage message={message} />}>
        {message.role === 'user' ? <UserMessage message={message} /> : <AssistantMessage message={message} isLast={isLast} />}
      </RenderGuard>
    </div>
  );
}
