// The error vocabulary every side shares: the playground client produces these codes, the
// protocol carries them to the pages, storage keeps them on failed answers, import checks them.

/** Closed set of failure kinds. Every failure the client sees maps to exactly one. */
export const ERROR_CODES = [
  'challenge', // Cloudflare bot check: 403 + cf-mitigated / challenge markers
  'rate-limited', // 429, or the in-band "3021 … rate limiting" text
  'bad-request', // 400: unknown model or a body the server refused
  'not-found', // 404: the route is gone (era change)
  'upstream', // in-band error from the model (HTTP 200 / WS error:true)
  'network', // connection refused, reset, or closed before the answer ended
  'timeout', // no first byte in 25 s, 30 s of silence, 5 min in total
  'aborted', // the user (or the engine) stopped it
  'protocol', // bytes that match no known format, or over a size cap
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
