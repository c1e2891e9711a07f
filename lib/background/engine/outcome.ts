// How an attempt ends, decided in one pure function (table-tested in
// tests/unit/background/engine/outcome.test.ts): the stored status, the frame surfaces get, and
// whether the request waits again or a retry is scheduled. No I/O, no clock, no mutation.
import type { WaitReason } from '@/lib/protocol/messages';
import { MODEL_UNAVAILABLE_CODES, type ErrorCode } from '@/lib/shared/errors';
import type { TerminalEvent } from '@/lib/playground/events';

export const STILL_BLOCKED_MESSAGE =
  'The playground still asks for a check after verification. Open the playground, make sure a chat works there, then retry.';

export interface OutcomeInput {
  /** The stream's terminal event. */
  event: TerminalEvent;
  /** The answer's text so far (an offline failure requeues only an answer with nothing shown). */
  text: string;
  /** navigator.onLine when the attempt ended. */
  online: boolean;
  now: number;
  request: { attempt: number; continuation: boolean; verified: boolean; viaTab: boolean };
  /** The rate-limit policy: the delay before retry number `attempt + 1`, or undefined to give up. */
  retryDelay: (attempt: number, retryAfterMs: number | undefined) => number | undefined;
  /**
   * The model to answer with instead when this one cannot (issue #17): given only when the user
   * turned automatic failover on, this request has not failed over already, and a model fits.
   */
  alternative?: string;
}

/** The switch to another model an outcome asks for: the answer is sent again, with `model`. */
export interface FailoverStep {
  model: string;
  reason: ErrorCode;
}

export type Outcome =
  /** Finished: stored done, chat-end. */
  | { status: 'done'; frame: 'chat-end' }
  /** The user stopped it: stored stopped, chat-end (a stop is a choice, not a failure). */
  | { status: 'stopped'; frame: 'chat-end' }
  /** Not a failure yet: stored queued, chat-status queued, back in the queue (front). */
  | { status: 'queued'; frame: 'chat-status'; reason: WaitReason; viaTab?: true; failover?: FailoverStep }
  /** Failed: stored error, chat-error; with `retry`, an automatic retry is scheduled at retryAt. */
  | { status: 'error'; frame: 'chat-error'; code: ErrorCode; message: string; retry?: Retry };

/** An automatic retry: when, which attempt it will be, and the wait from now. */
export interface Retry {
  retryAt: number;
  attempt: number;
  delayMs: number;
}

export function decideOutcome({ event, text, online, now, request, retryDelay, alternative }: OutcomeInput): Outcome {
  if (event.type === 'finish') return { status: 'done', frame: 'chat-end' };
  if (event.code === 'aborted') return { status: 'stopped', frame: 'chat-end' };
  const failed = { status: 'error', frame: 'chat-error', code: event.code, message: event.message } as const;
  // Another model answers from scratch: only while nothing was shown (text on screen is never
  // thrown away, and a continuation belongs to the model that wrote its start).
  const failover: Outcome | undefined =
    alternative !== undefined && text === '' && !request.continuation
      ? { status: 'queued', frame: 'chat-status', reason: 'busy', failover: { model: alternative, reason: event.code } }
      : undefined;
  if (MODEL_UNAVAILABLE_CODES.includes(event.code)) return failover ?? failed;
  // A dead network while offline waits for the network, unless text was already shown.
  if (event.code === 'network' && !online && text === '' && !request.continuation)
    return { status: 'queued', frame: 'chat-status', reason: 'offline' };
  if (event.code === 'rate-limited') {
    const delay = retryDelay(request.attempt, event.retryAfterMs);
    // Still rate-limited after the backoff: another model, if the user wants that.
    if (delay === undefined) return failover ?? failed;
    return { ...failed, retry: { retryAt: now + delay, attempt: request.attempt + 1, delayMs: delay } };
  }
  if (event.code === 'challenge' && request.verified) {
    // Direct requests still blocked after the user passed the check: the check is bound to the
    // page (e.g. a partitioned cookie). Try once from inside a playground tab, then stop.
    // The answer keeps waiting (queued, reason 'verification') rather than flashing an error
    // whose Verify button would start a second verification under the tab attempt.
    if (!request.viaTab) return { status: 'queued', frame: 'chat-status', reason: 'verification', viaTab: true };
    return { ...failed, message: STILL_BLOCKED_MESSAGE };
  }
  return failed;
}
