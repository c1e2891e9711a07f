// The prompt box. Enter sends, Shift+Enter adds a line, IME composition never sends. Esc (stop a
// streaming answer) is the App's: components/escape-layers.ts. It stays enabled while a turn
// waits: a typed prompt waits with it.
import { useLayoutEffect, useRef } from 'preact/hooks';
import { t } from '@/lib/shared/i18n';
import { MAX_PROMPT_CHARS } from '@/lib/shared/limits';
import { useActions } from './context';
import { ComposerQuote } from './QuoteChip';
import { PageChip } from './PageChip';
import { CompareControls } from './compare/CompareControls';
import { SendIcon, StopIcon } from './icons';
import './styles/composer.css';

/** Show the character count from this share of the limit on. */
const COUNT_FROM = 0.8;

export function Composer() {
  const actions = useActions();
  const { store } = actions;
  const textarea = useRef<HTMLTextAreaElement>(null);
  const composing = useRef(false);
  const draft = store.draft.value;
  const streaming = store.activeAnswer.value !== null;
  const tooLong = draft.length > MAX_PROMPT_CHARS;
  const empty = draft.trim() === '';

  // Auto-grow: reset, then fit the content (CSS caps the height).
  useLayoutEffect(() => {
    const el = textarea.current;
    if (!el) return;
    el.style.height = 'auto';
    if (el.scrollHeight > 0) el.style.height = `${el.scrollHeight}px`;
  }, [draft]);

  const submit = () => {
    const text = store.draft.peek();
    if (text.trim() === '') return;
    if (text.length > MAX_PROMPT_CHARS) {
      store.showNotice(t('errorPromptTooLong', MAX_PROMPT_CHARS.toLocaleString()));
      return;
    }
    const context = store.draftContext.peek();
    if (actions.send(context ? `${text.trim()}\n\n${context}` : text)) {
      store.draft.value = '';
      store.draftContext.value = null;
    }
    textarea.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' || event.shiftKey) return;
    // IME: the Enter that commits a composition must not send (keyCode 229 covers Safari/old Chrome).
    if (event.isComposing || composing.current || event.keyCode === 229) return;
    event.preventDefault();
    submit();
  };

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <PageChip />
      <ComposerQuote />
      <label class="visually-hidden" for="composer-input">
        {t('composerLabel')}
      </label>
      <textarea
        id="composer-input"
        ref={textarea}
        data-testid="composer"
        class="composer-input"
        rows={1}
        value={draft}
        placeholder={t('composerPlaceholder')}
        aria-describedby="composer-hint"
        onInput={(event) => {
          store.draft.value = event.currentTarget.value;
          if (event.currentTarget.value.trim() !== '') actions.typing();
        }}
        onKeyDown={onKeyDown}
        onCompositionStart={() => (composing.current = true)}
        onCompositionEnd={() => (composing.current = false)}
      />
      <div class="composer-bar">
        <span id="composer-hint" class="composer-hint">
          {draft.length >= MAX_PROMPT_CHARS * COUNT_FROM ? (
            <span class={tooLong ? 'char-count over' : 'char-count'} aria-live="polite">
              {t('charCount', draft.length.toLocaleString(), MAX_PROMPT_CHARS.toLocaleString())}
            </span>
          ) : (
            <span class="keys-hint">{t('composerHint')}</span>
          )}
        </span>
        <CompareControls draft={draft} onStarted={() => ((store.draft.value = ''), (store.draftContext.value = null))} />
        {streaming && (
          <button
            type="button"
            class="icon-button stop-button"
            data-testid="stop"
            title={t('stopTitle')}
            aria-label={t('stopLabel')}
            onClick={() => actions.stop()}
          >
            <StopIcon />
          </button>
        )}
        <button
          type="submit"
          class="icon-button send-button"
          data-testid="send"
          disabled={empty}
          title={t('sendTitle')}
          aria-label={t('sendLabel')}
        >
          <SendIcon />
        </button>
      </div>
    </form>
  );
}
