// The model list: rpc getModels over the socket, else GET /api/models (older eras), else the
// bundled table. Cached in storage.local for an hour: the list changes rarely, and opening a
// socket just to fill the picker on every panel open would be wasteful.
import { browser } from 'wxt/browser';
import { PLAYGROUND_ORIGIN } from '@/lib/shared/config';
import { BUNDLED_MODELS, parseApiModelsResponse, rowsToModels } from './models';
import type { SocketFactory } from './socket';
import { socketModelRows } from './socket-oneshot';
import type { ModelInfo, ModelSource } from '@/lib/shared/models';

const CACHE_KEY = 'playground:models';
export const MODEL_CACHE_MS = 60 * 60 * 1000;

export interface ModelList {
  models: ModelInfo[];
  source: ModelSource;
  fetchedAt: number;
}

export async function forgetModels(): Promise<void> {
  await browser.storage.local.remove(CACHE_KEY);
}

export async function listModels(
  openSocket: SocketFactory,
  options: { refresh?: boolean; fetchImpl?: typeof fetch; now?: number } = {},
): Promise<ModelList> {
  const now = options.now ?? Date.now();
  if (!options.refresh) {
    const cached = (await browser.storage.local.get(CACHE_KEY))[CACHE_KEY] as ModelList | undefined;
    if (cached && Array.isArray(cached.models) && cached.models.length > 0 && now - cached.fetchedAt < MODEL_CACHE_MS)
      return cached;
  }
  const fresh = await fetchModels(openSocket, options.fetchImpl ?? fetch);
  const list: ModelList = fresh ?? { models: [...BUNDLED_MODELS], source: 'bundled', fetchedAt: now };
  // The bundled table is a fallback, not a fact about the server: don't cache it.
  if (fresh) await browser.storage.local.set({ [CACHE_KEY]: { ...list, fetchedAt: now } }).catch(() => {});
  return list;
}

async function fetchModels(openSocket: SocketFactory, fetchImpl: typeof fetch): Promise<ModelList | null> {
  const rows = await socketModelRows(openSocket).catch(() => null);
  if (rows) {
    const models = rowsToModels(rows);
    if (models.length > 0) return { models, source: 'socket', fetchedAt: Date.now() };
  }
  try {
    const response = await fetchImpl(`${PLAYGROUND_ORIGIN}/api/models`, { credentials: 'include', cache: 'no-store' });
    if (!response.ok) return null;
    const models = parseApiModelsResponse(await response.json());
    return models.length > 0 ? { models, source: 'http', fetchedAt: Date.now() } : null;
  } catch {
    return null;
  }
}
