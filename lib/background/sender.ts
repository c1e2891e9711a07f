// Who may talk to the background. Trust comes from the browser-provided `sender`, never from a
// field in the message body. Only our own top-level extension pages are accepted.
import type { Browser } from 'wxt/browser';

type Sender = Pick<Browser.runtime.MessageSender, 'id' | 'url' | 'origin' | 'frameId'> | undefined;

/** Pages that may open a chat port. */
export const UI_PAGES = ['/sidepanel.html', '/popup.html', '/options.html'] as const;

/**
 * @param extensionOrigin `chrome-extension://<id>` or `moz-extension://<uuid>` (from runtime.getURL('')).
 */
export function isInternalSender(sender: Sender, extensionId: string, extensionOrigin: string, pages: readonly string[] = UI_PAGES): boolean {
  if (!sender || sender.id !== extensionId || typeof sender.url !== 'string') return false;
  // frameId is 0 for a top-level document; absent for some contexts (e.g. the popup on Firefox).
  if (sender.frameId !== undefined && sender.frameId !== 0) return false;
  let url: URL;
  try {
    url = new URL(sender.url);
  } catch {
    return false;
  }
  const origin = extensionOrigin.replace(/\/$/, '');
  // Not url.origin: for non-special schemes (chrome-extension:, moz-extension:) the WHATWG URL
  // origin is the opaque "null" in some engines.
  if (`${url.protocol}//${url.host}` !== origin) return false;
  if (sender.origin !== undefined && sender.origin !== origin) return false;
  return pages.includes(url.pathname);
}
