// How comparison columns (issue #15) share the queue. Normally a conversation runs one answer at
// a time; the columns of one comparison run side by side, each in its own lane (its message id),
// and nothing else of that conversation runs beside them.
//
// The limit. The playground's rate limit is per minute ("3021: rate limiting: inference request
// per min rate reached", docs/playground-2026.md): it counts requests, not requests at once, so a
// comparison costs the same 2-3 requests whether its columns run together or in turn. Measured
// (tests/unit/background/engine/compare-limit.test.ts: real engine + socket transport against the
// emulator's per-minute budget knob, tests/emulator/model-knobs.ts; one ordinary turn, then a
// 3-model comparison of 40-token answers at 15 ms a token; two runs each):
//   budget 3/min: limit 2 → 1 column rate-limited, 2 done; limit 3 → 1 rate-limited, 2 done
//   budget 4/min: limit 2 → 0 rate-limited, last column's first token at 722-982 ms, all done at
//                 1396-1680 ms; limit 3 → 0 rate-limited, first token 102-188 ms, done 841-845 ms
// Running them together buys no extra 429s, halves the time, and makes the columns comparable
// (same moment, same load), so comparison columns may run up to COMPARE_LIMIT answers at once;
// ordinary answers keep GLOBAL_LIMIT (scheduler.ts).
import type { AnswerRequest } from './request';

export const COMPARE_LIMIT = 3;

/** The scheduler's running-map key: the conversation, or the column for a comparison's column. */
export function laneOf(job: Pick<AnswerRequest, 'conversationId' | 'messageId' | 'compareGroup'>): string {
  return job.compareGroup ? `${job.conversationId}/${job.messageId}` : job.conversationId;
}

/** How many answers may run (in all) when this job starts. */
export function limitFor(job: Pick<AnswerRequest, 'compareGroup'>, globalLimit: number, compareLimit = COMPARE_LIMIT): number {
  return job.compareGroup ? Math.max(globalLimit, compareLimit) : globalLimit;
}

/** Whether `job` may start while `running` runs: other conversations always, siblings of one comparison too. */
export function mayRunBeside(job: Pick<AnswerRequest, 'conversationId' | 'compareGroup'>, running: Pick<AnswerRequest, 'conversationId' | 'compareGroup'>): boolean {
  if (job.conversationId !== running.conversationId) return true;
  return job.compareGroup !== undefined && job.compareGroup === running.compareGroup;
}
