// Typed numbers in settings (issue #12): an out-of-range value is brought into range and explained
// beside its field, never silently cleared.
import { t } from '@/lib/shared/i18n';

export interface NumberRange {
  min: number;
  max: number;
}

function parseNumber(raw: string): number | undefined {
  if (raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

/** What to save for typed text, and whether it had to be brought into range. */
export function fitToRange(raw: string, range: NumberRange, whole: boolean): { value: number | undefined; adjusted: boolean } {
  const typed = parseNumber(raw);
  if (typed === undefined) return { value: undefined, adjusted: false };
  const rounded = whole ? Math.round(typed) : typed;
  const value = Math.min(range.max, Math.max(range.min, rounded));
  return { value, adjusted: value !== typed };
}

/** The saved value and the explanation to show beside the field (null when nothing was adjusted). */
export function fitWithNote(raw: string, range: NumberRange, whole: boolean): { value: number | undefined; note: string | null } {
  const { value, adjusted } = fitToRange(raw, range, whole);
  return { value, note: adjusted && value !== undefined ? t('settingsOutOfRange', raw.trim(), range.min, range.max, value) : null };
}
