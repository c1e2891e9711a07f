// The SSE framing shared by Era A and Era C, on eventsource-parser (handles CRLF, `data:` with or
// without a space, multi-line data, comments, and any chunk split).
import { createParser, type EventSourceParser } from 'eventsource-parser';
import { MAX_EVENT_CHARS } from '../limits';
import { EVENT_TOO_LARGE_MESSAGE, type EventSink, type StreamParser } from './sink';

export interface SseFeeder {
  feed(text: string): void;
  /** Body closed: dispatch a last event that lacks its blank line (e.g. `data: [DONE]` at EOF). */
  flush(): void;
}

export function createSseFeeder(sink: EventSink, onData: (data: string) => void): SseFeeder {
  const parser: EventSourceParser = createParser({
    maxBufferSize: MAX_EVENT_CHARS,
    onEvent(event) {
      if (sink.done) return;
      // The library caps only what it buffers BETWEEN feeds; an event completed within one feed
      // can be larger, so check the event itself too.
      if (event.data.length > MAX_EVENT_CHARS) sink.fail('protocol', EVENT_TOO_LARGE_MESSAGE);
      else onData(event.data);
    },
    onError(error) {
      if (error.type === 'max-buffer-size-exceeded') sink.fail('protocol', EVENT_TOO_LARGE_MESSAGE);
      else sink.malformed++; // a line that is no SSE field (`garbage`), or a bad `retry:`
    },
  });
  function safeFeed(text: string): void {
    if (sink.done) return;
    try {
      parser.feed(text);
    } catch {
      // Only thrown once terminated after the size cap, which already failed the sink.
      sink.fail('protocol', EVENT_TOO_LARGE_MESSAGE);
    }
  }
  return {
    feed: safeFeed,
    flush() {
      safeFeed('\n\n');
    },
  };
}

/**
 * A parser for an SSE stream of JSON events ending in `data: [DONE]` (Eras A and C): owns the
 * framing, the `[DONE]` check and the JSON parse (an unparseable event counts as malformed).
 * `onEnd` applies the era's rule for a body that closes without `[DONE]`.
 */
export function createJsonSseParser(
  sink: EventSink,
  handlers: { onJson(chunk: unknown): void; onDone(): void; onEnd(): void },
): StreamParser {
  const sse = createSseFeeder(sink, (data) => {
    if (data.trim() === '[DONE]') return handlers.onDone();
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      sink.malformed++;
      return;
    }
    handlers.onJson(chunk);
  });
  return {
    push(text) {
      sse.feed(text);
      return sink.drain();
    },
    end() {
      sse.flush();
      if (!sink.done) handlers.onEnd();
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
