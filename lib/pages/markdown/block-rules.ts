/**
 * What the incremental lexer may assume about marked's block structure: where lexing may restart,
 * and when text appended to the last block provably cannot change a block boundary.
 */
import type { Links, MarkedToken, Token, Tokens } from 'marked';

/** Register link definitions found in `tokens` (recursively), first definition wins like marked. */
export function collectDefs(tokens: readonly Token[], into: Links): void {
  for (const token of tokens) {
    const t = token as MarkedToken;
    if (t.type === 'def') {
      if (!Object.hasOwn(into, t.tag)) into[t.tag] = { href: t.href, title: t.title };
    } else if (t.type === 'blockquote') {
      // Depth is bounded by the lexer (MAX_BLOCK_DEPTH), so this recursion is too.
      collectDefs(t.tokens, into);
    } else if (t.type === 'list') {
      for (const item of t.items) collectDefs(item.tokens, into);
    }
  }
}

const LIST_MARKER_START = /^[-+*0-9]/;
const WHITESPACE_START = /^[ \t]/;

/**
 * May the lexer restart at `next` (a top-level token preceded by the blank-line token `space`,
 * itself preceded by `prev`) and still produce what a full lex would, for any appended text?
 *
 * - a blank line separates them, so no lazy continuation, setext underline, table delimiter row
 *   or paragraph merge can reach back into `prev` (marked only merges into a paragraph/text token
 *   that is the immediately preceding token; here it is the `space` token);
 * - `next` starts at column 0 with a non-blank character, so it is neither indented code that
 *   continues an indented code block, nor content that continues a list item;
 * - after a list, `next` must not start like a list marker (`2` may become `2. item`, which would
 *   continue an ordered list across the blank line).
 * Fenced code and HTML blocks that are still open run to the end of the text, so when a later
 * token exists they are closed.
 */
export function isSafeBoundary(prev: Token | undefined, space: Token, next: Token): boolean {
  if (space.type !== 'space' || next.type === 'space') return false;
  if (WHITESPACE_START.test(next.raw)) return false;
  if (prev?.type === 'list' && LIST_MARKER_START.test(next.raw)) return false;
  return true;
}

/**
 * A paragraph's last line that starts like this cannot turn into (or start) another block, whatever
 * is appended to it on the same line: not a list item, heading, quote, fence, HTML block, link
 * definition, thematic break, setext underline, table delimiter row or indented code.
 */
export const INERT_LINE = /^(?:[*_`]{0,2}[\p{L}"'(]|\d+[^\d.)\s])/u;

/** Text of an unclosed fence whose body (after the info line's newline) is `body`, as marked computes it. */
export function openFenceText(body: string): string {
  if (body === '') return '';
  const content = body.endsWith('\n') ? body.slice(0, -1) : body;
  return content === '' || content.endsWith('\n') ? content + '\n' : content;
}

/** The fence string (e.g. "```" or "~~~~") of a fenced code token starting at column 0, else null. */
export function fenceOf(token: Tokens.Code): string | null {
  if (token.codeBlockStyle === 'indented') return null;
  return /^(`{3,}|~{3,})/.exec(token.raw)?.[1] ?? null;
}

/**
 * Might `line` close a fence of `char`? Conservative: any run of the fence character after at most
 * three spaces, followed by spaces or tabs only (marked also requires the run to be at least as long
 * as the opening fence). Only the current text matters: the next update checks its last line again.
 */
export function mayCloseFence(line: string, char: string): boolean {
  let i = 0;
  while (i < 3 && line.charCodeAt(i) === 32) i++;
  if (line[i] !== char) return false;
  while (line[i] === char) i++;
  return /^[ \t]*$/.test(line.slice(i));
}
