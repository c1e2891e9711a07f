/**
 * The one way FlareChat builds a marked lexer: fixed options and bounded nesting.
 *
 * marked's lexer recurses once per nesting level (blockquote → blockTokens → blockquote …, list
 * item → blockTokens, strong → inlineTokens …) with no limit, so ~1 KB of `>` overflows the stack
 * and crashes the page (issue #11). Beyond MAX_BLOCK_DEPTH / MAX_INLINE_DEPTH the remaining source
 * is kept as one flat, literal text token instead: deep nesting renders flat, nothing is lost.
 * The limit depends only on the source, so the incremental lexer and a full lex still agree.
 */
import { Lexer, type Links, type MarkedOptions, type Token } from 'marked';
import { mathExtensions } from './math-syntax';

/** Block nesting levels kept (top level counts as 1): quotes and list items inside each other. */
export const MAX_BLOCK_DEPTH = 16;
/** Inline nesting levels kept (emphasis, strong, strikethrough, link text inside each other). */
export const MAX_INLINE_DEPTH = 16;

/** Explicit options so that a `marked.use()` elsewhere in the bundle cannot change our lexing. */
function lexerOptions(): MarkedOptions {
  return {
    async: false,
    breaks: false,
    // `$…$` and `$$…$$` math (issue #12); the only extension, built here so nothing else adds one.
    extensions: mathExtensions(),
    gfm: true,
    hooks: null,
    pedantic: false,
    renderer: null,
    silent: false,
    tokenizer: null,
    walkTokens: null,
  };
}

/** Source beyond the depth limit, shown verbatim (an `escape` token renders its text as-is). */
function literal(src: string): Token {
  return { type: 'escape', raw: src, text: src };
}

/** A block beyond the depth limit: one paragraph holding the whole source as literal text. */
function flatBlock(src: string): Token {
  return { type: 'paragraph', raw: src, text: src, tokens: [literal(src)], flat: true };
}

/** A fresh lexer (its options object is mutated by marked, so never share it). */
export function newLexer(): Lexer {
  const lexer = new Lexer(lexerOptions());
  const blockTokens = lexer.blockTokens.bind(lexer) as (src: string, tokens?: Token[], clipped?: boolean) => Token[];
  const inlineTokens = lexer.inlineTokens.bind(lexer);
  let blockDepth = 0;
  let inlineDepth = 0;
  // Own properties shadow the prototype methods: marked's tokenizer calls `this.lexer.blockTokens`.
  lexer.blockTokens = ((src: string, tokens: Token[] = [], clipped?: boolean): Token[] => {
    if (blockDepth >= MAX_BLOCK_DEPTH) {
      tokens.push(flatBlock(src));
      return tokens;
    }
    blockDepth++;
    try {
      return blockTokens(src, tokens, clipped);
    } finally {
      blockDepth--;
    }
  }) as Lexer['blockTokens'];
  lexer.inlineTokens = (src: string, tokens: Token[] = []): Token[] => {
    if (inlineDepth >= MAX_INLINE_DEPTH) {
      tokens.push(literal(src));
      return tokens;
    }
    inlineDepth++;
    try {
      return inlineTokens(src, tokens);
    } finally {
      inlineDepth--;
    }
  };
  return lexer;
}

/** Reference implementation: lex the whole text from scratch. */
export function lexFull(text: string): { blocks: Token[]; links: Links } {
  const tokens = newLexer().lex(text);
  return { blocks: [...tokens], links: { ...tokens.links } };
}

/** marked turns `\r\n` and lone `\r` into `\n` before lexing; so do we, per appended delta. */
export function normalise(s: string): string {
  return s.includes('\r') ? s.replace(/\r\n?/g, '\n') : s;
}

/** A comparable key for a link-definition map. */
export function linksKey(links: Links): string {
  const keys = Object.keys(links);
  if (keys.length === 0) return '';
  keys.sort();
  return JSON.stringify(keys.map((k) => [k, links[k]?.href ?? null, links[k]?.title ?? null]));
}
