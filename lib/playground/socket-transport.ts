// Over 10 KB: one state machine (open or take a warm socket, handshake, chat, resume, cancel) whose
// steps share its fields; split apart, every piece would need all of them.
// Transport 1, the agents WebSocket (Era D): server state → our state + setConfig (once per socket;
// an error reply is harmless) → cf_agent_chat_clear → the chat with the whole visible history →
// frames until done/error for our id. A dropped socket reconnects and resumes (socket-policy.ts).

import { startDeadlines, DEFAULT_DEADLINES, type Deadlines } from './deadlines';
import { mark } from '@/lib/shared/bench-marks';
import { agentsUrl } from './agents-url';
import { errorEvent, isTerminal, type PlaygroundEvent, type PlaygroundStatus, type TerminalEvent } from './events';
import { PENDING_WAIT_MS } from './limits';
import { createAgentsChatParser, parseFrame, type AgentsChatParser, type AgentsFrame } from './parse/agents-frames';
import { isRecord } from '@/lib/shared/guards';
import { CONNECTION_CLOSED_MESSAGE } from './parse/sink';
import { buildAgentsChatFrame, buildAgentsStateFrame, buildCancelFrame, buildClearFrame, buildResumeAckFrame, buildResumeRequestFrame, buildSetConfigRpc, newId } from './request-bodies';
import { CANCEL_GRACE_MS, CONFIG_REPLY_MS, MAX_RESUMES, RESUME_BACKOFF_MS, RESUME_REPLY_MS, STATE_GATE_MS, closeMessage, isTerminalCloseCode } from './socket-policy';
import type { Attempt, SocketChatOptions, SocketOutcome } from './socket-types';
import { configKey, type WarmHandoff } from './socket-warm';
import type { SocketHandlers } from './socket';
import type { ChatRequest } from './types';

export function socketChat(req: ChatRequest, options: SocketChatOptions): Promise<SocketOutcome> {
  return new Promise((resolve) => new SocketChat(req, options, resolve).start());
}

class SocketChat {
  private readonly parser: AgentsChatParser;
  private readonly deadlines: Deadlines;
  private readonly configRpcId = newId('cfg');
  private attempt!: Attempt;
  private serverState: Record<string, unknown> | undefined;
  private everOpened = false;
  private configured = false;
  /** The setConfig whose reply lets the chat go: ours, or the one a warm socket sent before the handoff. */
  private awaitedRpcId: string = this.configRpcId;
  /** That reply arrived (or the warm socket had it): the socket is configured for this request's config. */
  private configReplied = false;
  private chatSent = false;
  private settled = false;
  private cancelling = false;
  private resumes = 0;
  private status: PlaygroundStatus | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private cancelTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly onAbort = () => this.abort();

  constructor(
    private readonly req: ChatRequest,
    private readonly options: SocketChatOptions,
    private readonly resolve: (outcome: SocketOutcome) => void,
  ) {
    this.parser = createAgentsChatParser(req.requestId);
    this.deadlines = startDeadlines(options.deadlines ?? DEFAULT_DEADLINES, (message) => {
      if (this.chatSent) this.send(buildCancelFrame(req.requestId));
      this.settle(errorEvent('timeout', message));
    });
  }

  start(): void {
    this.options.signal.addEventListener('abort', this.onAbort);
    this.connect('chat');
    if (this.options.signal.aborted) this.abort();
  }

  private connect(kind: Attempt['kind']): void {
    const attempt: Attempt = { kind, opened: false, probeId: newId('p', 12), acked: false, askedKept: false };
    this.attempt = attempt;
    const current = () => !this.settled && this.attempt === attempt;
    const handlers: SocketHandlers = {
      onOpen: () => {
        if (!current()) return;
        attempt.opened = true;
        this.everOpened = true;
        this.deadlines.activity();
        if (kind === 'chat') {
          this.later(() => this.configure(), STATE_GATE_MS);
        } else {
          this.send(buildResumeRequestFrame(attempt.probeId));
          this.later(() => this.reconnect(), RESUME_REPLY_MS);
        }
      },
      onText: (data) => {
        if (current()) this.onText(attempt, data);
      },
      onClose: ({ code, reason, opened }) => {
        if (current()) this.onClose(attempt, code, reason, opened || attempt.opened);
      },
    };
    const warm = kind === 'chat' ? this.options.warm : undefined;
    if (warm) return this.adopt(attempt, warm, handlers);
    // Through a switch, so a finished answer can hand the open socket on (options.keep).
    let sink = handlers;
    attempt.retarget = (next) => (sink = next);
    attempt.socket = this.options.openSocket(agentsUrl(this.req.sessionName), {
      onOpen: () => sink.onOpen(),
      onText: (data) => sink.onText(data),
      onClose: (info) => sink.onClose(info),
    });
  }

