// Long text sent over a runtime port in parts (issue #16: import and export files). A cut never
// falls inside a UTF-16 surrogate pair: Chrome carries port messages as UTF-8, where half an emoji
// becomes U+FFFD on each side.

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** The end of the part that starts at `start`: at most `maxChars` later, moved back one to keep a pair whole. */
export function partEnd(text: string, start: number, maxChars: number): number {
  let end = Math.min(text.length, start + Math.max(2, maxChars));
  if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
  return end;
}

/** `text` in consecutive parts of at most `maxChars` characters (none for an empty text). */
export function textParts(text: string, maxChars: number): string[] {
  const parts: string[] = [];
  for (let at = 0; at < text.length; ) {
    const end = partEnd(text, at, maxChars);
    parts.push(text.slice(at, end));
    at = end;
  }
  return parts;
}
