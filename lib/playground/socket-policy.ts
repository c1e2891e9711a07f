// The agents socket transport's timings and reconnect policy. A dropped answer is resumed (the server
// keeps a stream 10 min when finished, 1 h when abandoned: cloudflare/agents resumable-stream.ts);
// it ends as interrupted only on resume_none with nothing kept, on `continuation-owned`, or after
// MAX_RESUMES failed reconnects. Close codes 1008 and 4000–4999 end it with no reconnect.

/** How long to wait for the server's initial cf_agent_state before sending anyway (g4f waited 1 s blindly). */
export const STATE_GATE_MS = 3_000;
/** setConfig exists only in newer builds; an old server may never answer it. */
export const CONFIG_REPLY_MS = 1_500;
/** After a cancel, how long to wait for the server's done:true before closing the socket. */
export const CANCEL_GRACE_MS = 1_500;
/** Failed reconnects in a row (no resume offered) before the answer ends as interrupted. */
export const MAX_RESUMES = 5;
/** Waits before the n-th reconnect in a row (1-based), then the last one again. */
export const RESUME_BACKOFF_MS = [200, 500, 1_000, 2_000];
/** A reconnected socket that says nothing about our stream within this long counts as failed. */
export const RESUME_REPLY_MS = 5_000;

/** Close codes after which the server asked not to come back (RFC 6455 1008; 4000–4999 app codes). */
export function isTerminalCloseCode(code: number): boolean {
  return code === 1008 || (code >= 4000 && code <= 4999);
}

export function closeMessage(code: number, reason: string): string {
  const why = reason.trim() === '' ? '' : `: ${reason.trim().slice(0, 200)}`;
  return code === 1008
    ? `The playground closed the connection for a policy reason (code 1008${why}). FlareChat will not reconnect on its own.`
    : `The playground ended the session and asked not to reconnect (code ${code}${why}).`;
}
