// The page's one toast (a delete with Undo, an import's count). Keyboard (issue #12): while History
// is open the toast joins its Tab cycle (focus-trap.ts FOCUS_COMPANION), and while focus is in
// History or in the toast it stays until dismissed (no 6-second race for a keyboard user); Undo is
// an ordinary button, so Enter and Space work.
import { useEffect } from 'preact/hooks';
import { t } from '@/lib/shared/i18n';
import { useActions } from './context';
import { FOCUS_COMPANION } from './focus-trap';
import { CloseIcon } from './icons';

/** Focus is where the toast's action still matters: the toast itself or the open sheet. */
const focusHoldsToast = () => !!document.activeElement?.closest('[data-testid=toast], [data-testid=sheet]');

export function Toast() {
  const actions = useActions();
  const toast = actions.toast.value;
  const shown = toast?.id;
  useEffect(() => {
    if (shown === undefined) return;
    // After focusout the new element is not active yet: look once the move is done.
    const update = () => queueMicrotask(() => actions.holdToast(focusHoldsToast()));
    update();
    document.addEventListener('focusin', update);
    document.addEventListener('focusout', update);
    return () => {
      document.removeEventListener('focusin', update);
      document.removeEventListener('focusout', update);
    };
  }, [shown]);
  if (!toast) return null;
  return (
    <div class="toast" role="status" data-testid="toast" {...{ [FOCUS_COMPANION]: '' }}>
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
