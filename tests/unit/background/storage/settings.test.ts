import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_MODEL } from '@/lib/shared/config';
import { loadSettings, migrateSettings, saveSettings, SETTINGS_KEY, watchSettings } from '@/lib/background/storage/settings';
import { DEFAULT_SETTINGS, SETTINGS_VERSION } from '@/lib/protocol/settings';
import { StorageError } from '@/lib/background/storage/errors';
import { LEGACY_COMPARE_KEY } from '@/lib/background/storage/legacy-compare';

const stored = async () => (await fakeBrowser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY];
const store = (value: unknown) => fakeBrowser.storage.local.set({ [SETTINGS_KEY]: value });

describe('settings migrations', () => {
  it('returns defaults and writes nothing when nothing is stored', async () => {
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
    expect(await stored()).toBeUndefined();
  });

  it('a stored record without modelTitles reads as on; saving it off keeps it (issue #12)', async () => {
    await store({ ...DEFAULT_SETTINGS, modelTitles: undefined });
    expect((await loadSettings()).modelTitles).toBe(true);
    await saveSettings({ modelTitles: false });
    expect((await loadSettings()).modelTitles).toBe(false);
  });

  it('a stored record without compareModels reads as none chosen; a saved choice is kept (issue #15)', async () => {
    await store({ ...DEFAULT_SETTINGS, compareModels: undefined });
    expect((await loadSettings()).compareModels).toEqual([]);
    await saveSettings({ compareModels: ['@cf/a/one', '@cf/b/two'] });
    expect((await loadSettings()).compareModels).toEqual(['@cf/a/one', '@cf/b/two']);
    expect(await stored()).toMatchObject({ compareModels: ['@cf/a/one', '@cf/b/two'] });
  });

  it.each([
    ['too many', ['@cf/a/one', '@cf/b/two', '@cf/c/three', '@cf/d/four']],
    ['not ids', ['@cf/a one', 7]],
    ['not a list', '@cf/a/one'],
  ])('an invalid stored compareModels (%s) reads as the default; the other fields stay', async (_label, value) => {
    await store({ ...DEFAULT_SETTINGS, theme: 'dark', compareModels: value });
    expect(await loadSettings()).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark', compareModels: [] });
  });

  it('the default choice is a fresh list each time: changing one read does not change the next', async () => {
    (await loadSettings()).compareModels.push('@cf/a/one');
    expect((await loadSettings()).compareModels).toEqual([]);
  });

  it('a stored record without autoFailover reads as off; saving it on keeps it (issue #17)', async () => {
    await store({ ...DEFAULT_SETTINGS, autoFailover: undefined });
    expect((await loadSettings()).autoFailover).toBe(false);
    await saveSettings({ autoFailover: true });
    expect((await loadSettings()).autoFailover).toBe(true);
  });

  it('migrates v1 (model alias) to the current version and writes back once', async () => {
    await store({ version: 1, model: 'llama-3.3-70b', systemPrompt: 'Be brief', maxTokens: 1024, temperature: 0.2, theme: 'dark' });
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    const settings = await loadSettings();
    expect(settings).toEqual({
      version: SETTINGS_VERSION,
      defaultModel: '@cf/meta/llama-3.3-70b-instruct-fp8-fast',
      systemPrompt: 'Be brief',
      maxTokens: 1024,
      temperature: 0.2,
      language: 'auto',
      theme: 'dark',
      autoFailover: false,
      modelTitles: true,
      compareModels: [],
    });
    expect(await stored()).toMatchObject({ version: 2, defaultModel: '@cf/meta/llama-3.3-70b-instruct-fp8-fast', language: 'auto' });
    expect(await stored()).not.toHaveProperty('model');
    expect(set).toHaveBeenCalledTimes(1);
    await loadSettings();
    expect(set).toHaveBeenCalledTimes(1); // already current: no second write
  });

  it('keeps a v1 full id and maps an unknown alias to the default model', () => {
    expect(migrateSettings({ version: 1, model: '@cf/qwen/qwq-32b' }).settings.defaultModel).toBe('@cf/qwen/qwq-32b');
    expect(migrateSettings({ version: 1, model: 'no-such-alias' }).settings.defaultModel).toBe(DEFAULT_MODEL);
    expect(migrateSettings({ model: 'llama-3.3-70b' }).settings.defaultModel).toBe('@cf/meta/llama-3.3-70b-instruct-fp8-fast'); // unversioned = v1
  });

  it.each([
    ['a string', 'garbage'],
    ['a number', 42],
    ['a list', [1, 2]],
  ])('falls back to defaults when the stored value is %s', async (_label, value) => {
    await store(value);
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
    expect(await stored()).toEqual(DEFAULT_SETTINGS);
  });

  it('treats a stored null like nothing stored', () => {
    expect(migrateSettings(null)).toEqual({ settings: DEFAULT_SETTINGS, writeBack: null });
  });

  it('repairs corrupt fields one by one and keeps the valid ones', async () => {
    await store({ version: 2, defaultModel: 7, systemPrompt: 'ok', maxTokens: 999999, temperature: 'hot', language: 'de', theme: 'light' });
    expect(await loadSettings()).toEqual({ ...DEFAULT_SETTINGS, systemPrompt: 'ok', theme: 'light' });
  });

  it('leaves an already current value untouched', async () => {
    const current = { ...DEFAULT_SETTINGS, language: 'ru', temperature: 1 };
    await store(current);
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    expect(await loadSettings()).toEqual(current);
    expect(set).not.toHaveBeenCalled();
  });

  it('reads a newer (future) version without writing it and keeps its fields when saving', async () => {
    const future = { version: 9, defaultModel: '@cf/new/model', temperature: 1.1, language: 'ru', theme: 'dark', maxTokens: 4096, systemPrompt: '', shinyNewThing: { a: 1 } };
    await store(future);
    const settings = await loadSettings();
    expect(settings).toMatchObject({ defaultModel: '@cf/new/model', temperature: 1.1, language: 'ru' });
    expect(await stored()).toEqual(future);
    await saveSettings({ theme: 'light' });
    expect(await stored()).toEqual({ ...future, theme: 'light' });
  });
});

