// An agents instance (one Durable Object): its state, its transcript, its sockets, and its resumable
// streams. As in cloudflare/agents (chat/resumable-stream.ts, chat/resume-handshake.ts, read there):
// every chunk body of a stream is stored; a socket that drops does NOT stop the stream; a client
// that reconnects sends `cf_agent_stream_resume_request {probeId?}` and gets `cf_agent_stream_resuming
// {id, probeId?}` (active stream), `cf_agent_stream_pending {id, probeId?}` (accepted, not streaming
// yet) or `cf_agent_stream_resume_none` (nothing: `reason:"idle"`, only when the probe carried a
// probeId, like 2026 servers; the published server sent the bare frame). On `cf_agent_stream_resume_ack
// {id}` the stored chunks are replayed FROM THE START with `replay:true`, then `replayComplete` (live:
// the socket then gets the live rest) or `done:true, replay:true` (finished: kept 10 min; abandoned
// streams 1 h), or, for an errored stream, the partial chunks then the terminal error frame.
import type { WebSocket } from 'ws';
import type { Unit } from './encoders';
import type { UIMessage } from './util';

export const FINISHED_KEEP_MS = 10 * 60_000;
export const ABANDONED_KEEP_MS = 60 * 60_000;

export type Send = (unit: Unit, requestId?: string, sent?: () => void) => void;

export interface AgentStream {
  requestId: string;
  /** pending: accepted, not streaming yet; live: streaming; then one terminal state. */
  state: 'pending' | 'live' | 'completed' | 'errored' | 'cancelled' | 'abandoned';
  bodies: string[];
  errorBody?: string;
  endedAt?: number;
  /** Sockets that get the live frames. */
  subscribers: Map<WebSocket, Send>;
  /** Text streamed so far (what the server would persist on a cancel). */
  text: string;
  reasoning: string;
  cancel(): void;
}

export interface Instance {
  name: string;
  state: Record<string, unknown>;
  messages: UIMessage[];
  clients: Set<WebSocket>;
  streams: AgentStream[];
}

const chatFrame = (v: Record<string, unknown>): string => JSON.stringify({ ...v, type: 'cf_agent_use_chat_response' });

export function activeStream(inst: Instance): AgentStream | undefined {
  return inst.streams.find((s) => s.state === 'pending' || s.state === 'live');
}

function keptStream(inst: Instance, requestId: string): AgentStream | undefined {
  const now = Date.now();
  inst.streams = inst.streams.filter((s) => {
    if (s.endedAt === undefined) return true;
    return now - s.endedAt < (s.state === 'abandoned' ? ABANDONED_KEEP_MS : FINISHED_KEEP_MS);
  });
  return inst.streams.findLast((s) => s.requestId === requestId);
}

/** `cf_agent_stream_resume_request`. */
export function onResumeRequest(inst: Instance, send: Send, probeId: string | undefined): void {
  const probe = probeId !== undefined ? { probeId } : {};
  const active = activeStream(inst);
  if (active?.state === 'pending') return send(JSON.stringify({ type: 'cf_agent_stream_pending', id: active.requestId, ...probe }));
  if (active) return send(JSON.stringify({ type: 'cf_agent_stream_resuming', id: active.requestId, ...probe }));
  const errored = inst.streams.findLast((s) => s.state === 'errored');
  if (errored) return send(JSON.stringify({ type: 'cf_agent_stream_resuming', id: errored.requestId, ...probe }));
  send(JSON.stringify(probeId !== undefined ? { type: 'cf_agent_stream_resume_none', reason: 'idle', probeId } : { type: 'cf_agent_stream_resume_none' }));
}

/** `cf_agent_stream_resume_ack {id}`: replay, then subscribe (live) or end. */
export function onResumeAck(inst: Instance, ws: WebSocket, send: Send, requestId: string): void {
  const stream = keptStream(inst, requestId);
  const replay = (): void => {
    for (const body of stream?.bodies ?? []) send(chatFrame({ body, done: false, id: requestId, replay: true }), requestId);
  };
  if (stream?.state === 'live') {
    replay();
    send(chatFrame({ body: '', done: false, id: requestId, replay: true, replayComplete: true }), requestId);
    stream.subscribers.set(ws, send);
    return;
  }
  if (stream?.state === 'pending') {
    stream.subscribers.set(ws, send);
    return;
  }
  if (stream?.state === 'errored') {
    replay();
    send(JSON.stringify({ body: stream.errorBody ?? '', done: true, error: true, id: requestId, type: 'cf_agent_use_chat_response' }), requestId);
    return;
  }
  if (stream?.state === 'completed') replay();
  // Completed: the whole stream then done. Abandoned / cancelled / unknown: a bare done (no finish).
  send(chatFrame({ body: '', done: true, id: requestId, replay: true }), requestId);
}

/** On connect: a proactive `cf_agent_stream_resuming` when a stream is live (no probeId). */
export function notifyOnConnect(inst: Instance, send: Send): void {
  const active = activeStream(inst);
  if (active?.state === 'live') send(JSON.stringify({ type: 'cf_agent_stream_resuming', id: active.requestId }));
}

/** A restart evicts the object: live streams lose their reader and become abandoned. */
export function abandonAll(instances: Iterable<Instance>): void {
  for (const inst of instances) {
    for (const s of inst.streams) {
      if (s.state !== 'pending' && s.state !== 'live') continue;
      s.cancel();
      s.state = 'abandoned';
      s.endedAt = Date.now();
      s.subscribers.clear();
    }
  }
}
