// Automatic retries of rate-limited answers, waiting for their time. While one waits the worker
// is held awake (lib/background/engine/keepalive.ts).
import { holdAwake } from './keepalive';
import type { AnswerRequest } from './request';

export class RetryTimers {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  /** Runs `fire` after `delayMs` unless cancelled; replaces a retry already waiting for the message. */
  schedule(request: AnswerRequest, delayMs: number, fire: () => void): void {
    this.cancel(request.messageId);
    const release = holdAwake();
    const timer = setTimeout(() => {
      this.timers.delete(request.messageId);
      release();
      fire();
    }, delayMs);
    this.timers.set(request.messageId, timer);
  }

  /** Cancels the retry waiting for this message; returns whether there was one. */
  cancel(messageId: string): boolean {
    const timer = this.timers.get(messageId);
    if (timer === undefined) return false;
    clearTimeout(timer);
    this.timers.delete(messageId);
    return true;
  }

  /** Messages with a retry waiting. */
  messageIds(): string[] {
    return [...this.timers.keys()];
  }
}