describe('saveSettings / watchSettings', () => {
  it('saves a valid patch and keeps the rest', async () => {
    const saved = await saveSettings({ maxTokens: 8192, temperature: 0 });
    expect(saved).toEqual({ ...DEFAULT_SETTINGS, maxTokens: 8192, temperature: 0 });
    expect(await loadSettings()).toEqual(saved);
  });

  it.each([
    [{ maxTokens: 0 }, /Max tokens/],
    [{ maxTokens: 8193 }, /Max tokens/],
    [{ maxTokens: 1.5 }, /Max tokens/],
    [{ temperature: -0.1 }, /Temperature/],
    [{ temperature: 2.01 }, /Temperature/],
    [{ temperature: Number.NaN }, /Temperature/],
    [{ language: 'de' as never }, /Language/],
    [{ theme: 'neon' as never }, /Theme/],
    [{ defaultModel: '' }, /model/],
    [{ autoFailover: 'yes' as never }, /failover/i],
    [{ compareModels: ['@cf/a/one', '@cf/b/two', '@cf/c/three', '@cf/d/four'] }, /at most 3 models/],
    [{ compareModels: ['@cf/a one'] }, /model ids/],
    [{ compareModels: '@cf/a/one' as never }, /list of model ids/],
  ])('rejects %o', async (patch, message) => {
    const error = await saveSettings(patch).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).kind).toBe('invalid');
    expect((error as StorageError).message).toMatch(message);
    expect(await stored()).toBeUndefined();
  });

  it('notifies watchers with sanitized settings and stops after unsubscribe', async () => {
    const seen: unknown[] = [];
    const stop = watchSettings((s) => seen.push(s));
    await saveSettings({ language: 'ru' });
    expect(seen).toEqual([{ ...DEFAULT_SETTINGS, language: 'ru' }]);
    stop();
    await saveSettings({ language: 'en' });
    expect(seen).toHaveLength(1);
  });
});

describe('the legacy compareModels key (the Compare choice before it was a setting)', () => {
  const legacy = async () => (await fakeBrowser.storage.local.get(LEGACY_COMPARE_KEY))[LEGACY_COMPARE_KEY];

  it('is adopted into settings that have no choice, once, and removed', async () => {
    await store({ ...DEFAULT_SETTINGS, compareModels: undefined, theme: 'dark' });
    await fakeBrowser.storage.local.set({ [LEGACY_COMPARE_KEY]: ['@cf/a/one', '@cf/b/two'] });
    expect(await loadSettings()).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark', compareModels: ['@cf/a/one', '@cf/b/two'] });
    expect(await stored()).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark', compareModels: ['@cf/a/one', '@cf/b/two'] });
    expect(await legacy()).toBeUndefined();
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    await loadSettings();
    expect(set).not.toHaveBeenCalled();
  });

  it('is adopted when no settings were ever saved; empty slots, duplicates and extra slots are dropped as the old page did', async () => {
    await fakeBrowser.storage.local.set({ [LEGACY_COMPARE_KEY]: ['@cf/a/one', '', '@cf/a/one', '@cf/b/two', '@cf/c/three', '@cf/d/four'] });
    expect((await loadSettings()).compareModels).toEqual(['@cf/a/one', '@cf/b/two', '@cf/c/three']);
    expect(await stored()).toEqual({ ...DEFAULT_SETTINGS, compareModels: ['@cf/a/one', '@cf/b/two', '@cf/c/three'] });
    expect(await legacy()).toBeUndefined();
  });

  it('a save before any read adopts it too', async () => {
    await fakeBrowser.storage.local.set({ [LEGACY_COMPARE_KEY]: ['@cf/a/one', '@cf/b/two'] });
    await saveSettings({ theme: 'light' });
    expect(await stored()).toMatchObject({ theme: 'light', compareModels: ['@cf/a/one', '@cf/b/two'] });
    expect(await legacy()).toBeUndefined();
  });

  it.each([
    ['not a list', 'junk'],
    ['not ids', ['@cf/a one', 7]],
    ['empty', []],
  ])('a value that is %s is not adopted, only removed', async (_label, value) => {
    await store({ ...DEFAULT_SETTINGS });
    await fakeBrowser.storage.local.set({ [LEGACY_COMPARE_KEY]: value });
    expect((await loadSettings()).compareModels).toEqual([]);
    expect(await legacy()).toBeUndefined();
  });

  it('settings that already hold a choice keep it', async () => {
    await store({ ...DEFAULT_SETTINGS, compareModels: ['@cf/c/three', '@cf/d/four'] });
    await fakeBrowser.storage.local.set({ [LEGACY_COMPARE_KEY]: ['@cf/a/one', '@cf/b/two'] });
    expect((await loadSettings()).compareModels).toEqual(['@cf/c/three', '@cf/d/four']);
    expect(await legacy()).toBeUndefined();
  });

  it('a newer build\'s settings are not written: the key is left for that build', async () => {
    const future = { version: 9, defaultModel: '@cf/new/model' };
    await store(future);
    await fakeBrowser.storage.local.set({ [LEGACY_COMPARE_KEY]: ['@cf/a/one', '@cf/b/two'] });
    await loadSettings();
    expect(await stored()).toEqual(future);
    expect(await legacy()).toEqual(['@cf/a/one', '@cf/b/two']);
  });
});
