// What a new chat shows: a calm hello and a few starters (they fill the composer; nothing is sent).
import { t, type MessageKey } from '@/lib/shared/i18n';
import { useActions } from './context';

const STARTERS: MessageKey[] = ['starterExplain', 'starterWrite', 'starterCode'];

export function EmptyState() {
  const { store } = useActions();
  const model = store.models.value.find((m) => m.id === store.selectedModel.value);
  return (
    <div class="empty-state">
      <h1 class="empty-title">{t('emptyTitle')}</h1>
      <p class="empty-sub">{model ? t('emptySubtitleModel', model.label) : t('emptySubtitle')}</p>
      <div class="starters">
        {STARTERS.map((key) => (
          <button
            key={key}
            type="button"
            class="starter"
            onClick={() => {
              store.draft.value = t(key);
              (document.getElementById('composer-input') as HTMLTextAreaElement | null)?.focus();
            }}
          >
            {t(key)}
          </button>
        ))}
      </div>
    </div>
  );
}
