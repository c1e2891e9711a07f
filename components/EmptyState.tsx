// What a new chat shows: a calm hello, one line saying what FlareChat is and where prompts go, and a
// few starters (they fill the composer; nothing is sent).
import { t, type MessageKey } from '@/lib/shared/i18n';
import { useActions } from './context';

const STARTERS: MessageKey[] = ['starterExplain', 'starterWrite', 'starterCode'];

/** Marks where the model name goes in the translated line, so it can be its own unclipped element. */
const SLOT = '\uE000';

/** One short line: product, free, which model, where prompts go (issue #12); the name never clipped. */
function Intro({ label }: { label: string }) {
  const [before = '', after = ''] = t('emptyIntro', SLOT).split(SLOT);
  return (
    <>
      {before}
      <strong class="empty-model" data-testid="empty-model">{label}</strong>
      {after}
    </>
  );
}

export function EmptyState() {
  const { store } = useActions();
  const model = store.models.value.find((m) => m.id === store.selectedModel.value);
  return (
    <div class="empty-state">
      <h1 class="empty-title">{t('emptyTitle')}</h1>
      <p class="empty-sub" data-testid="empty-intro">{model ? <Intro label={model.label} /> : t('emptySubtitle')}</p>
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
