// Transport 1: the agents WebSocket (Era D, today's site). One socket per generation:
// open → wait for the server's cf_agent_state → send our state (model, system, temperature)
// and setConfig → send the chat request → stream frames until done:true for our request id.
import { socketOrigin } from '@/lib/shared/manifest-origin';
import { PLAYGROUND_ORIGIN } from '@/lib/shared/config';
import { startDeadlines, DEFAULT_DEADLINES, type DeadlineLimits } from './deadlines';
import { errorEvent, isTerminal, type PlaygroundEvent, type TerminalEvent } from './events';
import { createAgentsChatParser, parseFrame } from './parse/agents-frames';
import { CONNECTION_CLOSED_MESSAGE } from './parse/sink';
import {
  buildAgentsChatFrame,
  buildAgentsStateFrame,
  buildCancelFrame,
  buildGetModelsRpc,
  buildSetConfigRpc,
  newId,
} from './request-bodies';
import type { SocketFactory, SocketLike } from './socket';
import type { ChatRequest } from './types';

/** How long to wait for the server's initial cf_agent_state before sending anyway (g4f waited 1 s blindly). */
const STATE_GATE_MS = 3_000;
/** setConfig exists only in newer builds; an old server may never answer it. */
const CONFIG_REPLY_MS = 1_500;
/** After a cancel, how long to wait for the server's done:true before closing the socket. */
const CANCEL_GRACE_MS = 1_500;

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

export function agentsUrl(sessionName: string): string {
  return `${socketOrigin(PLAYGROUND_ORIGIN)}/agents/playground/${encodeURIComponent(sessionName)}?_pk=${crypto.randomUUID()}`;
}

export function socketChat(req: ChatRequest, options: SocketChatOptions): Promise<SocketOutcome> {
  return new Promise((resolve) => {
    const parser = createAgentsChatParser(req.requestId);
    const configRpcId = newId('cfg');
    let serverState: Record<string, unknown> | undefined;
    let opened = false;
    let chatSent = false;
    let settled = false;
    let cancelling = false;
    let stateGate: ReturnType<typeof setTimeout> | undefined;
    let configGate: ReturnType<typeof setTimeout> | undefined;
    let cancelTimer: ReturnType<typeof setTimeout> | undefined;

    const settle = (event: TerminalEvent, refused = false) => {
      if (settled) return;
      settled = true;
      deadlines.stop();
      clearTimeout(stateGate);
      clearTimeout(configGate);
      clearTimeout(cancelTimer);
      options.signal.removeEventListener('abort', onAbort);
      socket.close(1000, 'done');
      resolve({ event, refused });
    };

    const deadlines = startDeadlines(options.deadlines ?? DEFAULT_DEADLINES, (message) => {
      if (chatSent) socket.send(JSON.stringify(buildCancelFrame(req.requestId)));
      settle(errorEvent('timeout', message));
    });

    const deliver = (events: PlaygroundEvent[]) => {
      for (const event of events) {
        if (settled) return;
        if (isTerminal(event)) {
          settle(cancelling ? errorEvent('aborted', 'Stopped.') : event);
          return;
        }
        if (!cancelling) options.emit(event);
      }
    };

    const sendChat = () => {
      if (chatSent || settled) return;
      chatSent = true;
      clearTimeout(configGate);
      socket.send(JSON.stringify(buildAgentsChatFrame(req)));
    };

    const configure = () => {
      if (settled || chatSent) return;
      clearTimeout(stateGate);
      // The client state replaces the server state: start from what the server sent.
      socket.send(JSON.stringify(buildAgentsStateFrame(serverState, req)));
      socket.send(JSON.stringify(buildSetConfigRpc(configRpcId, req)));
      configGate = setTimeout(sendChat, CONFIG_REPLY_MS);
    };

    const onAbort = () => {
      if (settled) return;
      if (!chatSent) return settle(errorEvent('aborted', 'Stopped.'));
      cancelling = true;
      socket.send(JSON.stringify(buildCancelFrame(req.requestId)));
      cancelTimer = setTimeout(() => settle(errorEvent('aborted', 'Stopped.')), CANCEL_GRACE_MS);
    };

    const socket: SocketLike = options.openSocket(agentsUrl(req.sessionName), {
      onOpen() {
        opened = true;
        deadlines.activity();
        stateGate = setTimeout(configure, STATE_GATE_MS);
      },
      onText(data) {
        if (settled) return;
        deadlines.activity();
        const frame = parseFrame(data);
        if (frame?.type === 'cf_agent_state' && !chatSent && isRecord(frame.state)) {
          serverState = frame.state;
          configure();
          return;
        }
        if (frame?.type === 'rpc' && frame.id === configRpcId) {
          sendChat();
          return;
        }
        deliver(parser.pushFrame(data));
      },
      onClose({ opened: wasOpen }) {
        if (settled) return;
        if (!wasOpen && !opened) {
          settle(errorEvent('network', 'The playground socket could not be opened.'), true);
          return;
        }
        if (cancelling) return settle(errorEvent('aborted', 'Stopped.'));
        deliver(parser.end());
        settle(errorEvent('network', CONNECTION_CLOSED_MESSAGE));
      },
    });
    options.signal.addEventListener('abort', onAbort);
    if (options.signal.aborted) onAbort();
  });
}

/** Asks the socket for the model list (rpc getModels). Resolves null when that fails. */
export function socketModelRows(openSocket: SocketFactory, timeoutMs = 8_000): Promise<unknown[] | null> {
  return new Promise((resolve) => {
    const rpcId = newId('models');
    let done = false;
    const finish = (rows: unknown[] | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.close(1000, 'done');
      resolve(rows);
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    const socket = openSocket(agentsUrl(`flarechat-models-${newId('m')}`), {
      onOpen() {
        socket.send(JSON.stringify(buildGetModelsRpc(rpcId)));
      },
      onText(data) {
        const frame = parseFrame(data);
        if (frame?.type !== 'rpc' || frame.id !== rpcId) return;
        finish(frame.success !== false && Array.isArray(frame.result) ? (frame.result as unknown[]) : null);
      },
      onClose() {
        finish(null);
      },
    });
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
