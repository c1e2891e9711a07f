// The one parser the HTTP transport uses: buffers until sniffFormat can decide, then delegates to
// the era parser (replaying the buffered text into it). Headers are hints only.
import { createParser } from 'eventsource-parser';
import { CHALLENGE_MESSAGE, classifyHttpFailure, classifyInbandError, isChallengePage, type HeadersLike } from '../errors';
import { errorEvent, type PlaygroundEvent } from '../events';
import { MAX_EVENT_CHARS } from '../limits';
import { createDataStreamV4Parser } from './datastream-v4';
import { splitJsonRecords } from './json-objects';
import { createLegacySseParser } from './legacy-sse';
import { CONNECTION_CLOSED_MESSAGE, EventSink, type StreamParser } from './sink';
import { sniffFormat, sniffSseData, type BodyFormat, type SseKind } from './sniff';
import { createUiMessageSseParser } from './ui-message-sse';
import { noteUnknown } from '../canary-hook';

export const HTML_MESSAGE = 'The playground answered with a web page instead of a chat stream.';
export const UNKNOWN_FORMAT_MESSAGE = 'The playground answered in a format this version of FlareChat does not understand.';
export const JSON_MESSAGE = 'The playground answered with data instead of a chat stream.';

/** Error/HTML bodies are only read this far: the markers sit in the first few kB. */
const MAX_PAGE_CHARS = 256 * 1024;

export function createHttpBodyParser(status: number, headers?: HeadersLike): StreamParser {
  if (status < 200 || status >= 300) return createFailureBodyParser(status, headers);
  return createSniffingParser(headers);
}

/** Non-2xx: collect (a capped prefix of) the body and classify it when it ends. */
function createFailureBodyParser(status: number, headers: HeadersLike | undefined): StreamParser {
  const sink = new EventSink();
  let body = '';
  return {
    push(text) {
      if (!sink.done && body.length < MAX_PAGE_CHARS) body += text.slice(0, MAX_PAGE_CHARS - body.length);
      return sink.drain();
    },
    end() {
      const event = classifyHttpFailure(status, headers, body)
        ?? errorEvent('upstream', `The playground answered with HTTP ${status}.`, { status });
      sink.error(event);
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

function createSniffingParser(headers: HeadersLike | undefined): StreamParser {
  const own = new EventSink(); // terminals decided here (html, json, unknown, empty)
  let buffer = '';
  let format: BodyFormat | undefined;
  let delegate: StreamParser | undefined;
  let sseKind: SseKind | undefined;
  const probe = createParser({
    maxBufferSize: MAX_EVENT_CHARS,
    onEvent(event) {
      sseKind ??= sniffSseData(event.data);
    },
  });

  function startDelegate(parser: StreamParser): PlaygroundEvent[] {
    delegate = parser;
    const text = buffer;
    buffer = '';
    return parser.push(text);
  }

  /** Try to pick a delegate (or a terminal) from what is buffered. */
  function decide(final: boolean): PlaygroundEvent[] {
    format ??= sniffFormat(buffer, final);
    switch (format) {
      case undefined:
        return [];
      case 'datastream-v4':
        return startDelegate(createDataStreamV4Parser());
      case 'sse':
        if (sseKind === undefined && !final) return [];
        // Undecided at the end (only comments or malformed events): the UI parser reports it.
        return startDelegate(sseKind === 'legacy' ? createLegacySseParser() : createUiMessageSseParser());
      case 'html':
        if (isChallengePage(headers, buffer)) {
          own.fail('challenge', CHALLENGE_MESSAGE);
        } else if (final || buffer.length >= MAX_PAGE_CHARS) {
          own.fail('protocol', HTML_MESSAGE);
        }
        return own.drain();
      case 'json':
        if (final) own.error(jsonBodyError(buffer));
        return own.drain();
      case 'empty':
        own.fail('network', CONNECTION_CLOSED_MESSAGE);
        return own.drain();
      case 'unknown':
        if (isChallengePage(headers, buffer)) own.fail('challenge', CHALLENGE_MESSAGE);
        else {
          // issue #14: a body format no era used; the canary keeps its redacted start.
          noteUnknown('http-format', buffer.slice(0, 200));
          own.fail('protocol', UNKNOWN_FORMAT_MESSAGE);
        }
        return own.drain();
    }
  }

  return {
    push(text) {
      if (own.done) return [];
      if (delegate) return delegate.push(text);
      buffer += text;
      if (format === undefined || format === 'sse') {
        try {
          probe.feed(text);
        } catch {
          // Over the probe's cap: decide below.
        }
      }
      const events = decide(false);
      if (!delegate && !own.done && buffer.length > MAX_EVENT_CHARS && format !== 'html') {
        if (format === 'sse') return startDelegate(createUiMessageSseParser()); // it reports the oversized event
        own.fail('protocol', format === 'json' ? JSON_MESSAGE : UNKNOWN_FORMAT_MESSAGE);
        return [...events, ...own.drain()];
      }
      return events;
    },
    end() {
      if (own.done) return [];
      if (delegate) return delegate.end();
      const events = decide(true);
      if (delegate) return [...events, ...(delegate as StreamParser).end()];
      if (!own.done) own.interrupted();
      return [...events, ...own.drain()];
    },
    get malformedCount() {
      return (delegate?.malformedCount ?? 0) + own.malformed;
    },
    get done() {
      return own.done || (delegate?.done ?? false);
    },
  };
}

/**
 * A JSON body on a 200 where a stream was expected: an error object (`{"error":…}`,
 * `{"message":…}`) becomes an in-band error; anything else is a protocol error.
 */
function jsonBodyError(text: string): Extract<PlaygroundEvent, { type: 'error' }> {
  const { records } = splitJsonRecords(text);
  const first = records[0];
  if (first && (typeof first.error === 'string' || typeof first.message === 'string'
    || (typeof first.error === 'object' && first.error !== null))) {
    return classifyInbandError(JSON.stringify(first));
  }
  return errorEvent('protocol', JSON_MESSAGE);
}
