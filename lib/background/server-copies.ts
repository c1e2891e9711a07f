// The playground keeps its own transcript of every conversation under the instance name, and
// anyone who knows the name can read it (playground-2026.md "Privacy"). Deleting a conversation
// (after its undo window) or "Delete all" therefore sends `cf_agent_chat_clear` to each instance.
// A name that cannot be cleared now (offline, challenge, server down) waits in storage.local and
// is tried again at the next start-up or purge, so a deletion is never forgotten (issue #17).
import { browser } from 'wxt/browser';

export const PENDING_CLEARS_KEY = 'pendingServerClears';
/** Bounded so a long offline spell cannot grow storage without limit (oldest dropped first). */
const MAX_PENDING = 500;

/** Sends the clear; resolves false when the instance could not be reached. */
export type ClearServerCopy = (sessionName: string) => Promise<boolean>;

export async function pendingClears(): Promise<string[]> {
  const stored = (await browser.storage.local.get(PENDING_CLEARS_KEY))[PENDING_CLEARS_KEY];
  return Array.isArray(stored) ? stored.filter((name): name is string => typeof name === 'string' && name !== '') : [];
}

/**
 * Clears `names` plus every name still queued; the ones that fail stay queued. The queue is written
 * before any socket opens, so a worker that dies mid-way loses nothing.
 */
export async function clearServerCopies(names: readonly string[], clear: ClearServerCopy): Promise<{ cleared: number; queued: number }> {
  const todo = [...new Set([...(await pendingClears()), ...names])].slice(-MAX_PENDING);
  if (todo.length === 0) return { cleared: 0, queued: 0 };
  await browser.storage.local.set({ [PENDING_CLEARS_KEY]: todo });
  const failed: string[] = [];
  // One at a time: a burst of sockets after "Delete all" would look like hammering the site.
  for (const name of todo) {
    const ok = await clear(name).catch(() => false);
    if (!ok) failed.push(name);
  }
  // Names queued meanwhile by another purge stay queued too.
  const latest = await pendingClears();
  const remaining = latest.filter((name) => !todo.includes(name) || failed.includes(name));
  if (remaining.length === 0) await browser.storage.local.remove(PENDING_CLEARS_KEY);
  else await browser.storage.local.set({ [PENDING_CLEARS_KEY]: remaining });
  return { cleared: todo.length - failed.length, queued: remaining.length };
}
