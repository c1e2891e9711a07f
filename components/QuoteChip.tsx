// What a right-click action looks like to the user (issue #12): the action's name and the quoted
// selection or page, expandable to the full text sent; the composer's quoted selection for
// "Ask FlareChat about this". Never the instruction or the delimiter markup.
import type { ReadonlySignal } from '@preact/signals';
import { t } from '@/lib/shared/i18n';
import { contextTexts, firstWords, userMessageView } from '@/lib/protocol/context-blocks';
import { pageAttachmentSlot } from '@/lib/pages/page-attachment';
import { useActions } from './context';
import { CloseIcon } from './icons';
import './styles/context.css';

const QUOTE_WORDS = 80;

/** "Summarize · “first words…”" with a disclosure holding the full quoted text. */
export function ActionQuote({ text }: { text: ReadonlySignal<string> }) {
  const view = userMessageView(text.value);
  if (!view.action) return null;
  return (
    <div class="action-quote" data-testid="action-quote">
      <p class="action-line">
        <span class="action-label" data-testid="action-label">{view.action}</span>
        {view.quote && <span class="action-excerpt"> · “{firstWords(view.quote, QUOTE_WORDS)}”</span>}
      </p>
      {view.quote && (
        <details class="action-full">
          <summary>{t('actionQuoteShow')}</summary>
          <blockquote class="quote-text" data-testid="action-full-text">{view.quote}</blockquote>
        </details>
      )}
    </div>
  );
}

/** The selection waiting in the composer, as a chip that can be removed. */
export function ComposerQuote() {
  const { store } = useActions();
  const context = store.draftContext.value;
  // A page, PDF or transcript from "Use this page" shows as the page chip instead (issue #13).
  if (!context || context === pageAttachmentSlot.value?.current.value?.block) return null;
  const quote = contextTexts(context)[0] ?? '';
  return (
    <div class="composer-quote" data-testid="composer-quote" role="group" aria-label={t('composerQuoteLabel')}>
      <span class="composer-quote-text" title={quote}>“{firstWords(quote, QUOTE_WORDS)}”</span>
      <button
        type="button"
        class="icon-button ghost"
        data-testid="composer-quote-remove"
        aria-label={t('composerQuoteRemove')}
        title={t('composerQuoteRemove')}
        onClick={() => (store.draftContext.value = null)}
      >
        <CloseIcon />
      </button>
    </div>
  );
}
