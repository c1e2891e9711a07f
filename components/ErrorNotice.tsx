// In place, under a failed answer: what happened, in one sentence, and the one action that helps;
// the raw detail (codes, browser texts) behind a disclosure (issue #12).
import { t, type MessageKey } from '@/lib/shared/i18n';
import { MODEL_UNAVAILABLE_CODES, type ErrorCode } from '@/lib/shared/errors';
import { alternativeModel } from '@/lib/shared/models';
import { lighterModel } from '@/lib/pages/chat-settings';
import { openConnectionSection } from '@/lib/pages/doctor-client';
import type { Message } from '@/lib/protocol/records';
import { useActions } from './context';
import { AlertIcon } from './icons';
import { RetryCountdown } from './RetryCountdown';
import './styles/error-notice.css';

const TEXT: Record<ErrorCode, MessageKey> = {
  challenge: 'errorChallenge',
  'rate-limited': 'errorRateLimited',
  'bad-request': 'errorBadRequest',
  'not-found': 'errorNotFound',
  upstream: 'errorUpstream',
  network: 'errorNetwork',
  timeout: 'errorTimeout',
  aborted: 'errorAborted',
  protocol: 'errorProtocol',
  'model-not-found': 'errorModelNotFound',
  capacity: 'errorCapacity',
  'model-deprecated': 'errorModelDeprecated',
  'model-paid': 'errorModelPaid',
};

export function errorText(code: ErrorCode | undefined): string {
  return t(code ? (TEXT[code] ?? 'errorGeneric') : 'errorGeneric');
}

/** Whether a message gets a notice at all (a user stop is not an error). */
export function needsNotice(message: Message): boolean {
  return message.status === 'error' || message.status === 'interrupted';
}

export function ErrorNotice({ message }: { message: Message }) {
  const actions = useActions();
  const { store } = actions;
  if (!needsNotice(message)) return null;
  const retry = () => actions.regenerate(message.id);

  if (message.status === 'interrupted') {
    return (
      <div class="error-notice" role="alert">
        <AlertIcon />
        <div class="error-body">
          <p class="error-text" data-testid="error">
            {t('errorInterrupted')}
          </p>
          <div class="error-actions">
            <button type="button" class="button primary" data-testid="error-action" onClick={() => actions.continueAnswer(message.id)}>
              {t('actionContinue')}
            </button>
            <button type="button" class="button" data-testid="error-retry" onClick={retry}>
              {t('actionRetry')}
            </button>
          </div>
        </div>
      </div>
    );
  }

  const code = message.error?.code;
  const detail = message.error?.message;
  const human = errorText(code);
  const current = message.model ?? store.selectedModel.value;
  // The model itself cannot answer (issue #17): offer the best other model; a retry of the same
  // model makes sense only when it is merely out of capacity.
  const modelDown = code !== undefined && MODEL_UNAVAILABLE_CODES.includes(code);
  const lighter = code === 'rate-limited' ? lighterModel(store.models.value, current) : modelDown ? alternativeModel(store.models.value, current) : null;
  const canRetry = !modelDown || code === 'capacity';
  return (
    <div class="error-notice" role="alert" data-code={code}>
      <AlertIcon />
      <div class="error-body">
        <p class="error-text" data-testid="error">
          {human}
        </p>
        {message.error?.retryAt !== undefined && <RetryCountdown retryAt={message.error.retryAt} />}
        {/* Only when no button offers another model: never advice to do by hand what a button does. */}
        {modelDown && !lighter && <p class="error-hint">{t('hintChooseModel')}</p>}
        <div class="error-actions">
          {code === 'challenge' ? (
            <>
              <button type="button" class="button primary" data-testid="error-action" onClick={() => actions.verify(message.id)}>
                {t('actionVerify')}
              </button>
              <button type="button" class="button" data-testid="error-retry" onClick={retry}>
                {t('actionRetry')}
              </button>
            </>
          ) : canRetry ? (
            <button type="button" class="button primary" data-testid="error-action" onClick={retry}>
              {t('actionRetry')}
            </button>
          ) : null}
          {lighter && !modelDown && (
            <button type="button" class="button" data-testid="error-lighter" onClick={() => actions.regenerate(message.id, lighter.id)}>
              {t('actionTryLighter', lighter.label)}
            </button>
          )}
          {/* issue #17: this answer by the alternative; the conversation keeps its model. */}
          {lighter && modelDown && (
            <button type="button" class="button primary" data-testid="error-answer-with" data-model={lighter.id} onClick={() => actions.answerWith(message.id, lighter.id)}>
              {t('actionAnswerWith', lighter.label)}
            </button>
          )}
        </div>
        {/* issue #12: raw codes and browser texts ("Failed to fetch") stay out of the main line. */}
        {detail && detail !== human && (
          <details class="error-details">
            <summary>{t('errorDetails')}</summary>
            <p class="error-detail">{detail}</p>
          </details>
        )}
        {/* issue #14: every connection problem can explain itself. */}
        {code !== 'aborted' && <p class="error-hint">
          <a href="#" data-testid="error-self-test" onClick={(event) => (event.preventDefault(), void openConnectionSection())}>
            {t('doctorSelfTestLink')}
          </a>
        </p>}
      </div>
    </div>
  );
}
