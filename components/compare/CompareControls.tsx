// The composer's Compare control (issue #15): [data-testid=compare] sends the prompt to the chosen
// models; with nothing typed yet it opens the model slots instead. The chevron beside it opens and
// closes the slots ([data-testid=compare-model], one per slot; the third is optional). The last
// choice is remembered as a setting (lib/pages/compare.ts).
import { t } from '@/lib/shared/i18n';
import { MAX_PROMPT_CHARS } from '@/lib/shared/limits';
import { compareOpen, effectiveSlots, rememberedModels, setSlot, startComparison } from '@/lib/pages/compare';
import { useActions } from '../context';
import { groupModels } from '../ModelPicker';
import './compare.css';

export function CompareSlots() {
  const actions = useActions();
  const { store } = actions;
  if (!compareOpen.value) return null;
  const models = store.models.value;
  const slots = effectiveSlots(rememberedModels(store), models, store.selectedModel.value);
  const groups = groupModels(models);
  return (
    <fieldset class="compare-slots" id="compare-slots" data-testid="compare-slots">
      <legend>{t('compareModelsLabel')}</legend>
      {slots.map((value, index) => (
        <label key={index}>
          <span class="visually-hidden">{t('compareSlotLabel', index + 1)}</span>
          <select data-testid="compare-model" value={value} onChange={(event) => setSlot(actions, index, event.currentTarget.value)}>
            {index >= 2 && <option value="">{t('compareNone')}</option>}
            {value && !models.some((m) => m.id === value) && <option value={value}>{value.split('/').pop()}</option>}
            {groups.map(([family, list]) => (
              <optgroup key={family} label={family}>
                {list.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
      ))}
    </fieldset>
  );
}

export function CompareButton({ draft, onStarted }: { draft: string; onStarted: () => void }) {
  const actions = useActions();
  const { store } = actions;
  const start = () => {
    const text = store.draft.peek();
    if (text.trim() === '') {
      compareOpen.value = true;
      store.showNotice(t('compareTypeFirst'));
      return;
    }
    if (text.length > MAX_PROMPT_CHARS) return store.showNotice(t('errorPromptTooLong', MAX_PROMPT_CHARS.toLocaleString()));
    const context = store.draftContext.peek();
    const problem = startComparison(actions, context ? `${text.trim()}\n\n${context}` : text);
    if (problem) {
      compareOpen.value = true;
      return store.showNotice(t(problem));
    }
    onStarted();
  };
  return (
    <>
      <CompareSlotsToggle />
      <button
        type="button"
        class="button small compare-button"
        data-testid="compare"
        title={t('compareTitle')}
        disabled={store.pending.value !== null || (draft.trim() !== '' && store.activeAnswer.value !== null)}
        onClick={start}
      >
        {t('compareButton')}
      </button>
    </>
  );
}

function CompareSlotsToggle() {
  const open = compareOpen.value;
  return (
    <button
      type="button"
      class="icon-button ghost"
      data-testid="compare-models-toggle"
      aria-expanded={open ? 'true' : 'false'}
      aria-controls="compare-slots"
      title={t('compareModelsToggle')}
      aria-label={t('compareModelsToggle')}
      onClick={() => (compareOpen.value = !open)}
    >
      <span aria-hidden="true">{open ? '▾' : '▸'}</span>
    </button>
  );
}

/** What Composer renders in its bar: the button, and the slots (shown above the composer, compare.css). */
export function CompareControls({ draft, onStarted }: { draft: string; onStarted: () => void }) {
  return (
    <>
      <CompareSlots />
      <CompareButton draft={draft} onStarted={onStarted} />
    </>
  );
}