  /** A warm socket (socket-warm.ts, issue #16): its handshake goes on where it stands; configured for this request, the chat goes at once. */
  private adopt(attempt: Attempt, warm: WarmHandoff, handlers: SocketHandlers): void {
    attempt.socket = warm.socket;
    attempt.retarget = (next) => warm.attach(next);
    warm.attach(handlers);
    this.serverState = warm.serverState;
    if (!warm.opened) return; // its onOpen now comes to `handlers`
    attempt.opened = true;
    this.everOpened = true;
    this.deadlines.activity();
    const key = configKey(this.req);
    if (warm.configured === key) {
      this.configured = true;
      this.configReplied = true;
      return this.sendChat();
    }
    if (warm.pending?.[1] === key) {
      // Mid-handshake (a panel that just opened): its setConfig is on the way; a second one would
      // cost another round trip before the chat (issue #16). Wait for that reply instead.
      this.configured = true;
      this.awaitedRpcId = warm.pending[0];
      return this.later(() => this.sendChat(), CONFIG_REPLY_MS);
    }
    if (this.serverState) return this.configure();
    this.later(() => this.configure(), STATE_GATE_MS);
  }

  private onText(attempt: Attempt, data: string): void {
    this.deadlines.activity();
    const frame = parseFrame(data);
    const type = frame?.type;
    if (frame && attempt.kind === 'chat' && !this.chatSent) {
      if (type === 'cf_agent_state' && isRecord(frame.state)) {
        this.serverState = frame.state;
        return this.configure();
      }
      if (type === 'rpc' && frame.id === this.awaitedRpcId) {
        this.configReplied = true;
        return this.sendChat();
      }
    }
    if (frame && this.onControlFrame(attempt, frame)) return;
    if (frame?.type === 'cf_agent_use_chat_response' && frame.id === this.req.requestId) {
      // A replayed done with no finish: the server lost the stream.
      if (attempt.kind === 'resume' && frame.replay === true && frame.done === true && frame.error !== true && !this.parser.sawFinish) {
        return this.endInterrupted(CONNECTION_CLOSED_MESSAGE);
      }
      this.setStatus('streaming');
    }
    this.deliver(this.parser.pushFrame(data, frame));
  }

  /** Pending, recovering, the resume handshake: true when handled here. */
  private onControlFrame(attempt: Attempt, frame: AgentsFrame): boolean {
    const ours = frame.id === undefined || frame.id === this.req.requestId;
    const probeOk = frame.probeId === undefined || frame.probeId === attempt.probeId;
    switch (frame.type) {
      case 'cf_agent_stream_pending':
        if (!ours || !probeOk || !this.chatSent) return true;
        clearTimeout(this.timer);
        this.setStatus('waiting-for-capacity');
        this.deadlines.extend(this.options.deadlines?.pendingMs ?? PENDING_WAIT_MS);
        return true;
      case 'cf_agent_chat_recovering':
        if (ours) this.setStatus(frame.recovering === true ? 'recovering' : 'streaming');
        return true;
      case 'cf_agent_stream_resuming':
        if (attempt.kind !== 'resume' || !probeOk) return true; // another answer's stream: not ours
        if (frame.id !== this.req.requestId) {
          this.endInterrupted('Another answer is streaming in this conversation.');
          return true;
        }
        // Offered on connect and to our probe: ack and reset once.
        if (attempt.acked) return true;
        attempt.acked = true;
        this.resumes = 0; // counts failures in a row
        clearTimeout(this.timer);
        this.send(buildResumeAckFrame(this.req.requestId));
        return false; // the parser resets its replay position
      case 'cf_agent_stream_resume_none':
        if (attempt.kind !== 'resume' || !probeOk) return true;
        if (frame.reason === 'continuation-owned') {
          this.endInterrupted('Another connection owns this answer now.');
        } else if (!attempt.askedKept) {
          // Nothing live; a finished stream is kept 10 min: ask for it by id.
          attempt.askedKept = true;
          this.send(buildResumeAckFrame(this.req.requestId));
        }
        return true;
      default:
        return false;
    }
  }

