// Build-time helpers shared by wxt.config.ts and its tests: everything the manifest derives
// from the playground origin. Pure functions, no browser APIs.

/** `https://host/*` plus the matching `wss://host/*`: `*://` does not cover WebSocket schemes,
 * and DNR rules only reach socket handshakes with the ws(s) pattern listed. Patterns carry no
 * port, which matches every port. */
export function playgroundHostPatterns(origin: string): string[] {
  const { protocol, hostname } = new URL(origin);
  const ws = protocol === 'https:' ? 'wss:' : 'ws:';
  return [`${protocol}//${hostname}/*`, `${ws}//${hostname}/*`];
}

/** The origin as a WebSocket origin (`https:` → `wss:`), port kept. */
export function socketOrigin(origin: string): string {
  const url = new URL(origin);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.origin.replace(/^http/, 'ws');
}

/** Tighter than the MV3 default: no remote scripts, no plugins, no remote images (model output
 * cannot exfiltrate through <img>), and connections only to the playground. */
export function extensionPagesCsp(origin: string): string {
  const { origin: http } = new URL(origin);
  const ws = http.replace(/^http/, 'ws');
  return [
    "script-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "img-src 'self' data:",
    `connect-src 'self' ${http} ${ws}`,
  ].join('; ');
}
