// Shared plumbing for every stream parser: the "deltas, then exactly one terminal" contract, the
// answer-size cap and the malformed-unit counter live here so each era parser only maps units.
import { errorEvent, type PlaygroundEvent } from '../events';
import type { ErrorCode } from '@/lib/shared/errors';
import type { Usage } from '@/lib/shared/models';
import { MAX_ANSWER_CHARS } from '../limits';

/** What every parser exposes. Feed it decoded text; it hands back events. */
export interface StreamParser {
  /** Feed the next piece of decoded text (any split). */
  push(text: string): PlaygroundEvent[];
  /** The body or socket closed: returns the terminal event if none was emitted yet. */
  end(): PlaygroundEvent[];
  /** How many malformed units (lines, events, frames, chunks) were skipped. */
  readonly malformedCount: number;
  /** True once the terminal event has been emitted. */
  readonly done: boolean;
}

/** A transport error: the socket or HTTP body ended before the answer's terminal event. */
export const CONNECTION_CLOSED_MESSAGE = 'The connection closed before the answer was complete.';
export const TOO_LONG_MESSAGE = 'The answer is too long: it went over the size limit, so it was stopped.';
export const EVENT_TOO_LARGE_MESSAGE = 'The playground sent a piece of the answer that is too large to accept.';

export class EventSink {
  private out: PlaygroundEvent[] = [];
  private terminal = false;
  private answerChars = 0;
  malformed = 0;

  get done(): boolean {
    return this.terminal;
  }

  text(text: string): void {
    this.delta('text-delta', text);
  }

  reasoning(text: string): void {
    this.delta('reasoning-delta', text);
  }

  private delta(type: 'text-delta' | 'reasoning-delta', text: string): void {
    if (this.terminal || text === '') return;
    this.answerChars += text.length;
    if (this.answerChars > MAX_ANSWER_CHARS) {
      this.fail('protocol', TOO_LONG_MESSAGE);
      return;
    }
    this.out.push({ type, text });
  }

  /** Forward an already-built event (delta or terminal) under the same rules. */
  emit(event: PlaygroundEvent): void {
    switch (event.type) {
      case 'text-delta':
        this.text(event.text);
        return;
      case 'reasoning-delta':
        this.reasoning(event.text);
        return;
      case 'status':
        if (!this.terminal) this.out.push(event);
        return;
      case 'finish':
        this.finish(event.reason, event.usage);
        return;
      case 'error':
        this.error(event);
        return;
    }
  }

  finish(reason?: string, usage?: Usage): void {
    if (this.terminal) return;
    this.terminal = true;
    const event: Extract<PlaygroundEvent, { type: 'finish' }> = { type: 'finish' };
    if (reason !== undefined) event.reason = reason;
    if (usage !== undefined) event.usage = usage;
    this.out.push(event);
  }

  error(event: Extract<PlaygroundEvent, { type: 'error' }>): void {
    if (this.terminal) return;
    this.terminal = true;
    this.out.push(event);
  }

  fail(code: ErrorCode, message: string): void {
    this.error(errorEvent(code, message));
  }

  /** The stream closed with no terminal event: it was interrupted. */
  interrupted(): void {
    this.fail('network', CONNECTION_CLOSED_MESSAGE);
  }

  /** Hand over (and forget) what was emitted since the last drain. */
  drain(): PlaygroundEvent[] {
    const out = this.out;
    this.out = [];
    return out;
  }
}

/** A usage object with only the numeric fields that are present, or undefined. */
export function toUsage(prompt: unknown, completion: unknown): Usage | undefined {
  const usage: Usage = {};
  if (typeof prompt === 'number' && Number.isFinite(prompt)) usage.promptTokens = prompt;
  if (typeof completion === 'number' && Number.isFinite(completion)) usage.completionTokens = completion;
  return usage.promptTokens === undefined && usage.completionTokens === undefined ? undefined : usage;
}
