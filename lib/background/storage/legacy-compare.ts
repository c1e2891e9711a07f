// Before the Compare choice was a setting (issue #10: one writer, through the data port), the
// pages kept it in its own storage.local key, `compareModels` (issue #15). The background adopts
// that key into the settings record once, then removes it (lib/background/storage/settings.ts).
import { COMPARE_MAX_MODELS } from '@/lib/protocol/compare';
import { SETTINGS_VERSION } from '@/lib/protocol/settings';
import { isRecord } from '@/lib/shared/guards';

export const LEGACY_COMPARE_KEY = 'compareModels';

/**
 * Pure: the settings record with the legacy choice adopted, or null to adopt nothing. Nothing is
 * adopted when the record already has a choice, or when the legacy value is not a clean list of
 * model ids (`valid` decides, after empty slots, duplicates and slots beyond the maximum are
 * dropped, as the old page did when it read it). The caller skips a newer build's record.
 */
export function adoptLegacyCompare(stored: unknown, legacy: unknown, valid: (models: string[]) => boolean): Record<string, unknown> | null {
  const record = isRecord(stored) ? stored : null;
  if (record && 'compareModels' in record) return null;
  if (!Array.isArray(legacy) || !legacy.every((id) => typeof id === 'string')) return null;
  const models = [...new Set(legacy.filter((id) => id !== ''))].slice(0, COMPARE_MAX_MODELS);
  if (models.length === 0 || !valid(models)) return null;
  return { ...(record ?? { version: SETTINGS_VERSION }), compareModels: models };
}
