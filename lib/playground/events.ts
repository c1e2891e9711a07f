// The one event vocabulary that comes out of every transport and every protocol era.
// A stream yields any number of deltas, then exactly one terminal event: `finish` or `error`.
// The error codes and token usage are shared vocabulary (lib/shared/errors.ts, lib/shared/models.ts).
import type { ErrorCode } from '@/lib/shared/errors';
import type { Usage } from '@/lib/shared/models';

export type PlaygroundEvent =
  | { type: 'text-delta'; text: string }
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
