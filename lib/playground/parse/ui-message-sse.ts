// Era C: the AI SDK v5 UI message stream over SSE (docs/playground-protocol.md#era-c-ui-message-stream): `data: {"type":…}` events, then
// `data: [DONE]`. The chunk vocabulary is applyUiChunk's.
import { createJsonSseParser } from './sse';
import { EventSink, type StreamParser } from './sink';
import { applyUiChunk, createUiChunkState } from './ui-chunk';

export function createUiMessageSseParser(): StreamParser {
  const sink = new EventSink();
  const state = createUiChunkState();
  return createJsonSseParser(sink, {
    onJson(chunk) {
      const events = applyUiChunk(chunk, state);
      if (events === null) sink.malformed++;
      else for (const event of events) sink.emit(event);
    },
    onDone: () => sink.finish(state.finishReason),
    // Era C end rule (docs/playground-protocol.md#end-of-answer-rules): `[DONE]`, or the body ending after `finish`.
    onEnd: () => (state.sawFinish ? sink.finish(state.finishReason) : sink.interrupted()),
  });
}
