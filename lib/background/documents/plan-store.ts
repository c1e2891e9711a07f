// Map-reduce plans kept across worker restarts (issue #13): one storage.local key per answer
// (`docjob:<messageId>`), written after every finished step, so a killed worker resumes the sections
// left and a browser restart does too. Never worker globals. Removed when the answer ends.
import { browser } from 'wxt/browser';
import { pendingClears, PENDING_CLEARS_KEY } from '@/lib/background/server-copies';
import type { DocumentPlan } from './planner';

export const PLAN_PREFIX = 'docjob:';

function isPlan(value: unknown): value is DocumentPlan {
  const p = value as DocumentPlan | undefined;
  return typeof p === 'object' && p !== null && p.v === 1 && Array.isArray(p.sections) && Array.isArray(p.notes) && Array.isArray(p.merged);
}

export async function readPlan(messageId: string): Promise<DocumentPlan | undefined> {
  const key = PLAN_PREFIX + messageId;
  const value = (await browser.storage.local.get(key))[key];
  return isPlan(value) ? value : undefined;
}

/** Throws when storage refuses (full): the caller decides whether the answer can go on. */
export async function savePlan(plan: DocumentPlan): Promise<void> {
  await browser.storage.local.set({ [PLAN_PREFIX + plan.messageId]: plan });
}

export async function removePlan(messageId: string): Promise<void> {
  await browser.storage.local.remove(PLAN_PREFIX + messageId);
}

/** Messages with a stored plan (start-up recovery resumes those instead of marking them interrupted). */
export async function plannedMessageIds(): Promise<Set<string>> {
  const all = await browser.storage.local.get(null);
  return new Set(Object.keys(all).filter((k) => k.startsWith(PLAN_PREFIX) && isPlan(all[k])).map((k) => k.slice(PLAN_PREFIX.length)));
}

/** The job's playground instances join the queue of server copies to clear (done at the next start-up or purge). */
export async function queueInstanceClears(names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  const queued = await pendingClears();
  await browser.storage.local.set({ [PENDING_CLEARS_KEY]: [...new Set([...queued, ...names])] });
}
