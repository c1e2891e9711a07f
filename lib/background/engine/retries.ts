// Automatic retries of rate-limited answers (issue #11 item 10): persisted (waits-store.ts) and
// armed twice: a timer for the exact time while this worker lives (and a keep-alive hold, so it
// does live), and a browser alarm that wakes a stopped worker, whose start-up re-arms what is
// due. Whichever comes first takes the stored wait; the other finds nothing to do.
// Chrome clamps alarms to ≥ 30 s, hence the timer: https://developer.chrome.com/docs/extensions/reference/api/alarms
import { newId } from '@/lib/background/storage/db';
import { getMessage } from '@/lib/background/storage/messages';
import type { EngineContext } from './context';
import { holdAwake } from './keepalive';
import { AnswerRequest } from './request';
import { putWait, takeWait, type Wait } from './waits-store';

type RetryWait = Extract<Wait, { kind: 'retry' }>;

export const RETRY_ALARM_PREFIX = 'retry:';

/** The in-memory timers of this worker, each with the keep-alive hold it took. */
export class RetryTimers {
  private readonly timers = new Map<string, { conversationId: string; timer: ReturnType<typeof setTimeout>; release: () => void }>();

  arm(conversationId: string, messageId: string, delayMs: number, fire: () => void): void {
    this.cancel(messageId);
    const release = holdAwake();
    const timer = setTimeout(() => {
      this.cancel(messageId);
      fire();
    }, delayMs);
    this.timers.set(messageId, { conversationId, timer, release });
  }

  /** Clears the timer and releases its hold (item 5: a cleared timer must not keep the worker awake). */
  cancel(messageId: string): boolean {
    const entry = this.timers.get(messageId);
    if (!entry) return false;
    clearTimeout(entry.timer);
    entry.release();
    this.timers.delete(messageId);
    return true;
  }

  /** Messages of this conversation with a retry armed (item 6: Stop touches only its own). */
  messageIdsFor(conversationId: string): string[] {
    return [...this.timers].filter(([, e]) => e.conversationId === conversationId).map(([id]) => id);
  }

  /** The worker stops (tests): timers and holds go, the stored waits stay. */
  dispose(): void {
    for (const id of [...this.timers.keys()]) this.cancel(id);
  }
}

/** An attempt failed with a rate limit and the policy allows a retry after `delayMs`. */
export function scheduleRetry(ctx: EngineContext, request: AnswerRequest, retryAt: number, delayMs: number): void {
  const { requestId: _old, ...spec } = request.spec();
  const wait: RetryWait = { kind: 'retry', conversationId: request.conversationId, messageId: request.messageId, retryAt, spec: { ...spec, attempt: request.attempt + 1 } };
  arm(ctx, wait, delayMs);
  void putWait(wait).catch((error: unknown) => console.error('FlareChat: could not keep a scheduled retry', String(error)));
}

function arm(ctx: EngineContext, wait: RetryWait, delayMs: number): void {
  ctx.retries.arm(wait.conversationId, wait.messageId, delayMs, () => void fireRetry(ctx, wait.messageId));
  ctx.deps.alarms?.create(RETRY_ALARM_PREFIX + wait.messageId, wait.retryAt);
}

/** The retry's time came (timer, alarm or start-up): send it, once. */
export async function fireRetry(ctx: EngineContext, messageId: string): Promise<void> {
  ctx.retries.cancel(messageId);
  ctx.deps.alarms?.clear(RETRY_ALARM_PREFIX + messageId);
  const wait = await takeWait(messageId, 'retry');
  if (wait?.kind !== 'retry') return;
  ctx.scheduler.submit(new AnswerRequest({ ...wait.spec, requestId: newId() }), { front: true });
}

/** Cancels a scheduled retry (Stop, Retry, a lighter model); returns whether there was one. */
export async function cancelRetry(ctx: EngineContext, messageId: string): Promise<boolean> {
  const armed = ctx.retries.cancel(messageId);
  ctx.deps.alarms?.clear(RETRY_ALARM_PREFIX + messageId);
  const stored = await takeWait(messageId, 'retry');
  return armed || stored !== undefined;
}

/** Start-up: re-arm the retries a stopped worker had scheduled (due ones run now). */
export async function recoverRetries(ctx: EngineContext, waits: Wait[]): Promise<void> {
  for (const wait of waits) {
    if (wait.kind !== 'retry') continue;
    const message = await getMessage(wait.messageId);
    // The user moved on (retried, edited, deleted): the retry is void.
    if (message?.status !== 'error' || message.error?.retryAt !== wait.retryAt) {
      await takeWait(wait.messageId, 'retry');
      ctx.deps.alarms?.clear(RETRY_ALARM_PREFIX + wait.messageId);
      continue;
    }
    arm(ctx, wait, Math.max(0, wait.retryAt - ctx.now()));
  }
}
