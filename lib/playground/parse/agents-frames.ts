// Era D: Cloudflare Agents SDK WebSocket frames (docs/playground-protocol.md#era-d-agents-socket; end rules: #end-of-answer-rules; errors: #socket-errors).
//
// Only `cf_agent_use_chat_response` frames whose `id` is OUR request id count. Everything else
// (`rpc` replies even with done:true, `cf_agent_state`, `cf_agent_identity`, `cf_agent_mcp_servers`,
// `cf_agent_chat_messages`, frames for other request ids) is ignored here; the transport reads
// what it needs through `parseFrame`.
//
// A chat frame: `{type, id, body, done, error?, continuation?, replay?, replayComplete?, seq?}`.
// - `body` is a JSON string with one UI chunk, or several concatenated (tolerated), or "".
// - `error:true`: `body` is the error text (raw, or `{"message","details"}` JSON) → terminal error.
// - `done:true`: terminal whether or not `error` is set. Error before or with done → error terminal;
//   otherwise `finish` with the finish reason of the `finish` chunk, if one came.
//
// Resume / replay, as read in cloudflare/agents (packages/agents/src/chat/wire-types.ts,
// resumable-stream.ts, replay-dedupe.ts; packages/ai-chat/src/index.ts onMessage):
// - The server stores every chunk body of the active stream. On connect (and in answer to a client
//   `cf_agent_stream_resume_request`) it sends `{type:"cf_agent_stream_resuming", id:<requestId>}`
//   when a stream is active, or `{type:"cf_agent_stream_resume_none"}` when none is.
// - The client answers `{type:"cf_agent_stream_resume_ack", id}`; the server then replays the
//   stored chunks FROM THE START as ordinary chat frames with `replay:true`, then either
//   `{body:"", replay:true, replayComplete:true, done:false}` (the stream is still live; live frames
//   follow) or `{body:"", replay:true, done:true}` (the stream was orphaned or had completed).
// - `continuation:true` marks a stream that appends to the last assistant message; for a single
//   request it changes nothing here.
// - The official client rebuilds the message from chunk 0 on a replay; newer servers also stamp
//   each live and replayed frame with `seq` (its index in the stream) so a client can drop replayed
//   chunks it already applied.
// We cannot take back deltas already emitted, so this parser counts the chunk frames it applied
// and skips that many replayed ones (or, when frames carry `seq`, skips every `seq` it has seen).
// A `resume_none` after our stream started means the stream is gone with its end unseen: the
// answer is interrupted (network error). Before our stream started it is the normal answer to the
// transport's opening resume probe and is ignored. (The socket transport answers the resume frames
// of its own reconnects itself; see socket-transport.ts.)
// An `error:true` frame ends the request by itself, with or without `done` (2026 servers send no
// done after it).
import { classifyInbandError } from '../errors';
import { MAX_EVENT_CHARS } from '../limits';
import { splitJsonRecords } from './json-objects';
import { noteUnknown } from '../canary-hook';
import { isRecord } from '@/lib/shared/guards';
import { EVENT_TOO_LARGE_MESSAGE, EventSink } from './sink';
import { applyUiChunk, createUiChunkState } from './ui-chunk';
import type { PlaygroundEvent } from '../events';

export const CHAT_RESPONSE = 'cf_agent_use_chat_response';
export const STREAM_RESUMING = 'cf_agent_stream_resuming';
export const STREAM_RESUME_NONE = 'cf_agent_stream_resume_none';

export type AgentsFrame = Record<string, unknown> & { type?: string };

/** Parse one text frame into a plain object (with `type` only when it is a string), else null. */
export function parseFrame(raw: string): AgentsFrame | null {
  if (raw.length > MAX_EVENT_CHARS) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isRecord(value)) return null;
  if (value.type !== undefined && typeof value.type !== 'string') {
    const { type: _ignored, ...rest } = value;
    return rest;
  }
  return value;
}

export interface AgentsChatParser {
  /**
   * Feed one server→client text frame. `parsed`: the transport's own parseFrame(raw) of it, when
   * it has one, so a frame is JSON-parsed once, not twice (issue #16).
   */
  pushFrame(raw: string, parsed?: AgentsFrame | null): PlaygroundEvent[];
  /** The socket closed. */
  end(): PlaygroundEvent[];
  readonly malformedCount: number;
  readonly done: boolean;
  /** A `finish` chunk was applied: a socket closing now still delivered a whole answer. */
  readonly sawFinish: boolean;
  /** The server's assistant message id, from the `start` chunk, when it sends one. */
  readonly messageId: string | undefined;
}


