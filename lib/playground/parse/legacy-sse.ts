// Era A: legacy Workers AI SSE (docs/playground-protocol.md#era-a-legacy-sse): `data: {"response":"…","p":"padding"}` … `data: [DONE]`.
// - `p` is random padding: ignored. Chunks without a string `response` (e.g. `{"tool_calls":[]}`)
//   are skipped, not malformed.
// - `usage` (snake_case, on the last chunk) is reported on `finish`. Era A has no finish reason.
// - A chunk whose whole `response` is a noise token (`</s>`, `<s>`, `<|endoftext|>`, `<|end|>`) is
//   dropped. Only whole-chunk matches: removing the substrings would corrupt real answers that talk
//   about HTML `<s>` tags.
// - The end: `[DONE]`, or the body closing right after the `response:""` chunk.
import type { Usage } from '@/lib/shared/models';
import { createJsonSseParser } from './sse';
import { isRecord } from '@/lib/shared/guards';
import { EventSink, toUsage, type StreamParser } from './sink';
import { noteUnknown } from '../canary-hook';

/** Era A chunk keys that mean something (or are padding): a chunk with none of them is news. */
const KNOWN_KEYS = ['response', 'usage', 'p', 'tool_calls'];

const NOISE = new Set(['</s>', '<s>', '<|endoftext|>', '<|end|>']);

export function createLegacySseParser(): StreamParser {
  const sink = new EventSink();
  let usage: Usage | undefined;
  let endedWithEmpty = false;
  return createJsonSseParser(sink, {
    onJson(chunk) {
      if (!isRecord(chunk)) {
        sink.malformed++;
        return;
      }
      if (isRecord(chunk.usage)) {
        usage = toUsage(chunk.usage.prompt_tokens, chunk.usage.completion_tokens) ?? usage;
      }
      const response = chunk.response;
      if (typeof response !== 'string') {
        // issue #14: only the unusual path pays for this check.
        if (!KNOWN_KEYS.some((key) => key in chunk)) noteUnknown('sse-event', chunk);
        return;
      }
      if (response === '') {
        endedWithEmpty = true;
        return;
      }
      endedWithEmpty = false;
      if (NOISE.has(response.trim())) return;
      sink.text(response);
    },
    onDone: () => sink.finish(undefined, usage),
    onEnd: () => (endedWithEmpty ? sink.finish(undefined, usage) : sink.interrupted()),
  });
}
