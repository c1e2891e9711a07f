import { t } from '@/lib/shared/i18n';
import { canaryUnseen, openConnectionSection } from '@/lib/pages/doctor-client';
import { headerTitle } from '@/lib/pages/header-title';
import { CanaryIndicator } from './CanaryIndicator';
import { useActions } from './context';
import { HistoryIcon, PlusIcon, SlidersIcon } from './icons';
import { ModelPicker } from './ModelPicker';
import { ShortcutsHelp } from './ShortcutsHelp';

export type Sheet = 'history' | 'settings' | null;

export function Header({ sheet, setSheet }: { sheet: Sheet; setSheet: (sheet: Sheet) => void }) {
  const actions = useActions();
  const { store } = actions;
  const firstUser = store.messages.value.find((m) => m.role === 'user');
  const title = headerTitle(store.conversation.value, firstUser?.text.value);
  return (
    <header class="app-header">
      <button
        type="button"
        class="icon-button"
        data-testid="history-toggle"
        aria-label={t('historyToggle')}
        title={t('historyToggle')}
        aria-expanded={sheet === 'history'}
        onClick={() => setSheet(sheet === 'history' ? null : 'history')}
      >
        <HistoryIcon />
      </button>
      <div class="header-center">
        <ModelPicker />
        {title && <span class="header-title" data-testid="header-title" title={title}>{title}</span>}
      </div>
      <button
        type="button"
        class="icon-button"
        data-testid="settings-toggle"
        aria-label={t('settingsToggle')}
        title={t('settingsToggle')}
        aria-expanded={sheet === 'settings'}
        onClick={() => setSheet(sheet === 'settings' ? null : 'settings')}
      >
        <SlidersIcon />
      </button>
      {/* issue #14: the protocol canary caught something new since the user last looked. */}
      <CanaryIndicator unseen={canaryUnseen.value} onOpen={() => void openConnectionSection()} />
      <ShortcutsHelp />
      <button
        type="button"
        class="icon-button"
        data-testid="new-chat"
        aria-label={t('newChat')}
        title={t('newChat')}
        onClick={() => {
          actions.newChat();
          setSheet(null);
          (document.getElementById('composer-input') as HTMLTextAreaElement | null)?.focus();
        }}
      >
        <PlusIcon />
      </button>
    </header>
  );
}
