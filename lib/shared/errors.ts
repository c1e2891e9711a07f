// The error vocabulary every side shares: the playground client produces these codes, the
// protocol carries them to the pages, storage keeps them on failed answers, import checks them.

/** Closed set of failure kinds. Every failure the client sees maps to exactly one. */
export const ERROR_CODES = [
  'challenge', // Cloudflare bot check: 403 + cf-mitigated / challenge markers
  'rate-limited', // 429, or the in-band "3021 … rate limiting" text
  'bad-request', // 400: a body the server refused
  'model-not-found', // in-band 5007: no such model (retrying the same model fails forever)
  'capacity', // in-band 3040: the model is out of capacity (a retry later, or another model)
  'model-deprecated', // in-band 5028: the model was retired (never offered again)
  'model-paid', // in-band 5035: the model needs a paid Workers plan (never offered again)
  'not-found', // 404: the route is gone (era change)
  'upstream', // in-band error from the model (HTTP 200 / WS error:true)
  'network', // connection refused, reset, or closed before the answer ended
  'timeout', // no first byte in 25 s, 30 s of silence, 5 min in total
  'aborted', // the user (or the engine) stopped it
  'protocol', // bytes that match no known format, or over a size cap
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Failures that say the chosen model cannot answer now: another model can (issue #17). */
export const MODEL_UNAVAILABLE_CODES: readonly ErrorCode[] = ['model-not-found', 'capacity', 'model-deprecated', 'model-paid'];
/** Failures after which this install never offers the model again (storage.local). */
export const MODEL_GONE_CODES: readonly ErrorCode[] = ['model-deprecated', 'model-paid'];
