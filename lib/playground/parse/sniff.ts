// Decide a response body's format from its first non-blank bytes (docs/playground-protocol.md#sniffing-the-format). Content-Type is not
// trusted: Eras B and C both answer `text/x-unknown`.
//
// | first bytes                          | format                          |
// |--------------------------------------|---------------------------------|
// | `<` (`<!DOCTYPE`, `<html`, …)         | html (challenge or error page)  |
// | /^[0-9a-k]:/                          | datastream-v4 (Era B)           |
// | an SSE field (`data:`, `event:`, `id:`, `retry:`, `:` comment) | sse (Era A or C: see sniffSseData) |
// | `{` or `[`                            | json                            |
// | nothing at all                        | empty                           |
// | anything else                         | unknown                         |

export type BodyFormat = 'html' | 'datastream-v4' | 'sse' | 'json' | 'empty' | 'unknown';

const SSE_FIELDS = ['data:', 'event:', 'id:', 'retry:'];
const V4_LINE = /^[0-9a-k]:/;

/** Strip a BOM and leading whitespace. */
export function skipBlank(text: string): string {
  return text.replace(/^[\uFEFF\s]+/, '');
}

/**
 * The format of a body that starts with `text`, or undefined if more bytes are needed to tell.
 * `final` means the body has ended, so whatever is there must be decided.
 */
export function sniffFormat(text: string, final: boolean): BodyFormat | undefined {
  const head = skipBlank(text);
  if (head === '') return final ? 'empty' : undefined;
  const first = head[0];
  if (first === '<') return 'html';
  if (first === '{' || first === '[') return 'json';
  if (first === ':') return 'sse';
  for (const field of SSE_FIELDS) {
    if (head.startsWith(field)) return 'sse';
  }
  if (V4_LINE.test(head)) return 'datastream-v4';
  // Could still become `data:` / `event:` / `0:` once more characters arrive.
  const couldGrow = !final && (SSE_FIELDS.some((field) => field.startsWith(head)) || (head.length === 1 && /[0-9a-k]/.test(head)));
  return couldGrow ? undefined : 'unknown';
}

export type SseKind = 'ui-message' | 'legacy' | 'done';

/**
 * Which SSE era the first `data:` payload belongs to: a JSON object with a string `type` is an AI SDK
 * UI chunk (Era C); any other JSON object is a Workers AI chunk (Era A: `response`, `usage`, `p`,
 * `tool_calls`…); `[DONE]` is an empty answer. Undefined when the payload does not parse (look at
 * the next event).
 */
export function sniffSseData(data: string): SseKind | undefined {
  const trimmed = data.trim();
  if (trimmed === '[DONE]') return 'done';
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return typeof (value as Record<string, unknown>).type === 'string' ? 'ui-message' : 'legacy';
}
