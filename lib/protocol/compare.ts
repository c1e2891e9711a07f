// Compare models side by side (issue #15): the comparison state machine, pure so the engine, the
// pages and a table test share one definition. A comparison is 2-3 sibling assistant answers to
// one user message (same parent, same seq), one model each, tied together by `compareGroup`.
// Each column moves through the message statuses; every column ends in exactly one terminal state
// (done, stopped, error, interrupted), and nothing moves it out of a terminal state except the
// automatic rate-limit retry a failed column is waiting for (its own countdown, issue #11 item 10).
import type { Message, MessageStatus } from './records';

export const COMPARE_MIN_MODELS = 2;
export const COMPARE_MAX_MODELS = 3;

/** Where a column is: a message status, plus 'retrying' (failed, its automatic retry is scheduled). */
export type ColumnPhase = MessageStatus | 'retrying';

export type ColumnEvent =
  | 'start' // the engine started its request
  | 'finish' // the model ended its answer
  | 'stop' // the user stopped this column (or Stop all)
  | 'fail' // an error without an automatic retry
  | 'fail-retry' // a rate limit: the column counts down to its own retry
  | 'requeue' // its retry fired, or it waits again (offline, busy)
  | 'interrupt'; // the worker died while it streamed (start-up recovery)

export const TERMINAL_PHASES: ReadonlySet<ColumnPhase> = new Set(['done', 'stopped', 'error', 'interrupted']);

export function isTerminal(phase: ColumnPhase): boolean {
  return TERMINAL_PHASES.has(phase);
}

/** The one transition table. Events a phase does not list leave it as it is. */
const TABLE: Record<ColumnPhase, Partial<Record<ColumnEvent, ColumnPhase>>> = {
  queued: { start: 'streaming', stop: 'stopped', fail: 'error', 'fail-retry': 'retrying' },
  streaming: { finish: 'done', stop: 'stopped', fail: 'error', 'fail-retry': 'retrying', requeue: 'queued', interrupt: 'interrupted' },
  retrying: { requeue: 'queued', stop: 'stopped', fail: 'error' },
  done: {},
  stopped: {},
  error: {},
  interrupted: {},
};

export function nextPhase(phase: ColumnPhase, event: ColumnEvent): ColumnPhase {
  return TABLE[phase][event] ?? phase;
}

/** A stored answer's phase. */
export function phaseOf(message: Pick<Message, 'status' | 'error'>): ColumnPhase {
  if (message.status === 'error' && message.error?.retryAt !== undefined) return 'retrying';
  return message.status;
}

/** The columns of one comparison, in the order they were asked. */
export function columnsOf<M extends Pick<Message, 'compareGroup' | 'role' | 'createdAt' | 'id'>>(messages: readonly M[], group: string): M[] {
  return messages.filter((m) => m.role === 'assistant' && m.compareGroup === group).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

/** What Stop all stops: every column not yet in a terminal state. */
export function stopAllTargets(columns: readonly Pick<Message, 'id' | 'status' | 'error'>[]): string[] {
  return columns.filter((c) => !isTerminal(phaseOf(c))).map((c) => c.id);
}

/** Whether every column has ended (the comparison can be continued with one of them). */
export function comparisonSettled(columns: readonly Pick<Message, 'status' | 'error'>[]): boolean {
  return columns.length > 0 && columns.every((c) => isTerminal(phaseOf(c)));
}

/** A column can be chosen once it has text and is not still being written. */
export function canChoose(column: Pick<Message, 'status' | 'error' | 'text'>): boolean {
  return isTerminal(phaseOf(column)) && column.text.trim() !== '';
}

/**
 * "Continue with this one": the conversation's reply under the user message becomes the chosen
 * answer (A's branch map, issue #12: the visible path and the history follow it) and its model
 * becomes the conversation's model. The other columns stay as alternatives, off the visible path.
 */
export function chooseColumn(
  conversation: { branch?: Record<string, string>; model?: string },
  parentId: string,
  chosen: Pick<Message, 'id' | 'model'>,
): { branch: Record<string, string>; model?: string } {
  return { branch: { ...conversation.branch, [parentId]: chosen.id }, model: chosen.model ?? conversation.model };
}

/**
 * The visible path plus, where it shows a column of a comparison nobody continued with yet, that
 * comparison's other columns (right there, in the order they were asked): pages show them side by
 * side. Once one is chosen the others are alternatives, off the path (the version switcher).
 */
export function withOpenComparisons<M extends Pick<Message, 'id' | 'role' | 'createdAt' | 'compareGroup' | 'compareChosen'>>(path: M[], all: readonly M[]): M[] {
  if (!path.some((m) => m.compareGroup)) return path;
  return path.flatMap((m) => {
    if (!m.compareGroup) return [m];
    const columns = columnsOf(all, m.compareGroup);
    return columns.some((c) => c.compareChosen) ? [m] : columns;
  });
}
