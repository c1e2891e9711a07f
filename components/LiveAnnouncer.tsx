// The side panel's polite live region (issue #7): the streamed answer is read in sentence-sized
// chunks at most every 1.5 s (lib/pages/announcer.ts), then "Answer complete". The message list itself
// is aria-live="off", so a screen reader is not handed every token.
import { useSignal, useSignalEffect } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { t } from '@/lib/shared/i18n';
import { AnswerAnnouncer, type AnswerEnd } from '@/lib/pages/announcer';
import type { MessageState } from '@/lib/pages/message-states';
import { useActions } from './context';

const endText = (end: AnswerEnd): string =>
  end === 'done' ? t('announceDone') : end === 'stopped' ? t('statusStopped') : end === 'error' ? t('announceError') : t('errorInterrupted');

export function LiveAnnouncer() {
  const { store } = useActions();
  const spoken = useSignal('');
  const tracked = useSignal<MessageState | null>(null);
  const announcer = useMemo(
    () =>
      new AnswerAnnouncer((text) => {
        // The same words twice in a row would not be re-read: a zero-width marker makes them new.
        spoken.value = spoken.peek() === text ? `${text}\u200b` : text;
      }, endText),
    [],
  );
  useEffect(() => () => announcer.dispose(), []);

  // Follow the answer being written (a new one replaces the old).
  useSignalEffect(() => {
    const active = store.activeAnswer.value;
    if (active && active !== tracked.peek()) tracked.value = active;
  });

  useSignalEffect(() => {
    const message = tracked.value;
    if (!message) return;
    const status = message.record.value.status;
    const text = message.text.value;
    if (status === 'queued' || status === 'streaming') {
      announcer.update(message.id, text);
      return;
    }
    // 'error' is announced by the error notice (role=alert); the region only says it ended.
    announcer.finish(message.id, status, text);
    tracked.value = null;
  });

  return (
    <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="live-announcer">
      {spoken.value}
    </div>
  );
}
