// URL stripping for the connection doctor (issue #14): the background redacts what it stores with
// it (lib/playground/redact.ts) and the options page strips the bug report once more with it
// (lib/pages/bug-report.ts), so it lives where both sides may import it.

/** A URL without its query and fragment (they can carry search terms, ids, tokens). */
export function stripUrl(url: string): string {
  return url.replace(/^((?:https?|wss?|chrome-extension|moz-extension):\/\/[^\s?#"'<>]*)[?#][^\s"'<>]*/i, '$1?…');
}

/** Every URL inside a text, stripped of query and fragment. */
export function stripUrls(text: string): string {
  return text.replace(/\b(?:https?|wss?|chrome-extension|moz-extension):\/\/[^\s"'<>]+/gi, (url) => stripUrl(url));
}
