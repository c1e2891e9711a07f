// One queue for every surface: at most one generation per conversation and a small global limit
// (the playground rate-limits per minute; parallel answers mostly buy 429s). Jobs wait in FIFO
// order; a conversation's later turn waits for its earlier one. Offline, nothing starts.
// The queue itself is a cache: waiting answers are stored as 'queued' messages, which start-up
// recovery puts back into the queue.

import type { AnswerRequest } from './request';
import { COMPARE_LIMIT, laneOf, limitFor, mayRunBeside } from './compare-lanes';

export const GLOBAL_LIMIT = 2;

/** A queued answer request (lib/background/engine/request.ts). */
export type Job = AnswerRequest;

export class Scheduler {
  private readonly waiting: Job[] = [];
  /** The job running per lane: a conversation, or one column of a comparison (compare-lanes.ts). */
  private readonly running = new Map<string, Job>();

  constructor(
    private readonly launch: (job: Job) => void,
    private readonly online: () => boolean,
    private readonly limit = GLOBAL_LIMIT,
    /** How many answers may run in all when a comparison's column starts (compare-lanes.ts). */
    private readonly compareLimit = COMPARE_LIMIT,
  ) {}

  /**
   * Queue a job; returns true when it started at once. A second job for a message that already
   * has one waiting or running is refused (issue #11 item 4: one prompt is sent once).
   */
  submit(job: Job, { front = false } = {}): boolean {
    if (this.has(job.messageId, job)) return false;
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
      this.isRunning(conversationId) ||
      this.running.size >= this.limit ||
      !this.online() ||
      this.waiting.some((j) => j.conversationId === conversationId)
    );
  }

  /** Whether a job (other than `except`) for this message is waiting or running. */
  has(messageId: string, except?: Job): boolean {
    const same = (j: Job) => j !== except && j.messageId === messageId;
    return this.waiting.some(same) || [...this.running.values()].some(same);
  }

  /** How many jobs run now (launched and not finished). */
  get runningCount(): number {
    return this.running.size;
  }

  isRunning(conversationId: string): boolean {
    return [...this.running.values()].some((j) => j.conversationId === conversationId);
  }

  waitingFor(conversationId: string): Job[] {
    return this.waiting.filter((j) => j.conversationId === conversationId);
  }

  /** Remove a waiting job (cancel); returns it if it was waiting. */
  cancel(messageId: string): Job | undefined {
    const index = this.waiting.findIndex((j) => j.messageId === messageId);
    return index >= 0 ? this.waiting.splice(index, 1)[0] : undefined;
  }

  /** A generation ended: its lane (conversation, or comparison column: laneOf) is free again. */
  finished(lane: string): void {
    this.running.delete(lane);
    this.pump();
  }

  /** Start whatever may start now; returns the jobs started. */
  pump(): Job[] {
    const started: Job[] = [];
    if (!this.online()) return started;
    for (let i = 0; i < this.waiting.length && this.running.size < Math.max(this.limit, this.compareLimit); ) {
      const job = this.waiting[i];
      if (this.running.size >= limitFor(job, this.limit, this.compareLimit) || ![...this.running.values()].every((r) => mayRunBeside(job, r))) {
        i += 1;
        continue;
      }
      this.waiting.splice(i, 1);
      this.running.set(laneOf(job), job);
      started.push(job);
      this.launch(job);
    }
    return started;
  }
}
