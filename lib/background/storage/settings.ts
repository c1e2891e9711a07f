// Global settings in browser.storage.local under one key, `settings`, with a version and
// step-by-step migrations. Small and read often, so storage.local (not IndexedDB) is the right
// home, and storage.onChanged gives every surface live updates.
import { browser } from 'wxt/browser';
import { DEFAULT_MODEL } from '@/lib/shared/config';
import * as v from 'valibot';
import { maxTokensSchema, modelIdSchema, systemPromptSchema, temperatureSchema } from '@/lib/shared/fields';
import { isRecord } from '@/lib/shared/guards';
import { StorageError, toStorageError } from './errors';
import { adoptLegacyCompare, LEGACY_COMPARE_KEY } from './legacy-compare';
import { parseOrThrow } from './validate';

export const SETTINGS_KEY = 'settings';
// The record, its vocabularies and its defaults are a wire shape (the data port): lib/protocol/settings.ts.
import { DEFAULT_SETTINGS, LANGUAGES, SETTINGS_VERSION, THEMES, type Settings } from '@/lib/protocol/settings';
import { COMPARE_MAX_MODELS } from '@/lib/protocol/compare';

type Raw = Record<string, unknown>;

/** v1 stored short aliases; v2 stores the full ids the playground expects. */
export const V1_MODEL_ALIASES: Readonly<Record<string, string>> = {
  'llama-3.3-70b': '@cf/meta/llama-3.3-70b-instruct-fp8-fast',
  'llama-3.1-8b': '@cf/meta/llama-3.1-8b-instruct-fast',
  'llama-4-scout': '@cf/meta/llama-4-scout-17b-16e-instruct',
  'qwq-32b': '@cf/qwen/qwq-32b',
  'qwen2.5-coder-32b': '@cf/qwen/qwen2.5-coder-32b-instruct',
  'mistral-small-3.1': '@cf/mistralai/mistral-small-3.1-24b-instruct',
  'gemma-3-12b': '@cf/google/gemma-3-12b-it',
  'deepseek-r1-32b': '@cf/deepseek-ai/deepseek-r1-distill-qwen-32b',
};

/**
 * MIGRATIONS[n] turns a version-n object into a version-(n+1) one. Each step keeps fields it does
 * not know about, so nothing is lost on the way.
 */
export const MIGRATIONS: Record<number, (old: Raw) => Raw> = {
  1: (old) => {
    const { model, ...rest } = old;
    const alias = typeof model === 'string' ? model.trim() : '';
    const defaultModel = V1_MODEL_ALIASES[alias] ?? (alias.startsWith('@') ? alias : DEFAULT_MODEL);
    return { ...rest, version: 2, defaultModel, language: 'auto' };
  },
};

/** One schema per field: sanitizeSettings checks them one by one, a patch checks them together. */
const FIELDS = {
  defaultModel: modelIdSchema('The default model must be a model id.'),
  systemPrompt: systemPromptSchema(),
  maxTokens: maxTokensSchema(),
  temperature: temperatureSchema(),
  language: v.picklist(LANGUAGES, `Language must be one of ${LANGUAGES.join(', ')}.`),
  theme: v.picklist(THEMES, `Theme must be one of ${THEMES.join(', ')}.`),
  autoFailover: v.boolean('autoFailover must be true or false.'),
  modelTitles: v.boolean('modelTitles must be true or false.'),
  compareModels: v.pipe(
    v.array(modelIdSchema('Compare models must be model ids.'), 'Compare models must be a list of model ids.'),
    v.maxLength(COMPARE_MAX_MODELS, `Compare takes at most ${COMPARE_MAX_MODELS} models.`),
  ),
};

/** A patch: any subset of the fields, each valid; a key given as undefined is an error, not a reset. */
const settingsPatchSchema = v.object({
  defaultModel: v.exactOptional(FIELDS.defaultModel),
  systemPrompt: v.exactOptional(FIELDS.systemPrompt),
  maxTokens: v.exactOptional(FIELDS.maxTokens),
  temperature: v.exactOptional(FIELDS.temperature),
  language: v.exactOptional(FIELDS.language),
  theme: v.exactOptional(FIELDS.theme),
  autoFailover: v.exactOptional(FIELDS.autoFailover),
  modelTitles: v.exactOptional(FIELDS.modelTitles),
  compareModels: v.exactOptional(FIELDS.compareModels),
});

function versionOf(raw: Raw): number {
  const { version } = raw;
  // A settings object without a usable version predates versioning: treat it as v1.
  return typeof version === 'number' && Number.isInteger(version) && version >= 1 ? version : 1;
}

/** Keeps each known field that is valid; anything else falls back to its default. */
export function sanitizeSettings(raw: unknown): Settings {
  const source = isRecord(raw) ? raw : {};
  const pick = <K extends keyof typeof FIELDS>(key: K): Settings[K] =>
    v.is(FIELDS[key], source[key]) ? (source[key] as Settings[K]) : DEFAULT_SETTINGS[key];
  return {
    version: SETTINGS_VERSION,
    defaultModel: pick('defaultModel'),
    systemPrompt: pick('systemPrompt'),
    maxTokens: pick('maxTokens'),
    temperature: pick('temperature'),
    language: pick('language'),
    theme: pick('theme'),
    autoFailover: pick('autoFailover'),
    modelTitles: pick('modelTitles'),
    // A copy: the default's list is frozen and shared.
    compareModels: [...pick('compareModels')],
  };
}

