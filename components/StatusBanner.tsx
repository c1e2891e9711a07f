// Panel-level state that belongs to no single answer: a lost connection, a refused request.
import { t } from '@/lib/shared/i18n';
import { useActions } from './context';
import { CloseIcon } from './icons';

export function StatusBanner() {
  const { store } = useActions();
  const connection = store.connection.value;
  const notice = store.notice.value;
  return (
    <>
      {connection === 'reconnecting' && (
        <p class="banner info" role="status" data-testid="connection-status">
          {t('statusReconnecting')}
        </p>
      )}
      {notice && (
        <div class="banner error" role="alert">
          <span data-testid="error">{notice.text}</span>
          <button type="button" class="icon-button ghost" aria-label={t('actionDismiss')} title={t('actionDismiss')} onClick={() => (store.notice.value = null)}>
            <CloseIcon size={14} />
          </button>
        </div>
      )}
    </>
  );
}
