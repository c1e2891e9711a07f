// The toolbar popup: the model picker, New, a prompt box that continues the popup's last
// conversation (rendered like the panel: MessageText → Markdown), "Continue in side panel",
// Compare (handed to the panel: lib/pages/popup.ts says why) and a link to the options.
import { useComputed, useSignalEffect } from '@preact/signals';
import { useState } from 'preact/hooks';
import { currentLanguage, t } from '@/lib/shared/i18n';
import { stripContextBlocks } from '@/lib/protocol/context-blocks';
import type { PopupController } from '@/lib/pages/popup';
import type { MessageState } from '@/lib/pages/message-states';
import { ContextChips } from './ContextChips';
import { ActionsContext, useActions } from './context';
import { MessageText } from './MessageText';
import { PlusIcon, SendIcon, StopIcon } from './icons';
import { ModelPicker } from './ModelPicker';
import './styles/theme.css';
import './styles/popup.css';

function UserLine({ message }: { message: MessageState }) {
  const shown = useComputed(() => stripContextBlocks(message.text.value));
  return (
    <div class="popup-user">
      <ContextChips text={message.text} />
      <MessageText role="user" status="done" text={shown} />
    </div>
  );
}

export function AnswerLine({ message }: { message: MessageState }) {
  const actions = useActions();
  const record = message.record.value;
  // The same recovery as the panel: a Cloudflare check is verified in a playground tab and the
  // answer retried by the background; anything else is retried.
  const challenge = record.error?.code === 'challenge';
  return (
    <div class="popup-answer">
      <MessageText role="assistant" status={record.status} text={message.text} />
      {record.status === 'error' && (
        <>
          <p class="popup-error" role="alert" data-testid="error">
            {t('popupFailed', record.error?.message ?? t('errorGeneric'))}
          </p>
          <button
            type="button"
            class="button small"
            data-testid="error-action"
            onClick={() => (challenge ? actions.verify(message.id) : actions.regenerate(message.id))}
          >
            {challenge ? t('actionVerify') : t('actionRetry')}
          </button>
        </>
      )}
    </div>
  );
}

export function PopupApp({ popup }: { popup: PopupController }) {
  const { actions } = popup;
  const { store } = actions;
  const [draft, setDraft] = useState('');

  useSignalEffect(() => {
    const theme = store.settings.value.theme ?? 'system';
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
    document.documentElement.lang = currentLanguage();
  });

  const messages = store.messages.value;
  const pending = store.pending.value;
  const active = store.activeAnswer.value !== null;
  const notice = store.notice.value;
  const hasConversation = store.conversationId.value !== null || pending !== null;

  const submit = (event?: Event) => {
    event?.preventDefault();
    if (popup.ask(draft)) setDraft('');
  };
  const focusInput = () => document.getElementById('popup-input')?.focus();
  const compare = () => {
    if (!popup.compareInPanel(draft, () => store.showNotice(t('errorGeneric')))) {
      store.showNotice(t('compareTypeFirst'));
      focusInput();
    }
  };

  return (
    <ActionsContext.Provider value={actions}>
      <div class="popup" key={store.settings.value.language ?? 'auto'}>
        <header class="popup-header">
          <ModelPicker />
          <button
            type="button"
            class="button small popup-new"
            data-testid="new-chat"
            title={t('popupNewTitle')}
            onClick={() => {
              popup.newChat();
              focusInput();
            }}
          >
            <PlusIcon /> {t('popupNew')}
          </button>
          <button type="button" class="link-button" data-testid="popup-options" onClick={() => popup.openOptions()}>
            {t('popupOptions')}
          </button>
        </header>
        <form class="popup-form" onSubmit={submit}>
          <label class="visually-hidden" for="popup-input">
            {t('popupLabel')}
          </label>
          <textarea
            id="popup-input"
            class="popup-input"
            data-testid="composer"
            rows={2}
            autofocus
            value={draft}
            placeholder={t(hasConversation ? 'popupFollowUpPlaceholder' : 'popupPlaceholder')}
            onInput={(event) => setDraft(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) submit(event);
              else if (event.key === 'Escape' && active) {
                event.preventDefault();
                actions.stop();
              }
            }}
          />
          {active ? (
            <button type="button" class="icon-button" data-testid="stop" title={t('stopTitle')} aria-label={t('stopLabel')} onClick={() => actions.stop()}>
              <StopIcon />
            </button>
          ) : (
            <button type="submit" class="icon-button" data-testid="send" disabled={draft.trim() === ''} title={t('sendTitle')} aria-label={t('sendLabel')}>
              <SendIcon />
            </button>
          )}
        </form>
        {notice && (
          <p class="popup-error" role="alert" data-testid="error">
            {notice.text}
          </p>
        )}
        <div class="popup-thread" role="log" aria-label={t('conversationLabel')}>
          {messages.length === 0 && !pending && <p class="popup-empty">{t('popupEmpty')}</p>}
          {messages.map((message) =>
            message.role === 'user' ? <UserLine key={message.id} message={message} /> : <AnswerLine key={message.id} message={message} />,
          )}
          {pending && (
            <div class="popup-answer">
              <div class="message-text assistant-text" data-testid="message" data-role="assistant" data-status="queued" aria-busy="true" />
            </div>
          )}
        </div>
        <footer class="popup-footer">
          <button type="button" class="button" data-testid="continue-in-panel" onClick={() => popup.continueInPanel()}>
            {hasConversation ? t('popupContinue') : t('popupOpenPanel')}
          </button>
          <button
            type="button"
            class="button"
            data-testid="compare"
            title={t('popupCompareTitle')}
            disabled={pending !== null || active}
            onClick={compare}
          >
            {t('compareButton')}
          </button>
        </footer>
      </div>
    </ActionsContext.Provider>
  );
}
