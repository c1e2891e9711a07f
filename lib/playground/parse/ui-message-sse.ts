// Era C: the AI SDK v5 UI message stream over SSE (doc §4): `data: {"type":…}` events, then
// `data: [DONE]`. The chunk vocabulary is applyUiChunk's.
import { createSseFeeder } from './sse';
import { EventSink, type StreamParser } from './sink';
import { applyUiChunk, createUiChunkState } from './ui-chunk';

export function createUiMessageSseParser(): StreamParser {
  const sink = new EventSink();
  const state = createUiChunkState();
  const sse = createSseFeeder(sink, (data) => {
    if (data.trim() === '[DONE]') {
      sink.finish(state.finishReason);
      return;
    }
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      sink.malformed++;
      return;
    }
    const events = applyUiChunk(chunk, state);
    if (events === null) sink.malformed++;
    else for (const event of events) sink.emit(event);
  });
  return {
    push(text) {
      sse.feed(text);
      return sink.drain();
    },
    end() {
      sse.flush();
      // Era C end rule (doc §10.3): `[DONE]`, or the body ending after `finish`.
      if (state.sawFinish) sink.finish(state.finishReason);
      else sink.interrupted();
      return sink.drain();
    },
    get malformedCount() {
      return sink.malformed;
    },
    get done() {
      return sink.done;
    },
  };
}
