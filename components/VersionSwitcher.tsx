// "‹ 2/3 ›" on a message that has versions (issue #12): Regenerate and Edit keep the old message
// as another version instead of deleting what followed it. Switching asks the background
// (version-select), which sends the conversation's new visible path.
import { t } from '@/lib/shared/i18n';
import { useActions } from './context';

export function VersionSwitcher({ messageId }: { messageId: string }) {
  const actions = useActions();
  const versions = actions.store.versions.value[messageId];
  if (!versions || versions.count < 2) return null;
  const { current, count, ids } = versions;
  // The background refuses a switch while an answer is written (it would hide it mid-stream).
  const busy = actions.store.activeAnswer.value !== null;
  const go = (to: number) => {
    const id = ids[to - 1];
    if (id) actions.selectVersion(id);
  };
  return (
    <div class="version-switcher" role="group" aria-label={t('versionPosition', current, count)} data-testid="message-versions" data-current={current} data-count={count}>
      <button
        type="button"
        class="icon-button ghost"
        data-testid="version-prev"
        aria-label={t('versionPrevious')}
        title={t('versionPrevious')}
        disabled={busy || current <= 1}
        onClick={() => go(current - 1)}
      >
        <span aria-hidden="true">‹</span>
      </button>
      <span class="version-position" aria-hidden="true">
        {current}/{count}
      </span>
      <button
        type="button"
        class="icon-button ghost"
        data-testid="version-next"
        aria-label={t('versionNext')}
        title={t('versionNext')}
        disabled={busy || current >= count}
        onClick={() => go(current + 1)}
      >
        <span aria-hidden="true">›</span>
      </button>
    </div>
  );
}
