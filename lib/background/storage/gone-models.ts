// Models this install learned are gone for it (issue #17): Cloudflare retired them (5028) or they
// need a paid plan (5035). Kept in storage.local so the picker stops offering them after a restart
// (no state that matters lives in worker globals). Bounded: a model list is a few dozen rows.
import { browser } from 'wxt/browser';
import type { ModelInfo } from '@/lib/shared/models';

export const GONE_MODELS_KEY = 'goneModels';
const MAX_GONE = 200;

export async function loadGoneModels(): Promise<string[]> {
  const stored = (await browser.storage.local.get(GONE_MODELS_KEY))[GONE_MODELS_KEY];
  return Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : [];
}

export async function rememberGoneModel(id: string): Promise<void> {
  const gone = await loadGoneModels();
  if (gone.includes(id)) return;
  await browser.storage.local.set({ [GONE_MODELS_KEY]: [...gone, id].slice(-MAX_GONE) });
}

/** The list without the models this install knows are gone. */
export async function withoutGoneModels(models: ModelInfo[]): Promise<ModelInfo[]> {
  const gone = new Set(await loadGoneModels());
  return gone.size === 0 ? models : models.filter((m) => !gone.has(m.id));
}
