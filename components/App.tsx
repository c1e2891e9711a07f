// The side panel shell: header (history, model, settings, new chat), the conversation, the composer.
import { useSignalEffect } from '@preact/signals';
import { useEffect, useRef, useState } from 'preact/hooks';
import { currentLanguage } from '@/lib/shared/i18n';
import type { PanelActions } from '@/lib/pages/panel-actions';
import { Composer } from './Composer';
import { ActionsContext } from './context';
import { ConversationList } from './ConversationList';
import { onEscape, useEscapeLayer } from './escape-layers';
import { useFocusTrap } from './focus-trap';
import { ConversationSettings } from './ConversationSettings';
import { Header, type Sheet } from './Header';
import { MessageList } from './MessageList';
import { StatusBanner } from './StatusBanner';
import { Toast } from './Toast';
import './styles/theme.css';
import './styles/app.css';

export function App({ actions }: { actions: PanelActions }) {
  const [sheet, setSheet] = useState<Sheet>(null);

  useSignalEffect(() => {
    const theme = actions.store.settings.value.theme ?? 'system';
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
    void actions.store.language.value; // re-run when the language changes
    root.lang = currentLanguage();
  });

  // Closing a sheet gives focus back to the button that opened it (issue #12).
  const closeSheet = () => {
    const opener = sheet && document.querySelector<HTMLElement>(`[data-testid=${sheet}-toggle]`);
    setSheet(null);
    opener?.focus();
  };
  useEscapeLayer(sheet !== null, closeSheet);
  // An open sheet takes focus and keeps Tab inside it (issue #12).
  const sheetHost = useRef<HTMLDivElement>(null);
  useFocusTrap(sheetHost, sheet);

  // Esc: the innermost open thing first; the streaming answer only when nothing is open.
  useEffect(() => {
    // The composer has focus when the panel opens (issue #12), unless something else took it first.
    if (document.activeElement === document.body || !document.activeElement) document.getElementById('composer-input')?.focus();
    const onKey = onEscape(() => {
      if (!actions.store.activeAnswer.peek()) return false;
      actions.stop();
      return true;
    });
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <ActionsContext.Provider value={actions}>
      <div class="app" key={actions.store.language.value}>
        <Header sheet={sheet} setSheet={setSheet} />
        <div class="app-main">
          <MessageList />
          {sheet && (
            <div class="sheet-host" ref={sheetHost} role="dialog" aria-modal="true" aria-labelledby={`${sheet}-title`} data-testid="sheet">
              {sheet === 'history' && <ConversationList onClose={closeSheet} />}
              {sheet === 'settings' && <ConversationSettings onClose={closeSheet} />}
            </div>
          )}
        </div>
        <div class="app-bottom">
          <StatusBanner />
          <Composer />
        </div>
        <Toast />
      </div>
    </ActionsContext.Provider>
  );
}
