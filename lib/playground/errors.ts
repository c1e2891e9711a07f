// Pure error classification: HTTP failures, Cloudflare challenge pages and in-band error texts all
// map to one `error` PlaygroundEvent with a short, human message (docs/playground-protocol.md#error-signals).
import type { ErrorCode } from '@/lib/shared/errors';
import { errorEvent, type PlaygroundEvent } from './events';

export type ErrorEvent = Extract<PlaygroundEvent, { type: 'error' }>;

/** A `Headers` object or a plain record (any key case). */
export type HeadersLike =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

/** Case-insensitive header lookup on a `Headers` object or a plain record. */
export function getHeader(headers: HeadersLike | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  if (typeof headers.get === 'function') {
    const value = (headers as { get(name: string): string | null }).get(wanted);
    return value ?? undefined;
  }
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  for (const key of Object.keys(record)) {
    if (key.toLowerCase() !== wanted) continue;
    const value = record[key];
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return value.join(', ');
  }
  return undefined;
}

/**
 * Body markers of a Cloudflare challenge or block page: the six gpt4free's `raise_for_status`
 * checks, plus the two script markers of the challenge platform (docs/playground-protocol.md#challenge-detection).
 */
export const CHALLENGE_MARKERS: readonly string[] = [
  '<title>Just a moment...</title>',
  '<title>Attention Required! | Cloudflare</title>',
  '<div id="cf-please-wait">',
  'id="cf-cloudflare-status"',
  '<p id="cf-spinner-please-wait">',
  'id="challenge-error-text"',
  'window._cf_chl_opt',
  '/cdn-cgi/challenge-platform/',
];

/** `cf-mitigated: challenge` first (Cloudflare's documented signal), then the body markers. */
export function isChallengePage(headers: HeadersLike | undefined, bodyText: string): boolean {
  const mitigated = getHeader(headers, 'cf-mitigated');
  if (mitigated !== undefined && mitigated.toLowerCase().split(',').some((v) => v.trim() === 'challenge')) {
    return true;
  }
  return CHALLENGE_MARKERS.some((marker) => bodyText.includes(marker));
}

/**
 * `Retry-After` as milliseconds from `now`: either delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Dates in the past give 0. Anything unparseable gives undefined.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+$/.test(trimmed)) {
    const seconds = Number(trimmed);
    return Number.isSafeInteger(seconds) ? seconds * 1000 : undefined;
  }
  // Only accept something that looks like a date, so "soon" or "-5" are not parsed by Date.parse's
  // lenient heuristics.
  if (!/[a-z]/i.test(trimmed) || !/\d{4}/.test(trimmed)) return undefined;
  const when = Date.parse(trimmed);
  if (Number.isNaN(when)) return undefined;
  return Math.max(0, when - now);
}

const MAX_DETAIL_CHARS = 200;

/** The server's own text when it is short plain text (never HTML, never a stack dump). */
function serverDetail(bodyText: string): string | undefined {
  const trimmed = bodyText.trim();
  if (trimmed === '') return undefined;
  const fromJson = jsonMessage(trimmed);
  const text = (fromJson ?? trimmed).replace(/\s+/g, ' ').trim();
  if (text === '' || text.length > MAX_DETAIL_CHARS) return undefined;
  if (/<[a-z!/?]/i.test(text)) return undefined;
  return text;
}

