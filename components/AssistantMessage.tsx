// An assistant answer: full width. The [data-testid=message] element holds only the answer text;
// reasoning, actions, meta and the error notice are its siblings.
import { t } from '@/lib/shared/i18n';
import type { MessageState } from '@/lib/pages/message-states';
import type { AnswerDetail } from '@/lib/protocol/messages';
import { useActions } from './context';
import { CopyButton } from './CopyButton';
import { ErrorNotice } from './ErrorNotice';
import { MessageMeta } from './MessageMeta';
import { MessageText } from './MessageText';
import { Reasoning } from './Reasoning';
import { VersionSwitcher } from './VersionSwitcher';
import { PlayIcon, RefreshIcon } from './icons';
import { copyText } from '@/lib/pages/clipboard';

const DETAIL_KEYS = {
  'waiting-for-capacity': 'answerWaitingForCapacity',
  recovering: 'answerRecovering',
  reconnecting: 'answerReconnecting',
} as const satisfies Record<AnswerDetail, string>;

/** Stable identity: Markdown skips unchanged blocks only while its callback stays the same. */
const copyCode = (code: string): void => void copyText(code);

// isLast: kept for callers; the end of an answer is announced by LiveAnnouncer now.
export function AssistantMessage({ message }: { message: MessageState; isLast?: boolean }) {
  const actions = useActions();
  const record = message.record.value;
  const status = record.status;
  const active = status === 'queued' || status === 'streaming';
  const canContinue = status === 'stopped' || status === 'interrupted';
  const busyElsewhere = !active && actions.store.activeAnswer.value !== null;
  return (
    <div class={`turn assistant-turn status-${status}`}>
      <Reasoning text={message.reasoning} active={active} />
      {status === 'queued' && (
        <p class="queued-note" aria-live="polite">
          {t('statusQueued')}
        </p>
      )}
      {status === 'streaming' && message.detail.value && (
        <p class="queued-note" data-testid="answer-detail" aria-live="polite">
          {t(DETAIL_KEYS[message.detail.value])}
        </p>
      )}
      <MessageText role="assistant" status={status} text={message.text} onCopyCode={copyCode} />
      {active && <span class="typing" aria-hidden="true" />}
      {status === 'stopped' && <p class="stopped-note">{t('statusStopped')}</p>}
      <ErrorNotice message={record} />
      {!active && (
        <div class="message-footer">
          <VersionSwitcher messageId={message.id} />
          <div class="message-actions">
            <CopyButton text={() => message.text.peek()} />
            <button
              type="button"
              class="icon-button ghost"
              data-testid="regenerate"
              title={t('regenerateTitle')}
              aria-label={t('regenerateTitle')}
              disabled={busyElsewhere}
              onClick={() => actions.regenerate(message.id)}
            >
              <RefreshIcon />
            </button>
            {canContinue && status === 'stopped' && (
              <button type="button" class="button small" data-testid="continue" disabled={busyElsewhere} onClick={() => actions.continueAnswer(message.id)}>
                <PlayIcon size={12} />
                {t('actionContinue')}
              </button>
            )}
          </div>
          <MessageMeta message={record} models={actions.store.models.value} />
        </div>
      )}
    </div>
  );
}
