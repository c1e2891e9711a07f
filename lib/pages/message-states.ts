// The open conversation's messages as signals, plus what keeps a stream cheap and exact: deltas are
// buffered and applied at most once per frame (at once after a quiet spell), frames replayed after a reconnect are dropped by
// seq, and authoritative records (snapshots, slices, final messages) replace the buffered text.
// Split from chat-store.ts (issue #10): this file owns the message list, ChatStore the rest.
import { batch, signal, type Signal } from '@preact/signals';
import { isAnswerDetail, type AnswerDetail, type LiveAnswer } from '@/lib/protocol/messages';
import type { DocumentProgress, Message, MessageRole } from '@/lib/protocol/records';

export interface MessageState {
  readonly id: string;
  readonly role: MessageRole;
  /** Status, model, error, usage, timings: changes a few times per answer. */
  readonly record: Signal<Message>;
  /** Changes on every flushed delta. */
  readonly text: Signal<string>;
  readonly reasoning: Signal<string>;
  /** What the playground is doing for this answer besides streaming (issue #17); undefined = nothing. */
  readonly detail: Signal<AnswerDetail | undefined>;
}

/** The callback returns true when its flush applied a burst (more than one delta message). */
export type Scheduler = (callback: () => boolean | void) => void;

/**
 * A fast stream (a flush applied more than one delta message, or over BURST_CHARS characters)
 * waits at least this many times the last flush's own cost before the next flush, so rendering a
 * long answer takes at most about a quarter of the main thread (which the side panel shares with
 * the offscreen socket relay): each flush of a growing answer costs more, and rendering it every
 * frame made a 20,000-token answer arrive 1.4× slower than the socket (issue #16, bench measure 1).
 * A cheap flush (a short answer) still goes every frame; a slow stream's lone deltas never wait (a
 * flush's wall time also counts time the thread was descheduled, which must not hold them back).
 */
export const RENDER_COST_FACTOR = 3;
/** More characters than this in one flush make it a burst even from one message (a token is ~4). */
export const BURST_CHARS = 64;

/**
 * When buffered deltas are applied. A delta that arrives after a quiet spell (a frame has gone by
 * since the last flush) is applied at once, in a microtask of the task that brought it, so it
 * reaches the DOM without waiting up to a frame for requestAnimationFrame (issue #16, bench
 * measure 3: the rAF wait was ~8 of the 14 ms from socket frame to panel DOM at a 30 ms drip).
 * Deltas that follow within the same frame wait for the next animation frame (and for the render
 * cost allowance above), so a fast stream renders at most once per frame. A hidden page has no
 * frames: a 16 ms timer instead. `now` is injectable so tests do not depend on how fast they run.
 */
export function frameScheduler(now: () => number = () => performance.now()): Scheduler {
  /** A frame has been produced since the last flush: the page is idle, apply now. */
  let frameSinceFlush = true;
  /** The earliest time the next flush may run (the last flush's end plus its cost allowance). */
  let nextAllowed = Number.NEGATIVE_INFINITY;
  const run = (callback: () => boolean | void) => {
    frameSinceFlush = false;
    requestAnimationFrame(() => (frameSinceFlush = true));
    const start = now();
    const burst = callback() === true;
    // The signals' components re-render in a microtask queued by the callback: this one runs after.
    queueMicrotask(() => {
      const end = now();
      nextAllowed = burst ? end + RENDER_COST_FACTOR * (end - start) : Number.NEGATIVE_INFINITY;
    });
  };
  return (callback) => {
    const visible = typeof document === 'undefined' || document.visibilityState !== 'hidden';
    if (!visible || typeof requestAnimationFrame !== 'function') return void setTimeout(callback, 16);
    const wait = nextAllowed - now();
    if (wait > 0) setTimeout(() => requestAnimationFrame(() => run(callback)), wait);
    else if (frameSinceFlush) queueMicrotask(() => run(callback));
    else requestAnimationFrame(() => run(callback));
  };
}

export const ACTIVE_STATUSES = new Set(['queued', 'streaming']);

export class MessageStates {
  readonly messages = signal<MessageState[]>([]);

  private readonly byId = new Map<string, MessageState>();
  private readonly lastSeq = new Map<string, number>();
  private readonly buffer = new Map<string, { text: string; reasoning: string }>();
  private flushScheduled = false;
  /** Delta messages and characters buffered since the last scheduled flush (see isBurst). */
  private bufferedDeltas = 0;
  private bufferedChars = 0;

  /** `onFlushed` runs inside the batch of every flush that applied something. */
  constructor(
    private readonly schedule: Scheduler,
    private readonly onFlushed: () => void,
  ) {}

  get(id: string): MessageState | undefined {
    return this.byId.get(id);
  }

