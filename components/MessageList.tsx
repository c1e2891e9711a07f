// The conversation. Follows new text until the reader scrolls up by their own input
// (scroll-follow.ts), and offers "Jump to latest" until they come back.
import { useSignal, useSignalEffect } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '@/lib/shared/i18n';
import { stripContextBlocks } from '@/lib/protocol/context-blocks';
import { useActions } from './context';
import { ArrowDownIcon } from './icons';
import { MessageView } from './MessageView';
import { renderCompareTurn } from './compare/turn';
import { EmptyState } from './EmptyState';
import { LiveAnnouncer } from './LiveAnnouncer';
import { attachFollower, ScrollFollower } from './scroll-follow';
import './styles/messages.css';

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
  const column = useRef<HTMLDivElement>(null);
  const following = useSignal(true);
  const follower = useRef<ScrollFollower | null>(null);
  follower.current ??= new ScrollFollower((value) => (following.value = value));
  useEffect(() => (scroller.current ? attachFollower(scroller.current, follower.current!) : undefined), []);

  // Where our own last scroll to the bottom left the list: a list that is no longer there was
  // scrolled by something else (find in page, focus moving to a link, scrollIntoView).
  const pinnedTop = useRef(0);
  const scrollToBottom = (smooth: boolean) => {
    const el = scroller.current;
    if (!el) return;
    if (smooth && !reducedMotion() && typeof el.scrollTo === 'function') el.scrollTo({ top: el.scrollHeight, behavior: 'smooth' });
    else el.scrollTop = el.scrollHeight;
    pinnedTop.current = smooth ? el.scrollHeight - el.clientHeight : el.scrollTop;
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
    follower.current?.follow();
    afterRender(() => scrollToBottom(false));
  });

  const messages = store.messages.value;
  const pending = store.pending.value;
  const waiting = store.waiting.value;
  const empty = messages.length === 0 && !pending && waiting === null;
  const compareShown = new Set<string>();

  // Content that grows with no new frame must not leave a following reader short of the bottom:
  // blocks of a long answer are laid out only once they come into view (content-visibility in
  // markdown.css), so the blocks a scroll to the bottom brings into view grow from their size
  // estimate after it. A ResizeObserver runs after layout and before paint: no visible jump.
  // Only a list still where we left it is taken back down: Ctrl+F or Tab bringing an earlier block
  // into view grows that block too, and must not be undone.
  // https://developer.mozilla.org/docs/Web/API/ResizeObserver
  useEffect(() => {
    const el = column.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const stillPinned = () => (scroller.current?.scrollTop ?? 0) >= pinnedTop.current - 2;
    const observer = new ResizeObserver(() => following.peek() && stillPinned() && scrollToBottom(false));
    observer.observe(el);
    return () => observer.disconnect();
  }, [empty]);
  return (
    <div class="message-list-wrap">
      <div class="message-list" ref={scroller} data-testid="message-list" role="log" aria-live="off" aria-label={t('conversationLabel')}>
        {empty ? (
          <EmptyState />
        ) : (
          <div class="message-column" ref={column}>
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
            follower.current?.follow();
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
