// One answer request, from the moment it is queued until its terminal frame:
//   queued → running → terminal, or running → queued again (offline, tab fallback).
// The request owns its frame numbering (seq), so every frame a surface sees for one requestId
// counts up across waiting, requeueing and running; surfaces drop seq ≤ the last they saw.
// A rate-limit retry is a new request (new requestId) for the same message.
import type { WaitReason } from '@/lib/protocol/messages';
import type { Conversation, Message } from '@/lib/protocol/records';
import type { Settings } from '@/lib/protocol/settings';
import type { ErrorCode } from '@/lib/shared/errors';

/** Answer with `model` because `from` failed with `reason` (issue #17: the model router). */
export interface Failover {
  model: string;
  from: string;
  reason: ErrorCode;
}

export type RequestPhase = 'queued' | 'running' | 'terminal';

export interface RequestSpec {
  conversationId: string;
  /** The assistant message to write into. */
  messageId: string;
  requestId: string;
  /** Rate-limit retries made so far. */
  attempt: number;
  /** Continue the partial answer in place instead of answering from scratch. */
  continuation?: boolean;
  /** This attempt follows a passed playground check. */
  verified?: boolean;
  /** Run inside a playground tab (after direct requests failed post-verification). */
  viaTab?: boolean;
  /** Answer with another model than the conversation's (automatic failover or "Answer with …"). */
  failover?: Failover;
  /** A comparison's column (issue #15): it runs beside its sibling columns (engine/compare.ts). */
  compareGroup?: string;
}

/**
 * What the turn that queued this request already read and wrote: the run that follows at once
 * uses it instead of reading it all again (issue #10: one IndexedDB read per fact per turn).
 * Dropped as soon as the request has to wait, since the history may change meanwhile.
 */
export interface TurnFacts {
  conversation: Conversation;
  /** The conversation's messages, the target assistant message included. */
  messages: Message[];
  settings: Settings;
}

export class AnswerRequest {
  readonly conversationId: string;
  readonly messageId: string;
  readonly requestId: string;
  readonly attempt: number;
  readonly continuation: boolean;
  readonly verified: boolean;
  viaTab: boolean;
  /** Set once the request switched models; a request fails over at most once. */
  failover?: Failover;
  readonly compareGroup?: string;
  phase: RequestPhase = 'queued';
  /** Why it waits (set while queued after a failed attempt). */
  reason?: WaitReason;
  facts?: TurnFacts;
  /** The last seq sent; undefined until chat-started went out. */
  private lastSeq: number | undefined;
  /** Frames held until the turn's rows are stored (holdFramesUntil); undefined: send at once. */
  private held: (() => void)[] | undefined;
  /** The turn's rows could not be stored: nothing of this request reaches the surfaces. */
  unstored = false;
  /** Settles when the rows of the turn that queued this request are stored (undefined: they were). */
  stored?: Promise<unknown>;

  constructor(spec: RequestSpec) {
    this.conversationId = spec.conversationId;
    this.messageId = spec.messageId;
    this.requestId = spec.requestId;
    this.attempt = spec.attempt;
    this.continuation = spec.continuation ?? false;
    this.verified = spec.verified ?? false;
    this.viaTab = spec.viaTab ?? false;
    if (spec.failover) this.failover = spec.failover;
    if (spec.compareGroup) this.compareGroup = spec.compareGroup;
  }

  /** Whether surfaces already got this request's chat-started. */
  get announced(): boolean {
    return this.lastSeq !== undefined;
  }

  /** The seq of the last frame sent (0 before any). */
  get seq(): number {
    return this.lastSeq ?? 0;
  }

  /**
   * issue #16: the chat frame may leave while the turn's rows commit, but surfaces hear of the turn
   * only once they are stored: a page whose chat-start never got chat-started gives the prompt back
   * after a killed worker (pages/chat-client.ts), so a question is never shown and then lost.
   */
  holdFramesUntil(stored: Promise<unknown>): void {
    const held: (() => void)[] = [];
    this.held = held;
    this.stored = stored;
    stored.then(
      () => {
        // Sends queued while flushing stay in order behind the ones already held.
        while (held.length > 0) held.shift()!();
        this.held = undefined;
      },
      () => {
        this.held = undefined;
        this.unstored = true;
      },
    );
  }

  /** Runs `send` now, or in order once the turn's rows are stored; never if they could not be. */
  whenStored(send: () => void): void {
    if (this.unstored) return;
    if (this.held) this.held.push(send);
    else send();
  }

  /** The chat-started frame (seq 0). */
  startFrame(): { conversationId: string; requestId: string; messageId: string; seq: number } {
    this.lastSeq = 0;
    return { conversationId: this.conversationId, requestId: this.requestId, messageId: this.messageId, seq: 0 };
  }

  /** The stream fields of the next frame (seq counts up from the last one sent). */
  frame(): { conversationId: string; requestId: string; messageId: string; seq: number } {
    this.lastSeq = this.seq + 1;
    return { conversationId: this.conversationId, requestId: this.requestId, messageId: this.messageId, seq: this.lastSeq };
  }

  /** The scheduler started it. Facts are only trusted by a run that follows its turn at once. */
  start(): TurnFacts | undefined {
    this.phase = 'running';
    this.reason = undefined;
    const facts = this.facts;
    this.facts = undefined;
    return facts;
  }

  /** It has to wait: what was read for it may be stale by the time it runs. */
  waits(reason?: WaitReason): void {
    this.phase = 'queued';
    this.reason = reason;
    this.facts = undefined;
  }

  end(): void {
    this.phase = 'terminal';
    this.facts = undefined;
  }

  spec(): RequestSpec {
    return {
      conversationId: this.conversationId,
      messageId: this.messageId,
      requestId: this.requestId,
      attempt: this.attempt,
      continuation: this.continuation,
      verified: this.verified,
      viaTab: this.viaTab,
      ...(this.failover && { failover: this.failover }),
      ...(this.compareGroup && { compareGroup: this.compareGroup }),
    };
  }
}

/** Stream fields for a one-off frame about a message that no running request owns (seq 1 of a fresh id). */
export function detachedFrame(conversationId: string, messageId: string, requestId: string): { conversationId: string; requestId: string; messageId: string; seq: number } {
  return new AnswerRequest({ conversationId, messageId, requestId, attempt: 0 }).frame();
}