/** `message` (or `error`, `error.message`, `details`) of a JSON object body, if any. */
function jsonMessage(text: string): string | undefined {
  if (!text.startsWith('{')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const record = parsed as Record<string, unknown>;
  for (const key of ['message', 'error', 'errorText', 'details']) {
    const value = record[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    if (typeof value === 'object' && value !== null) {
      const nested = (value as Record<string, unknown>).message;
      if (typeof nested === 'string' && nested.trim() !== '') return nested.trim();
    }
  }
  return undefined;
}

function withDetail(message: string, detail: string | undefined): string {
  return detail === undefined ? message : `${message} The server said: "${detail}"`;
}

export const CHALLENGE_MESSAGE =
  'Cloudflare wants to check this browser. Open playground.ai.cloudflare.com in a tab, pass the check, then try again.';

/**
 * Classify a non-2xx HTTP answer. Returns null for 2xx.
 *
 * Decisions:
 * - A challenge (header or body markers) wins at ANY status: Cloudflare serves challenge pages as
 *   403, and historically as 503/429 too; the only fix is the same (a real visit to the site).
 * - 403 WITHOUT any challenge signal is a plain refusal (Origin policy, WAF rule, IP block 1050),
 *   which a visit to the site will not clear, so it is `bad-request` with the status in the
 *   message rather than a "verify" prompt the user can never satisfy.
 * - 504 is `upstream`, not `rate-limited` as g4f had it: it is an edge/origin timeout, says nothing
 *   about the user's quota, and an immediate retry is reasonable. `Retry-After`, when a 5xx sends
 *   one, is still passed through.
 */
export function classifyHttpFailure(
  status: number,
  headers: HeadersLike | undefined,
  bodyText: string,
  now: number = Date.now(),
): ErrorEvent | null {
  if (status >= 200 && status < 300) return null;
  const retryAfterMs = parseRetryAfter(getHeader(headers, 'retry-after'), now);
  const retry = retryAfterMs === undefined ? {} : { retryAfterMs };

  if (isChallengePage(headers, bodyText)) {
    return errorEvent('challenge', CHALLENGE_MESSAGE, { status });
  }
  const detail = serverDetail(bodyText);
  if (status === 403) {
    return errorEvent(
      'bad-request',
      withDetail('The playground refused this request (HTTP 403).', detail),
      { status },
    );
  }
  if (status === 429 || status === 402) {
    return errorEvent(
      'rate-limited',
      withDetail(`The playground is rate limiting requests (HTTP ${status}). Wait a little and try again.`, detail),
      { status, ...retry },
    );
  }
  if (status === 400) {
    return errorEvent('bad-request', withDetail('The playground refused this model or request.', detail), { status });
  }
  if (status === 404) {
    return errorEvent(
      'not-found',
      withDetail('The playground no longer answers at this address (HTTP 404).', detail),
      { status },
    );
  }
  if (status >= 500) {
    return errorEvent(
      'upstream',
      withDetail(`The playground had a server error (HTTP ${status}).`, detail),
      { status, ...retry },
    );
  }
  return errorEvent(
    'upstream',
    withDetail(`The playground answered with an unexpected status (HTTP ${status}).`, detail),
    { status, ...retry },
  );
}

const MAX_INBAND_CHARS = 500;
export const DEFAULT_INBAND_MESSAGE = 'The model returned an error.';

/**
 * Workers AI error codes the playground passes through in its message text
 * (docs/playground-protocol.md "Error codes", playground-2026.md): each has its own code and
 * recovery. 3021 is per minute: the retry waits until the next minute starts (never hammer).
 */
const INBAND_CODES: readonly { pattern: RegExp; code: ErrorCode }[] = [
  { pattern: /\b5007\b|model not found|no such model/i, code: 'model-not-found' },
  { pattern: /\b5028\b|model (?:was |has been )?deprecated/i, code: 'model-deprecated' },
  { pattern: /\b5035\b|workers paid|paid plan/i, code: 'model-paid' },
  { pattern: /\b3040\b|out of capacity|capacity temporarily exceeded/i, code: 'capacity' },
  { pattern: /\b3021\b|rate[\s_-]?limit/i, code: 'rate-limited' },
];

/** Milliseconds until the next minute starts, plus a second of margin for clock skew. */
export function untilNextMinute(now: number): number {
  return 60_000 - (now % 60_000) + 1_000;
}

/**
 * An error reported inside a 200 stream (`3:` line, `type:"error"` chunk, WS `error:true`).
 * Accepts the raw text or a JSON string `{"message":…,"details":…}` (Era D, 2026 live app).
 * Known Workers AI codes get their own ErrorCode (INBAND_CODES), else `upstream`. The message is
 * the server's own text, since it is all we know (docs/playground-protocol.md#in-band-errors: show the text).
 */
export function classifyInbandError(text: string, now: number = Date.now()): ErrorEvent {
  const raw = text.trim();
  let message = raw;
  let extra = '';
  if (raw.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        const record = parsed as Record<string, unknown>;
        const msg = typeof record.message === 'string' ? record.message.trim() : '';
        const details = typeof record.details === 'string' ? record.details.trim() : '';
        const fallback = jsonMessage(raw) ?? '';
        message = msg || details || fallback;
        extra = details;
      }
    } catch {
      // Not JSON after all: keep the raw text.
    }
  }
  if (message.length > MAX_INBAND_CHARS) message = `${message.slice(0, MAX_INBAND_CHARS)}…`;
  if (message === '') message = DEFAULT_INBAND_MESSAGE;
  const haystack = `${message} ${extra}`;
  const code = INBAND_CODES.find((entry) => entry.pattern.test(haystack))?.code ?? 'upstream';
  if (code === 'rate-limited' && /\b3021\b|per min/i.test(haystack)) return errorEvent(code, message, { retryAfterMs: untilNextMinute(now) });
  return errorEvent(code, message);
}
