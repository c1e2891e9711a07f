// The model's reasoning, collapsed by default. Reads its own signal: streams without touching the answer.
import type { Signal } from '@preact/signals';
import { t } from '@/lib/shared/i18n';

export function Reasoning({ text, active }: { text: Signal<string>; active: boolean }) {
  const value = text.value;
  if (!value) return null;
  return (
    <details class="reasoning" data-testid="reasoning">
      <summary>{active ? t('reasoningActive') : t('reasoningDone')}</summary>
      <div class="reasoning-text">{value}</div>
    </details>
  );
}