  private onClose(attempt: Attempt, code: number, reason: string, opened: boolean): void {
    clearTimeout(this.timer);
    if (!opened) {
      if (attempt.kind === 'resume') return this.reconnect();
      return this.settle(errorEvent('network', 'The playground socket could not be opened.'), !this.everOpened);
    }
    if (this.cancelling) return this.settle(errorEvent('aborted', 'Stopped.'));
    if (isTerminalCloseCode(code)) return this.settle(errorEvent('upstream', closeMessage(code, reason)));
    if (!this.chatSent || this.parser.sawFinish) {
      this.deliver(this.parser.end());
      return this.settle(errorEvent('network', CONNECTION_CLOSED_MESSAGE));
    }
    this.reconnect();
  }

  /** Socket dropped or resume unanswered: try a new socket (the old one is ignored from now on). */
  private reconnect(): void {
    if (this.settled) return;
    clearTimeout(this.timer);
    const old = this.attempt;
    if (old.opened) old.socket?.close(1000, 'reconnect');
    if (this.resumes >= MAX_RESUMES) return this.endInterrupted(CONNECTION_CLOSED_MESSAGE);
    this.resumes += 1;
    this.setStatus('reconnecting');
    this.attempt = { ...old, socket: undefined, opened: false };
    const wait = RESUME_BACKOFF_MS[Math.min(this.resumes, RESUME_BACKOFF_MS.length) - 1];
    this.later(() => this.connect('resume'), wait);
  }

  private configure(): void {
    if (this.settled || this.chatSent || this.configured) return;
    this.configured = true;
    clearTimeout(this.timer);
    this.send(buildAgentsStateFrame(this.serverState, this.req));
    this.send(buildSetConfigRpc(this.configRpcId, this.req));
    this.later(() => this.sendChat(), CONFIG_REPLY_MS);
  }

  private sendChat(): void {
    if (this.chatSent || this.settled) return;
    this.chatSent = true;
    clearTimeout(this.timer);
    this.send(buildClearFrame());
    this.send(buildAgentsChatFrame(this.req));
    mark('chat frame sent');
  }

  private deliver(events: PlaygroundEvent[]): void {
    for (const event of events) {
      if (this.settled) return;
      if (isTerminal(event)) return this.settle(this.cancelling ? errorEvent('aborted', 'Stopped.') : event);
      if (!this.cancelling) this.options.emit(event);
    }
  }

  private setStatus(status: PlaygroundStatus): void {
    if (this.status === status || (status === 'streaming' && this.status === undefined)) return;
    this.status = status;
    this.options.emit({ type: 'status', status });
  }

  private endInterrupted(message: string): void {
    this.deliver(this.parser.end());
    this.settle(errorEvent('network', message));
  }

  private abort(): void {
    if (this.settled) return;
    if (!this.chatSent || !this.attempt.opened) return this.settle(errorEvent('aborted', 'Stopped.'));
    this.cancelling = true;
    this.send(buildCancelFrame(this.req.requestId));
    this.cancelTimer = setTimeout(() => this.settle(errorEvent('aborted', 'Stopped.')), CANCEL_GRACE_MS);
  }

  private later(fn: () => void, ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(fn, ms);
  }

  private send(frame: unknown): void {
    this.attempt.socket?.send(JSON.stringify(frame));
  }

  private settle(event: TerminalEvent, refused = false): void {
    if (this.settled) return;
    this.settled = true;
    this.deadlines.stop();
    clearTimeout(this.timer);
    clearTimeout(this.cancelTimer);
    this.options.signal.removeEventListener('abort', this.onAbort);
    if (!this.keepSocket(event)) this.attempt.socket?.close(1000, 'done');
    this.resolve({ event, refused });
  }

  /** A finished answer's socket stays open for a follow-up (issue #16); true when it was kept. */
  private keepSocket(event: TerminalEvent): boolean {
    const { socket, retarget, opened, kind } = this.attempt;
    if (event.type !== 'finish' || this.cancelling || kind !== 'chat' || !opened || !socket || !retarget || !this.options.keep) return false;
    return this.options.keep({ socket, retarget, serverState: this.serverState, configured: this.configReplied ? configKey(this.req) : undefined });
  }
}
