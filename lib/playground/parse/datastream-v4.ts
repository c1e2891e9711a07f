// Era B: the AI SDK v4 data stream, `<code>:<json>\n` lines (docs/playground-protocol.md#era-b-data-stream).
//   0: text delta (JSON string)      g: reasoning (JSON string)     3: error (JSON string)
//   e: finish step (NOT the end)     d: finish message (THE end)    f/2/8/9/a/b/c/h/i/j/k: ignored
import { classifyInbandError } from '../errors';
import { MAX_EVENT_CHARS } from '../limits';
import { isRecord } from '@/lib/shared/guards';
import { EVENT_TOO_LARGE_MESSAGE, EventSink, toUsage, type StreamParser } from './sink';
import { noteUnknown } from '../canary-hook';

/** The rest of ai@4's data stream codes (parts, tools, annotations, steps): ignored on purpose. */
const KNOWN_IGNORED_CODES: ReadonlySet<string> = new Set(['1', '2', '8', '9', 'a', 'b', 'c', 'e', 'f', 'h', 'i', 'j', 'k']);

const LINE = /^([0-9a-z]):([\s\S]*)$/;

export function createDataStreamV4Parser(): StreamParser {
  const sink = new EventSink();
  let buffer = '';

  function handleLine(rawLine: string): void {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.trim() === '') return;
    if (line.length > MAX_EVENT_CHARS) {
      sink.fail('protocol', EVENT_TOO_LARGE_MESSAGE);
      return;
    }
    const match = LINE.exec(line);
    if (!match) {
      sink.malformed++;
      return;
    }
    const code = match[1];
    let value: unknown;
    try {
      value = JSON.parse(match[2] ?? '');
    } catch {
      sink.malformed++;
      return;
    }
    switch (code) {
      case '0':
        if (typeof value === 'string') sink.text(value);
        else sink.malformed++;
        return;
      case 'g':
        // v4 sends reasoning as a string; some builds wrap it as {text}.
        if (typeof value === 'string') sink.reasoning(value);
        else if (isRecord(value) && typeof value.text === 'string') sink.reasoning(value.text);
        else sink.malformed++;
        return;
      case '3':
        sink.error(classifyInbandError(typeof value === 'string' ? value : JSON.stringify(value)));
        return;
      case 'd': {
        if (!isRecord(value)) {
          sink.finish();
          return;
        }
        const usage = isRecord(value.usage) ? toUsage(value.usage.promptTokens, value.usage.completionTokens) : undefined;
        sink.finish(typeof value.finishReason === 'string' ? value.finishReason : undefined, usage);
        return;
      }
      default:
        // `e:` (finish step: more steps may follow), `f:` and every other code: nothing to show.
        // issue #14: codes the v4 data stream protocol does not define go to the canary.
        if (!KNOWN_IGNORED_CODES.has(code)) noteUnknown('datastream-line', line);
        return;
    }
  }

  return {
    push(text: string) {
      if (sink.done) return [];
      let start = buffer.length;
      buffer += text;
      let from = 0;
      for (;;) {
        const nl = buffer.indexOf('\n', start);
        if (nl === -1) break;
        handleLine(buffer.slice(from, nl));
        from = nl + 1;
        start = from;
        if (sink.done) break;
      }
      buffer = sink.done ? '' : buffer.slice(from);
      if (!sink.done && buffer.length > MAX_EVENT_CHARS) {
        buffer = '';
        sink.fail('protocol', EVENT_TOO_LARGE_MESSAGE);
      }
      return sink.drain();
    },
    end() {
      if (!sink.done && buffer !== '') {
        // A last line without its newline: accept it if it is complete (e.g. a final `d:`).
        handleLine(buffer);
      }
      buffer = '';
      if (!sink.done) sink.interrupted();
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
