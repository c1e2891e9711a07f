// Time and size limits for one playground answer. Pure constants: the transports own the timers,
// the parsers enforce the size caps.

/**
 * No first byte (HTTP) or first chat frame (WebSocket) within 25 s: give up.
 * Chrome kills a service worker whose `fetch` stays pending for 30 s, so the first-byte wait must
 * end (and report a clean `timeout`) before the browser ends it for us (docs/playground-protocol.md#deadlines-and-limits).
 */
export const FIRST_BYTE_TIMEOUT_MS = 25_000;

/**
 * Once the answer is streaming, 30 s without any new byte/frame means it is stuck. g4f used the same
 * 30 s per-event limit; an upstream failure mid-stream can leave the body open with no end marker
 * (docs/playground-protocol.md#end-of-answer-rules), so only this timer ends such a stream.
 */
export const SILENCE_TIMEOUT_MS = 30_000;

/**
 * Hard ceiling on a whole answer, however lively the stream. 5 min is far above any real reply at
 * the playground's token limits and bounds the worst case of a server that trickles bytes forever.
 */
export const TOTAL_TIMEOUT_MS = 300_000;

/**
 * Largest single unit a parser buffers: one SSE event, one data-stream line, one WebSocket frame.
 * Real units are a few hundred characters (one token delta, or a models list of ~100 kB); 1 MiB
 * leaves lots of room while stopping a body with no line breaks from growing a buffer without end.
 */
export const MAX_EVENT_CHARS = 1024 * 1024;

/**
 * Largest answer (text + reasoning, summed) one stream may produce. The playground does not pass
 * more than a few thousand tokens (tens of kB); 4 MiB keeps a runaway or hostile stream from eating
 * the extension's memory and storage while never truncating a genuine answer.
 */
export const MAX_ANSWER_CHARS = 4 * 1024 * 1024;

/**
 * After `cf_agent_stream_pending` (the server accepted the turn and queued it, e.g. for capacity) the
 * wait for its first chunk stretches to 60 s, as the official agents client does (5 s → 60 s).
 */
export const PENDING_WAIT_MS = 60_000;
