// Era A: legacy Workers AI SSE (doc §2): `data: {"response":"…","p":"padding"}` … `data: [DONE]`.
// - `p` is random padding: ignored. Chunks without a string `response` (e.g. `{"tool_calls":[]}`)
//   are skipped, not malformed.
// - `usage` (snake_case, on the last chunk) is reported on `finish`. Era A has no finish reason.
// - A chunk whose whole `response` is a noise token (`</s>`, `<s>`, `<|endoftext|>`, `<|end|>`) is
//   dropped. Only whole-chunk matches: removing the substrings would corrupt real answers that talk
//   about HTML `<s>` tags.
// - The end: `[DONE]`, or the body closing right after the `response:""` chunk.
import type { Usage } from '../events';
import { createSseFeeder } from './sse';
import { EventSink, isRecord, toUsage, type StreamParser } from './sink';

const NOISE = new Set(['</s>', '<s>', '<|endoftext|>', '<|end|>']);

export function createLegacySseParser(): StreamParser {
  const sink = new EventSink();
  let usage: Usage | undefined;
  let endedWithEmpty = false;
  const sse = createSseFeeder(sink, (data) => {
    if (data.trim() === '[DONE]') {
      sink.finish(undefined, usage);
      return;
    }
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      sink.malformed++;
      return;
    }
    if (!isRecord(chunk)) {
      sink.malformed++;
      return;
    }
    if (isRecord(chunk.usage)) {
      usage = toUsage(chunk.usage.prompt_tokens, chunk.usage.completion_tokens) ?? usage;
    }
    const response = chunk.response;
    if (typeof response !== 'string') return;
    if (response === '') {
      endedWithEmpty = true;
      return;
    }
    endedWithEmpty = false;
    if (NOISE.has(response.trim())) return;
    sink.text(response);
  });
  return {
    push(text) {
      sse.feed(text);
      return sink.drain();
    },
    end() {
      sse.flush();
      if (endedWithEmpty) sink.finish(undefined, usage);
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
