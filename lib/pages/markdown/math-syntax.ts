/**
 * `$…$` (inline) and `$$…$$` (display) math as a marked inline extension (issue #12).
 *
 * Delimiter rules (close to pandoc's `tex_math_dollars`), chosen so that prices are never math:
 * - `$…$`: the opening `$` is not preceded by a letter or digit (`US$5`) and is followed by a
 *   non-space; the FIRST unescaped `$` after it closes (no search further on), and it must be
 *   preceded by a non-space and not followed by a digit. So `$5 and $10` stays text (the candidate
 *   closer has a space before it) and `$5, $10` too.
 * - `$$…$$`: non-empty, no blank line inside (math never spans paragraphs).
 * - No newline inside `$…$`; a `\$` is an escaped dollar (marked's escape token runs first).
 * - No backtick inside (TeX has no use for one): `$10, see `$x$`` is a price and a code span.
 * - Code spans and code blocks are untouched: marked consumes them before we see their `$`.
 * An expression still streaming in (no closer yet) stays plain text until its closer arrives.
 * Bounded: an expression longer than MAX_TEX_CHARS stays text.
 */
import type { MarkedOptions, Token, TokenizerExtensionFunction, TokenizerStartFunction } from 'marked';

export const MAX_TEX_CHARS = 4000;

export interface MathToken {
  type: 'math';
  raw: string;
  text: string;
  display: boolean;
}

const WORD_CHAR = /[\p{L}\p{N}]$/u;

function previousChar(tokens: readonly Token[]): string {
  const last = tokens.at(-1);
  return last ? last.raw.slice(-1) : '';
}

/** Index of the first `$` at or after `from` that is not escaped by a backslash, else -1. */
function nextDollar(src: string, from: number): number {
  for (let i = from; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (c === '$') return i;
  }
  return -1;
}

function displayMath(src: string): MathToken | undefined {
  const end = src.indexOf('$$', 2);
  if (end < 0) return undefined;
  const text = src.slice(2, end);
  if (text.trim() === '' || /\n[ \t]*\n/.test(text) || text.includes('`') || text.length > MAX_TEX_CHARS) return undefined;
  return { type: 'math', raw: src.slice(0, end + 2), text: text.trim(), display: true };
}

function inlineMath(src: string): MathToken | undefined {
  const first = src[1];
  if (first === undefined || /\s/.test(first)) return undefined;
  const end = nextDollar(src, 1);
  if (end < 0) return undefined;
  const text = src.slice(1, end);
  if (text.includes('\n') || text.includes('`') || text.length > MAX_TEX_CHARS) return undefined;
  if (/\s/.test(src[end - 1] ?? ' ') || /\d/.test(src[end + 1] ?? '')) return undefined;
  return { type: 'math', raw: src.slice(0, end + 1), text, display: false };
}

/** marked inline tokenizer: a math token at the start of `src`, or undefined. */
export const mathTokenizer: TokenizerExtensionFunction = function (src, tokens) {
  if (src[0] !== '$') return undefined;
  if (WORD_CHAR.test(previousChar(tokens))) return undefined;
  const token = src[1] === '$' ? displayMath(src) : inlineMath(src);
  return token;
};

/** Where the next candidate starts, so marked's text tokenizer stops there. */
export const mathStart: TokenizerStartFunction = function (src) {
  const i = src.indexOf('$');
  return i < 0 ? undefined : i;
};

/** The `extensions` lexer option carrying the math tokenizer (no renderers: we never use marked's). */
export function mathExtensions(): NonNullable<MarkedOptions['extensions']> {
  return { renderers: {}, childTokens: {}, inline: [mathTokenizer], startInline: [mathStart] };
}

/** Does this text contain anything that could become math? (cheap pre-check, no lexing) */
export function mayContainMath(text: string): boolean {
  return text.includes('$');
}
