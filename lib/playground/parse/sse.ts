// The SSE framing shared by Era A and Era C, on eventsource-parser (handles CRLF, `data:` with or
// without a space, multi-line data, comments, and any chunk split).
import { createParser, type EventSourceParser } from 'eventsource-parser';
import { MAX_EVENT_CHARS } from '../limits';
import { EVENT_TOO_LARGE_MESSAGE, type EventSink } from './sink';

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