  /** Buffer a streamed delta; it is applied when the scheduler says (at once when idle, else next frame). */
  bufferDelta(messageId: string, kind: 'text' | 'reasoning', text: string): void {
    const entry = this.buffer.get(messageId) ?? { text: '', reasoning: '' };
    entry[kind] += text;
    this.buffer.set(messageId, entry);
    this.bufferedDeltas++;
    this.bufferedChars += text.length;
    this.scheduleFlush();
  }

  /** A long document's progress (issue #13): it lives on the record. */
  setDocument(messageId: string, document: DocumentProgress): void {
    const state = this.byId.get(messageId);
    if (state) state.record.value = { ...state.record.peek(), document };
  }

  /** Buffered text an authoritative record is about to replace. */
  dropBuffered(messageId: string): void {
    this.buffer.delete(messageId);
  }

  /** Apply buffered deltas now (normally called by the frame scheduler). */
  flush(): void {
    if (this.buffer.size === 0) return;
    const entries = [...this.buffer];
    this.buffer.clear();
    batch(() => {
      for (const [id, chunk] of entries) {
        const state = this.byId.get(id);
        if (!state) continue;
        if (chunk.text) state.text.value += chunk.text;
        if (chunk.reasoning) state.reasoning.value += chunk.reasoning;
        const record = state.record.peek();
        if (record.status === 'queued') state.record.value = { ...record, status: 'streaming' };
      }
      this.onFlushed();
    });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.schedule(() => {
      this.flushScheduled = false;
      // A burst: several messages, or one carrying many tokens (the worker and the socket relay
      // coalesce a fast stream's tokens, so a fast stream often brings one big message per frame).
      const burst = this.bufferedDeltas > 1 || this.bufferedChars > BURST_CHARS;
      this.bufferedDeltas = 0;
      this.bufferedChars = 0;
      this.flush();
      return burst;
    });
  }

  /** Frames with seq ≤ the last seen for their request are replays: drop them. */
  isDuplicate(requestId: string, seq: number): boolean {
    const last = this.lastSeq.get(requestId);
    if (last !== undefined && seq <= last) return true;
    this.lastSeq.set(requestId, seq);
    return false;
  }

  applyLive(live: LiveAnswer): void {
    this.buffer.delete(live.messageId);
    this.lastSeq.set(live.requestId, live.seq);
    const state = this.byId.get(live.messageId);
    if (!state) return;
    state.text.value = live.text;
    state.reasoning.value = live.reasoning;
    state.detail.value = isAnswerDetail(live.detail) ? live.detail : undefined;
    const record = state.record.peek();
    if (!ACTIVE_STATUSES.has(record.status)) state.record.value = { ...record, status: 'streaming' };
  }

  private createState(message: Message): MessageState {
    return {
      id: message.id,
      role: message.role,
      record: signal(message),
      text: signal(message.text),
      reasoning: signal(message.reasoning ?? ''),
      detail: signal(undefined),
    };
  }

  /** Update (or create) one message's state from an authoritative record. */
  upsert(message: Message): MessageState {
    const existing = this.byId.get(message.id);
    if (!existing) {
      const state = this.createState(message);
      this.byId.set(message.id, state);
      this.messages.value = [...this.messages.peek(), state].sort((a, b) => a.record.peek().seq - b.record.peek().seq);
      return state;
    }
    existing.record.value = message;
    existing.text.value = message.text;
    existing.reasoning.value = message.reasoning ?? '';
    return existing;
  }

  replace(messages: Message[]): void {
    this.buffer.clear();
    this.byId.clear();
    const states = [...messages].sort((a, b) => a.seq - b.seq).map((m) => this.createState(m));
    for (const state of states) this.byId.set(state.id, state);
    this.messages.value = states;
  }

  /**
   * Merge a slice of the conversation: every known message at or after the first incoming one that
   * the slice does not contain was dropped by the background (regenerate/edit), so drop it too.
   */
  merge(incoming: Message[]): void {
    if (incoming.length === 0) return;
    const firstSeq = Math.min(...incoming.map((m) => m.seq));
    const incomingIds = new Set(incoming.map((m) => m.id));
    const kept = this.messages.peek().filter((s) => s.record.peek().seq < firstSeq || incomingIds.has(s.id));
    for (const state of this.messages.peek()) {
      if (!kept.includes(state)) {
        this.byId.delete(state.id);
        this.buffer.delete(state.id);
      }
    }
    const next = [...kept];
    for (const message of incoming) {
      const existing = this.byId.get(message.id);
      if (existing) {
        existing.record.value = message;
        existing.text.value = message.text;
        existing.reasoning.value = message.reasoning ?? '';
      } else {
        const state = this.createState(message);
        this.byId.set(message.id, state);
        next.push(state);
      }
    }
    this.messages.value = next.sort((a, b) => a.record.peek().seq - b.record.peek().seq);
  }
}
