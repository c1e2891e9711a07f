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

/** Tighter than the MV3 default: nothing is allowed unless listed (`default-src 'none'`), so fonts,
 * media, frames, workers, manifests and remote styles are all blocked. Listed: our own scripts and
 * stylesheets (no inline style or script: Preact sets styles through the CSSOM, which CSP does not
 * govern), images from the package or data: URLs only (model output cannot exfiltrate through
 * <img>), connections only to the playground, no plugins, no <base>, no form posts.
 * https://developer.chrome.com/docs/extensions/reference/manifest/content-security-policy */
export function extensionPagesCsp(origin: string): string {
  const { origin: http } = new URL(origin);
  const ws = http.replace(/^http/, 'ws');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${http} ${ws}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    // No frame-ancestors: the browser frames the options page (chrome://extensions, about:addons).
  ].join('; ');
}

/**
 * Firefox's data-collection declaration (browser_specific_settings.gecko.data_collection_permissions),
 * in Mozilla's vocabulary (extensionworkshop.com/documentation/develop/firefox-builtin-data-consent/).
 * Everything here goes to Cloudflare's playground, a third party, so it is transmission:
 * - personalCommunications: the chat itself (your prompts and the earlier answers, "chat messages");
 * - websiteContent: page text and selections you add to a prompt;
 * - browsingActivity: the address (URL) and title of that page, sent with its text.
 * All are needed for what the extension is for, so they are required, not optional.
 * PRIVACY.md says the same in words; keep the two in step.
 */
export const FIREFOX_DATA_COLLECTION = {
  required: ['personalCommunications', 'websiteContent', 'browsingActivity'],
} as const;
