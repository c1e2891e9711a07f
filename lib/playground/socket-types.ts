// The agents socket transport's options and outcome (apart so one-shot sockets and the transport share them).
import type { DeadlineLimits } from './deadlines';
import type { PlaygroundEvent, TerminalEvent } from './events';
import type { SocketFactory, SocketLike } from './socket';

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
}

/** One socket of an answer: the first (chat) or a reconnect (resume). */
export interface Attempt {
  kind: 'chat' | 'resume';
  socket?: SocketLike;
  opened: boolean;
  probeId: string;
  acked: boolean;
  askedKept: boolean;
}
