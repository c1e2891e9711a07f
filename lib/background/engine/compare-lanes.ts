// How comparison columns (issue #15) share the queue. Normally a conversation runs one answer at
// a time; the columns of one comparison run side by side, each in its own lane (its message id),
// and nothing else of that conversation runs beside them.
//
// The limit. The playground's rate limit is per minute ("3021: rate limiting: inference request
// per min rate reached", docs/playground-2026.md): it counts requests, not requests at once, so a
// comparison costs the same 2-3 requests whether its columns run together or in turn. Measured
// against the emulator's per-minute rate-limit knob (tests/emulator/rate-window.ts, budget 4 per
// minute, a 3-model comparison after one ordinary turn; tests/unit/emulator/compare-limit.test.ts):
// with the global limit of 2 the third column waited for the slowest of the first two and the
// same single column was rate-limited; with 3 at once all three started together and still only
// that one was rate-limited. Running them together buys no extra 429s and makes the columns
// comparable (same moment, same load), so comparison columns may run up to COMPARE_LIMIT at once;
// ordinary answers keep GLOBAL_LIMIT (scheduler.ts).
import type { AnswerRequest } from './request';

export const COMPARE_LIMIT = 3;

/** The scheduler's running-map key: the conversation, or the column for a comparison's column. */
export function laneOf(job: Pick<AnswerRequest, 'conversationId' | 'messageId' | 'compareGroup'>): string {
  return job.compareGroup ? `${job.conversationId}/${job.messageId}` : job.conversationId;
}

/** How many answers may run (in all) when this job starts. */
export function limitFor(job: Pick<AnswerRequest, 'compareGroup'>, globalLimit: number): number {
  return job.compareGroup ? Math.max(globalLimit, COMPARE_LIMIT) : globalLimit;
}

/** Whether `job` may start while `running` runs: other conversations always, siblings of one comparison too. */
export function mayRunBeside(job: Pick<AnswerRequest, 'conversationId' | 'compareGroup'>, running: Pick<AnswerRequest, 'conversationId' | 'compareGroup'>): boolean {
  if (job.conversationId !== running.conversationId) return true;
  return job.compareGroup !== undefined && job.compareGroup === running.compareGroup;
}
