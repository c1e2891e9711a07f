// When to retry a rate-limited answer: exponential backoff with full jitter on top of what the
// server asked for, at most MAX_RATE_LIMIT_RETRIES times; then the user decides (a lighter model).
// https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/

export const MAX_RATE_LIMIT_RETRIES = 3;
const BASE_MS = 2_000;
const CAP_MS = 60_000;

/**
 * @param attempt retries already made (0 for the first retry)
 * @param retryAfterMs what the server asked for (Retry-After), if anything
 * @returns the delay before the next try, or undefined when we should stop retrying
 */
export function rateLimitDelay(attempt: number, retryAfterMs: number | undefined, random: () => number = Math.random): number | undefined {
  if (attempt >= MAX_RATE_LIMIT_RETRIES) return undefined;
  const backoff = Math.min(CAP_MS, BASE_MS * 2 ** attempt);
  const floor = Math.min(CAP_MS, Math.max(retryAfterMs ?? 0, backoff / 2));
  return Math.round(floor + random() * (backoff / 2));
}
