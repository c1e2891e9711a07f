// A model <select> for the options page: the listed models, plus the current id when the list lacks it.
import type { OptionsController } from '@/lib/pages/options';

export function ModelSelect({ id, value, options, onChange, emptyLabel, testId }: {
  id: string;
  value: string;
  options: OptionsController;
  onChange: (value: string) => void;
  emptyLabel?: string;
  testId: string;
}) {
  const models = options.models.value;
  const known = models.some((m) => m.id === value);
  return (
    <select id={id} data-testid={testId} value={value} onChange={(event) => onChange(event.currentTarget.value)}>
      {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
      {value && !known && <option value={value}>{value}</option>}
      {models.map((m) => (
        <option key={m.id} value={m.id}>
          {m.label}
        </option>
      ))}
    </select>
  );
}
