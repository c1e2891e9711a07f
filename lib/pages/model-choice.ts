// Which model the picker shows once the live list arrives (issue #17): the default is the first
// suitable model of that list, so a selection it no longer has (retired, paid-only, or a
// hard-coded default) is never sent. A conversation's own model is left alone.
import { DEFAULT_MODEL } from '@/lib/shared/config';
import { defaultModelOf, type ModelInfo } from '@/lib/shared/models';

export function modelAfterList(models: readonly ModelInfo[], selected: string, conversationModel: string | undefined): string {
  if (models.length === 0 || conversationModel || models.some((m) => m.id === selected)) return selected;
  return defaultModelOf(models, selected || DEFAULT_MODEL);
}