export interface Migrated {
  settings: Settings;
  /** The object to write back, or null when nothing should be written. */
  writeBack: Raw | null;
}

/**
 * Pure migration: raw stored value → current settings.
 * - missing (or null): defaults, nothing written until the user saves;
 * - older version: migrated step by step, sanitized, written back once;
 * - current version: sanitized; written back only if something had to be repaired;
 * - newer version (a downgrade): read what we understand, never write (the newer build's data
 *   stays intact).
 */
export function migrateSettings(stored: unknown): Migrated {
  // Defaults with a list of their own (the default's is frozen and shared).
  if (stored === undefined || stored === null) return { settings: sanitizeSettings(undefined), writeBack: null };
  if (!isRecord(stored)) return { settings: sanitizeSettings(undefined), writeBack: { ...sanitizeSettings(undefined) } };
  const from = versionOf(stored);
  if (from > SETTINGS_VERSION) return { settings: sanitizeSettings(stored), writeBack: null };
  let raw: Raw = { ...stored, version: from };
  for (let version = from; version < SETTINGS_VERSION; version++) {
    const step = MIGRATIONS[version];
    raw = step ? step(raw) : { ...raw, version: version + 1 };
  }
  const settings = sanitizeSettings(raw);
  const repaired = { ...raw, ...settings };
  const changed = from !== SETTINGS_VERSION || JSON.stringify(repaired) !== JSON.stringify(stored);
  return { settings, writeBack: changed ? repaired : null };
}

interface StoredSettings {
  stored: unknown;
  /** `stored` took in the legacy Compare choice: write it even if nothing else changed. */
  adopted: boolean;
  /** Remove the legacy key once the settings are written. */
  legacy: boolean;
}

/** The stored record, with a legacy Compare choice adopted (./legacy-compare.ts). */
async function readRaw(): Promise<StoredSettings> {
  let result: Record<string, unknown>;
  try {
    result = await browser.storage.local.get([SETTINGS_KEY, LEGACY_COMPARE_KEY]);
  } catch (error) {
    throw toStorageError(error);
  }
  const stored = result[SETTINGS_KEY];
  const legacy = result[LEGACY_COMPARE_KEY];
  // A newer build's record is never written by this one: the old key is left for that build.
  if (legacy === undefined || (isRecord(stored) && versionOf(stored) > SETTINGS_VERSION)) return { stored, adopted: false, legacy: false };
  const adopted = adoptLegacyCompare(stored, legacy, (models) => v.is(FIELDS.compareModels, models));
  return { stored: adopted ?? stored, adopted: adopted !== null, legacy: true };
}

/** Adopted (or not worth keeping); a failed removal is retried on the next read. */
async function forgetLegacyCompare(): Promise<void> {
  await browser.storage.local.remove(LEGACY_COMPARE_KEY).catch(() => undefined);
}

async function writeRaw(value: Raw): Promise<void> {
  try {
    await browser.storage.local.set({ [SETTINGS_KEY]: value });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Chrome reports storage.local quota as a plain Error mentioning QUOTA_BYTES.
    if (/quota/i.test(message)) throw new StorageError('quota', 'Browser storage is full, so the settings were not saved.', { cause: error });
    throw toStorageError(error);
  }
}

/** Loads settings, migrating (and writing back once) if the stored shape is old or damaged. */
export async function loadSettings(): Promise<Settings> {
  const { stored, adopted, legacy } = await readRaw();
  const { settings, writeBack } = migrateSettings(stored);
  const toWrite = writeBack ?? (adopted && isRecord(stored) ? stored : null);
  if (toWrite) await writeRaw(toWrite);
  if (legacy) await forgetLegacyCompare();
  return settings;
}

/** Validates a patch; throws StorageError('invalid') naming the first bad field. Unknown keys are dropped. */
export function validateSettingsPatch(patch: Partial<Settings>): Partial<Settings> {
  return parseOrThrow(settingsPatchSchema, patch);
}

/**
 * Validates and saves a patch; returns the resulting settings. Unknown fields already stored (for
 * example by a newer version of the extension) are kept.
 */
export async function saveSettings(patch: Partial<Settings>): Promise<Settings> {
  const valid = validateSettingsPatch(patch);
  const { stored, legacy } = await readRaw();
  const { settings } = migrateSettings(stored);
  const base: Raw = isRecord(stored) && versionOf(stored) > SETTINGS_VERSION ? stored : { ...(isRecord(stored) ? stored : {}), ...settings };
  const next: Raw = { ...base, ...valid };
  if (versionOf(base) <= SETTINGS_VERSION) next.version = SETTINGS_VERSION;
  await writeRaw(next);
  if (legacy) await forgetLegacyCompare();
  return { ...settings, ...valid };
}

/** Calls `callback` with the new settings whenever any surface saves them. Returns unsubscribe. */
export function watchSettings(callback: (settings: Settings) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local' || !(SETTINGS_KEY in changes)) return;
    callback(migrateSettings(changes[SETTINGS_KEY].newValue).settings);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
