// The agents socket transport's options and outcome (apart so one-shot sockets and the transport share them).
import type { DeadlineLimits } from './deadlines';
import type { PlaygroundEvent, TerminalEvent } from './events';
import type { SocketFactory, SocketHandlers, SocketLike } from './socket';
import type { KeptSocket, WarmHandoff } from './socket-warm';

export interface SocketOutcome {
  event: TerminalEvent;
  /** The socket closed before it opened: the route is gone, refused or blocked. Try HTTP. */
  refused: boolean;
}

export interface SocketChatOptions {
  signal: AbortSignal;
  emit: (event: PlaygroundEvent) => void;
  openSocket: SocketFactory;
  deadlines?: DeadlineLimits;
  /** A socket opened (and maybe configured) ahead of the request for its instance (socket-warm.ts). */
  warm?: WarmHandoff;
  /** The answer finished on an open socket: keep it for a follow-up (WarmSockets.keep); false: close it. */
  keep?: (kept: KeptSocket) => boolean;
}

/** One socket of an answer: the first (chat) or a reconnect (resume). */
export interface Attempt {
  kind: 'chat' | 'resume';
  socket?: SocketLike;
  /** Sends the socket's events elsewhere (to a warm pool that keeps it after the answer). */
  retarget?: (handlers: SocketHandlers) => void;
  opened: boolean;
  probeId: string;
  acked: boolean;
  askedKept: boolean;
}
