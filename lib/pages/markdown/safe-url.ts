/**
 * URL policy for model output. Only absolute http(s) and mailto URLs become links; everything
 * else (javascript:, data:, vbscript:, file:, relative, protocol-relative, obfuscated schemes)
 * returns null and is rendered as plain text.
 *
 * `new URL()` applies the WHATWG parser: it strips leading/trailing C0 controls and spaces and
 * removes tabs/newlines anywhere, and lower-cases the scheme, so `JaVaScRiPt:`, ` javascript:`
 * and `java\tscript:` all end up with protocol `javascript:` and are rejected here. Entities are
 * never decoded before parsing (`java&#x09;script:` is not a valid scheme at all).
 */
const ALLOWED_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:']);

export function safeHref(href: string | null | undefined): string | null {
  if (!href) return null;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (!ALLOWED_PROTOCOLS.has(url.protocol)) return null;
  if (url.protocol !== 'mailto:' && !url.hostname) return null;
  return url.href;
}

/** True for http(s) only: the policy for image URLs shown as links. */
export function isWebUrl(href: string | null): boolean {
  return href !== null && (href.startsWith('http:') || href.startsWith('https:'));
}
