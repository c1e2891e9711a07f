// A subtle mark in the panel header (issue #14): the protocol canary caught something new since
// the user last looked. Clicking it opens the Connection section (the caller decides how).
import { t } from '@/lib/shared/i18n';
import './styles/doctor.css';

export function CanaryIndicator({ unseen, onOpen }: { unseen: number; onOpen: () => void }) {
  if (unseen <= 0) return null;
  const label = t('canaryIndicator', String(unseen));
  return (
    <button type="button" class="icon-button ghost canary-indicator" data-testid="canary-indicator" data-unseen={unseen} title={label} aria-label={label} onClick={onOpen}>
      <span aria-hidden="true">●</span>
    </button>
  );
}
