// The set-up engine tests share: an empty database before each test, and a ChatEngine on a
// scripted playground (fake-stream.ts). One place, so a new engine dependency is wired once.
import { ChatEngine } from '@/lib/background/engine/engine';
import type { EngineDeps } from '@/lib/background/engine/context';
import { closeDb } from '@/lib/background/storage/db';
import type { ModelInfo } from '@/lib/shared/models';
import { scriptedStream } from './fake-stream';

/** Closes and deletes the extension's database, so each test starts with no history. */
export async function emptyDatabase(): Promise<void> {
  await closeDb();
  indexedDB.deleteDatabase('flarechat');
}

/**
 * An engine that streams through `script`. With `models`, the model list answers with them (from
 * the socket, or "bundled" when empty); without, asking for the list fails the test.
 */
export function engineWith(script: ReturnType<typeof scriptedStream>, extra: Partial<EngineDeps> = {}, models?: ModelInfo[]): ChatEngine {
  const listModels = models
    ? () => Promise.resolve({ models, source: models.length ? ('socket' as const) : ('bundled' as const), fetchedAt: 0 })
    : () => Promise.reject(new Error('unused'));
  return new ChatEngine({ stream: script.stream, listModels, ...extra });
}

/** A fresh scripted playground and an engine on it, listing `models`. */
export function scriptedEngine(models: ModelInfo[] = []) {
  const script = scriptedStream();
  return { script, engine: engineWith(script, {}, models) };
}