/** Frame types the Agents SDK sends that the chat parser ignores on purpose (not canary news). */
const KNOWN_IGNORED_FRAMES: ReadonlySet<string> = new Set([
  'cf_agent_identity',
  'cf_agent_state',
  'cf_agent_state_error',
  'cf_agent_mcp_servers',
  'cf_agent_chat_messages',
  'cf_agent_chat_clear',
  'cf_agent_chat_request_cancel',
  'cf_agent_chat_recovering',
  'cf_agent_stream_pending',
  'cf_agent_message_updated',
  'cf_agent_use_chat_request',
  'cf_agent_stream_resume_request',
  'cf_agent_stream_resume_ack',
]);
export function createAgentsChatParser(requestId: string): AgentsChatParser {
  const sink = new EventSink();
  const ui = createUiChunkState();
  let started = false;
  /** Chunk frames (non-empty body) applied so far, live or replayed. */
  let applied = 0;
  /** Highest `seq` applied, when the server stamps frames with it. */
  let maxSeq = -1;
  /** Position inside the current replay pass. */
  let replayIndex = 0;
  let inReplay = false;

  function applyBody(body: string): void {
    const { records, malformed } = splitJsonRecords(body);
    sink.malformed += malformed;
    for (const record of records) {
      const events = applyUiChunk(record, ui);
      if (events === null) sink.malformed++;
      else for (const event of events) sink.emit(event);
      if (sink.done) return;
    }
  }

  function handleChat(frame: AgentsFrame): void {
    started = true;
    const body = typeof frame.body === 'string' ? frame.body : '';
    const seq = typeof frame.seq === 'number' && Number.isInteger(frame.seq) ? frame.seq : undefined;
    const replay = frame.replay === true;

    if (frame.error === true) {
      sink.error(classifyInbandError(body));
      return;
    }

    if (body.trim() !== '') {
      let skip = false;
      if (replay) {
        if (!inReplay) {
          // A replay pass starts (with or without a `resuming` frame before it).
          inReplay = true;
          replayIndex = 0;
        }
        if (seq !== undefined && maxSeq >= 0) {
          skip = seq <= maxSeq;
        } else {
          replayIndex++;
          skip = replayIndex <= applied;
        }
      } else {
        inReplay = false;
      }
      if (!skip) {
        applied++;
        if (seq !== undefined && seq > maxSeq) maxSeq = seq;
        applyBody(body);
        if (sink.done) return;
      }
    }
    if (frame.replayComplete === true) inReplay = false;
    if (frame.done === true) sink.finish(ui.finishReason);
  }

  return {
    pushFrame(raw, parsed) {
      if (sink.done) return [];
      if (raw.length > MAX_EVENT_CHARS) {
        sink.fail('protocol', EVENT_TOO_LARGE_MESSAGE);
        return sink.drain();
      }
      const frame = parsed === undefined ? parseFrame(raw) : parsed;
      if (!frame) {
        sink.malformed++;
        return [];
      }
      switch (frame.type) {
        case CHAT_RESPONSE:
          if (frame.id === requestId) handleChat(frame);
          break;
        case STREAM_RESUMING:
          if (frame.id === requestId) {
            inReplay = true;
            replayIndex = 0;
          }
          break;
        case STREAM_RESUME_NONE:
          if (started) sink.interrupted();
          break;
        default:
          // issue #14: known but deliberately ignored frames are not news; anything else goes to the canary.
          if (frame.type === 'rpc') {
            // Replies are the transport's business; a call FROM the server (a `method`) is new.
            if ('method' in frame) noteUnknown('rpc-reply', frame);
          } else if (typeof frame.type !== 'string' || !KNOWN_IGNORED_FRAMES.has(frame.type)) noteUnknown('ws-frame', frame);
          break;
      }
      return sink.drain();
    },
    end() {
      // Like Era C: a socket closing after the `finish` chunk still delivered a whole answer.
      if (ui.sawFinish) sink.finish(ui.finishReason);
      else sink.interrupted();
      return sink.drain();
    },
    get malformedCount() {
      return sink.malformed;
    },
    get done() {
      return sink.done;
    },
    get sawFinish() {
      return ui.sawFinish;
    },
    get messageId() {
      return ui.messageId;
    },
  };
}
