// The model <select>: option values are full model ids, grouped by family with <optgroup>.
import { useComputed } from '@preact/signals';
import { t } from '@/lib/shared/i18n';
import type { ModelInfo } from '@/lib/shared/models';
import { useActions } from './context';
import './styles/model-picker.css';

export function formatContextWindow(tokens: number | undefined): string {
  if (!tokens) return '';
  if (tokens >= 1_000_000) return `${Math.round(tokens / 100_000) / 10}M`;
  if (tokens >= 1000) return `${Math.round(tokens / 1000)}K`;
  return String(tokens);
}

export function groupModels(models: readonly ModelInfo[]): [string, ModelInfo[]][] {
  const groups = new Map<string, ModelInfo[]>();
  for (const model of models) {
    const family = model.family || 'other';
    const list = groups.get(family) ?? [];
    list.push(model);
    groups.set(family, list);
  }
  for (const list of groups.values()) list.sort((a, b) => a.label.localeCompare(b.label));
  return [...groups].sort(([a], [b]) => a.localeCompare(b));
}

/**
 * The row's properties in a few words (issue #17): "128K context · vision · paid plan · retiring
 * 2026-12-30". Plain text inside the <option>, so screen readers read it with the name.
 */
export function modelPropertyParts(model: ModelInfo): string[] {
  const parts: string[] = [];
  const context = formatContextWindow(model.contextWindow);
  if (context) parts.push(t('modelPropContext', context));
  if (model.vision) parts.push(t('modelPropVision'));
  if (model.paid) parts.push(t('modelPropPaid'));
  if (model.deprecated) parts.push(t('modelPropDeprecated'));
  else if (model.deprecatedOn) parts.push(t('modelPropRetiring', model.deprecatedOn));
  return parts;
}

export function optionLabel(model: ModelInfo): string {
  return [model.label, ...modelPropertyParts(model)].join(' · ');
}

function optionTitle(model: ModelInfo): string {
  const parts = [model.id];
  if (model.description) parts.push(model.description);
  if (model.contextWindow) parts.push(t('modelContextWindow', model.contextWindow.toLocaleString()));
  return parts.join('\n');
}

export function ModelPicker() {
  const actions = useActions();
  const { store } = actions;
  const groups = useComputed(() => groupModels(store.models.value));
  const selected = store.selectedModel.value;
  const known = store.models.value.some((m) => m.id === selected);
  const current = store.models.value.find((m) => m.id === selected);
  return (
    <label class="model-picker">
      <span class="visually-hidden">{t('modelPickerLabel')}</span>
      <select
        data-testid="model-picker"
        value={selected}
        title={current ? optionTitle(current) : selected}
        onChange={(event) => actions.selectModel((event.currentTarget).value)}
      >
        {!known && selected && <option value={selected}>{selected.split('/').pop()}</option>}
        {groups.value.map(([family, models]) => (
          <optgroup key={family} label={family}>
            {models.map((model) => (
              <option key={model.id} value={model.id} title={optionTitle(model)} data-paid={model.paid ? 'true' : undefined} data-retiring={model.deprecatedOn}>
                {optionLabel(model)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}
