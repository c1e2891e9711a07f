// The conversation. Follows new text while the reader is at the bottom; stops following when they
// scroll up, and offers "Jump to latest" until they come back.
import { useSignal, useSignalEffect } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { t } from '@/lib/shared/i18n';
import { stripContextBlocks } from '@/lib/protocol/context-blocks';
import { useActions } from './context';
import { ArrowDownIcon } from './icons';
import { MessageView } from './MessageView';
import { renderCompareTurn } from './compare/turn';
import { EmptyState } from './EmptyState';
import { LiveAnnouncer } from './LiveAnnouncer';
import './styles/messages.css';

/** Within this many px of the bottom counts as "at the bottom". */
export const STICK_THRESHOLD_PX = 48;

function afterRender(callback: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => callback());
  else setTimeout(callback, 0);
}

function reducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

export function MessageList() {
  const { store } = useActions();
  const scroller = useRef<HTMLDivElement>(null);
  const following = useSignal(true);

  const scrollToBottom = (smooth: boolean) => {
    const el = scroller.current;
    if (!el) return;
    if (smooth && !reducedMotion() && typeof el.scrollTo === 'function') el.scrollTo({ top: el.scrollHeight, behavior: 'smooth' });
    else el.scrollTop = el.scrollHeight;
  };

  // New content: follow it if the reader is at the bottom.
  useSignalEffect(() => {
    void store.contentVersion.value;
    void store.messages.value;
    if (following.peek()) afterRender(() => following.peek() && scrollToBottom(false));
  });

  // The reader sent something: take them to it.
  useSignalEffect(() => {
    if (store.followRequest.value === 0) return;
    following.value = true;
    afterRender(() => scrollToBottom(false));
  });

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const distance = el.scrollHeight - el.scrollTop - el.clientHeight;
    following.value = distance <= STICK_THRESHOLD_PX;
  };

  const messages = store.messages.value;
  const pending = store.pending.value;
  const waiting = store.waiting.value;
  const empty = messages.length === 0 && !pending && waiting === null;
  const compareShown = new Set<string>();
  return (
    <div class="message-list-wrap">
      <div class="message-list" ref={scroller} onScroll={onScroll} data-testid="message-list" role="log" aria-live="off" aria-label={t('conversationLabel')}>
        {empty ? (
          <EmptyState />
        ) : (
          <div class="message-column">
            {messages.map((message, index) => renderCompareTurn(store, message, compareShown) ?? (
              <MessageView key={message.id} message={message} isLast={index === messages.length - 1} />
            ))}
            {pending && (
              <>
                <div class="turn user-turn">
                  <div class="message-text user-text" data-testid="message" data-role="user">
                    {stripContextBlocks(pending.text)}
                  </div>
                </div>
                <div class="turn assistant-turn status-queued">
                  <div class="message-text assistant-text" data-testid="message" data-role="assistant" data-status="queued" aria-busy="true" />
                  <span class="typing" aria-hidden="true" />
                </div>
              </>
            )}
            {waiting !== null && (
              <div class="turn user-turn waiting" data-testid="waiting-prompt">
                <div class="message-text user-text">{waiting}</div>
                <p class="waiting-note">
                  {t('waitingNote')}{' '}
                  <button
                    type="button"
                    class="link-button"
                    onClick={() => {
                      if (!store.draft.peek()) store.draft.value = waiting;
                      store.waiting.value = null;
                    }}
                  >
                    {t('actionCancel')}
                  </button>
                </p>
              </div>
            )}
          </div>
        )}
      </div>
      {!following.value && !empty && (
        <button
          type="button"
          class="jump-latest"
          data-testid="jump-latest"
          onClick={() => {
            following.value = true;
            scrollToBottom(true);
          }}
        >
          <ArrowDownIcon size={14} />
          {t('jumpToLatest')}
        </button>
      )}
      {/* Streamed answers are announced here, throttled (role=log above is aria-live=off). */}
      <LiveAnnouncer />
    </div>
  );
}
