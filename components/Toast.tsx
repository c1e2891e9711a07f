import { t } from '@/lib/shared/i18n';
import { useActions } from './context';
import { CloseIcon } from './icons';

export function Toast() {
  const actions = useActions();
  const toast = actions.toast.value;
  if (!toast) return null;
  return (
    <div class="toast" role="status" data-testid="toast">
      <span class="toast-text">{toast.text}</span>
      {toast.action && toast.actionLabel && (
        <button
          type="button"
          class="button small"
          data-testid="toast-action"
          onClick={() => {
            toast.action?.();
            actions.dismissToast();
          }}
        >
          {toast.actionLabel}
        </button>
      )}
      <button type="button" class="icon-button ghost" aria-label={t('actionDismiss')} title={t('actionDismiss')} onClick={() => actions.dismissToast()}>
        <CloseIcon size={14} />
      </button>
    </div>
  );
}
