// One queue for every surface: at most one generation per conversation and a small global limit
// (the playground rate-limits per minute; parallel answers mostly buy 429s). Jobs wait in FIFO
// order; a conversation's later turn waits for its earlier one. Offline, nothing starts.
// The queue itself is a cache: waiting answers are stored as 'queued' messages, which start-up
// recovery puts back into the queue.

import type { AnswerRequest } from './request';

export const GLOBAL_LIMIT = 2;

/** A queued answer request (lib/background/engine/request.ts). */
export type Job = AnswerRequest;

export class Scheduler {
  private readonly waiting: Job[] = [];
  private readonly running = new Set<string>();

  constructor(
    private readonly launch: (job: Job) => void,
    private readonly online: () => boolean,
    private readonly limit = GLOBAL_LIMIT,
  ) {}

  /** Queue a job; returns true when it started at once. */
  submit(job: Job, { front = false } = {}): boolean {
    if (front) this.waiting.unshift(job);
    else this.waiting.push(job);
    const started = this.pump().includes(job);
    // What its turn read for it is stale by the time it runs.
    if (!started) job.waits(job.reason);
    return started;
  }

  /** Whether a job for this conversation would have to wait behind another one. */
  mustWait(conversationId: string): boolean {
    return (
      this.running.has(conversationId) ||
      this.running.size >= this.limit ||
      !this.online() ||
      this.waiting.some((j) => j.conversationId === conversationId)
    );
  }

  isRunning(conversationId: string): boolean {
    return this.running.has(conversationId);
  }

  waitingFor(conversationId: string): Job[] {
    return this.waiting.filter((j) => j.conversationId === conversationId);
  }

  /** Remove a waiting job (cancel); returns it if it was waiting. */
  cancel(messageId: string): Job | undefined {
    const index = this.waiting.findIndex((j) => j.messageId === messageId);
    return index >= 0 ? this.waiting.splice(index, 1)[0] : undefined;
  }

  /** A generation ended: its conversation is free again. */
  finished(conversationId: string): void {
    this.running.delete(conversationId);
    this.pump();
  }

  /** Start whatever may start now; returns the jobs started. */
  pump(): Job[] {
    const started: Job[] = [];
    if (!this.online()) return started;
    for (let i = 0; i < this.waiting.length && this.running.size < this.limit; ) {
      const job = this.waiting[i];
      if (this.running.has(job.conversationId)) {
        i += 1;
        continue;
      }
      this.waiting.splice(i, 1);
      this.running.add(job.conversationId);
      started.push(job);
      this.launch(job);
    }
    return started;
  }
}
