// The one event vocabulary that comes out of every transport and every protocol era.
// A stream yields any number of deltas, then exactly one terminal event: `finish` or `error`.
// The error codes and token usage are shared vocabulary (lib/shared/errors.ts, lib/shared/models.ts).
import type { ErrorCode } from '@/lib/shared/errors';
import type { Usage } from '@/lib/shared/models';

/**
 * Progress the engine may show; never terminal, never part of the answer.
 * - `waiting-for-capacity`: the server accepted the turn but its stream has not started
 *   (`cf_agent_stream_pending`: queued, capacity); the client waits longer for the first byte.
 * - `recovering`: the server says it is recovering the turn after a deploy or eviction
 *   (`cf_agent_chat_recovering`, advisory).
 * - `reconnecting`: the socket dropped mid-answer; the client is resuming the same stream.
 * - `streaming`: back to normal after one of the above.
 */
export type PlaygroundStatus = 'waiting-for-capacity' | 'recovering' | 'reconnecting' | 'streaming';

export type PlaygroundEvent =
  | { type: 'text-delta'; text: string }
  | { type: 'status'; status: PlaygroundStatus }
  | { type: 'reasoning-delta'; text: string }
  | { type: 'finish'; reason?: string; usage?: Usage }
  | { type: 'error'; code: ErrorCode; message: string; status?: number; retryAfterMs?: number };

export type TerminalEvent = Extract<PlaygroundEvent, { type: 'finish' | 'error' }>;

export function isTerminal(event: PlaygroundEvent): event is TerminalEvent {
  return event.type === 'finish' || event.type === 'error';
}

export function errorEvent(
  code: ErrorCode,
  message: string,
  extra: { status?: number; retryAfterMs?: number } = {},
): Extract<PlaygroundEvent, { type: 'error' }> {
  return { type: 'error', code, message, ...extra };
}
