/**
 * Incremental markdown lexing for streamed answers.
 *
 * marked's block lexer is fed only the *unstable tail* of the text. Top-level blocks that can no
 * longer change, whatever is appended, are kept ("stable") and never re-lexed. A block is stable
 * once a later block has started after a blank line and that later block cannot be re-read as a
 * continuation of it (see `isSafeBoundary`). Everything else (an open fence, a list that may go
 * on, a table being built, a paragraph that may turn into a setext heading) stays in the tail and
 * is re-lexed from its start on the next update.
 *
 * The output is, at every step, deep-equal to `lexFull(text)` (a fresh `new Lexer().lex(text)`):
 * that invariant is what tests/unit/markdown/incremental.test.ts checks for a corpus of tricky
 * inputs split at every offset.
 *
 * Only marked's LEXER is used; its HTML renderer/parser never runs.
 */
import { Lexer, type Links, type MarkedOptions, type MarkedToken, type Token } from 'marked';

/** Explicit options so that a `marked.use()` elsewhere in the bundle cannot change our lexing. */
function lexerOptions(): MarkedOptions {
  return {
    async: false,
    breaks: false,
    extensions: null,
    gfm: true,
    hooks: null,
    pedantic: false,
    renderer: null,
    silent: false,
    tokenizer: null,
    walkTokens: null,
  };
}

/** A fresh lexer (its options object is mutated by marked, so never share it). */
function newLexer(): Lexer {
  return new Lexer(lexerOptions());
}

/** Reference implementation: lex the whole text from scratch. */
export function lexFull(text: string): { blocks: Token[]; links: Links } {
  const tokens = newLexer().lex(text);
  return { blocks: [...tokens], links: { ...tokens.links } };
}

/** marked turns `\r\n` and lone `\r` into `\n` before lexing; so do we, per appended delta. */
function normalise(s: string): string {
  return s.includes('\r') ? s.replace(/\r\n?/g, '\n') : s;
}

function linksKey(links: Links): string {
  const keys = Object.keys(links);
  if (keys.length === 0) return '';
  keys.sort();
  return JSON.stringify(keys.map((k) => [k, links[k]?.href ?? null, links[k]?.title ?? null]));
}

/** Register link definitions found in `tokens` (recursively), first definition wins like marked. */
function collectDefs(tokens: readonly Token[], into: Links): void {
  for (const token of tokens) {
    const t = token as MarkedToken;
    if (t.type === 'def') {
      if (!Object.hasOwn(into, t.tag)) into[t.tag] = { href: t.href, title: t.title };
    } else if (t.type === 'blockquote') {
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
function isSafeBoundary(prev: Token | undefined, space: Token, next: Token): boolean {
  if (space.type !== 'space' || next.type === 'space') return false;
  if (WHITESPACE_START.test(next.raw)) return false;
  if (prev?.type === 'list' && LIST_MARKER_START.test(next.raw)) return false;
  return true;
}

export interface LexerStats {
  /** Calls to update() that changed the text. */
  updates: number;
  /** Characters handed to marked's lexer, in total. */
  charsLexed: number;
  /** Times the whole text was lexed again (new text, edit, or a link definition changed). */
  fullLexes: number;
}

export class IncrementalLexer {
  /** The last input, as given (not normalised). */
  private input = '';
  /** Stable top-level blocks: never re-lexed, same object identity across updates. */
  private stable: Token[] = [];
  /** Normalised source covered by `stable` (concatenation of their raws). */
  private stableSrc = '';
  /** Link definitions found in the stable blocks. */
  private stableLinks: Links = Object.create(null) as Links;
  /** The full link map the stable blocks were inline-lexed with. */
  private stableLinksKey = '';
  /** Normalised source after the stable blocks. */
  private tailSrc = '';
  private blocks: Token[] = [];
  private links: Links = Object.create(null) as Links;
  readonly stats: LexerStats = { updates: 0, charsLexed: 0, fullLexes: 0 };

  /** Number of leading blocks that are stable (render them memoised). */
  get stableCount(): number {
    return this.stable.length;
  }

  get currentLinks(): Links {
    return this.links;
  }

  /** Lex `text`, reusing the work done for the previous text when `text` extends it. */
  update(text: string): readonly Token[] {
    if (text === this.input) return this.blocks;
    this.stats.updates++;
    const previous = this.input;
    if (text.length > previous.length && text.startsWith(previous)) {
      let delta = text.slice(previous.length);
      // "\r" already became "\n"; its "\n" partner must not add a second one.
      if (previous.endsWith('\r') && delta.startsWith('\n')) delta = delta.slice(1);
      this.input = text;
      this.tailSrc += normalise(delta);
      this.lexTail();
    } else {
      this.input = text;
      this.stable = [];
      this.stableSrc = '';
      this.stableLinks = Object.create(null) as Links;
      this.stableLinksKey = '';
      this.tailSrc = normalise(text);
      this.stats.fullLexes++;
      this.lexTail();
    }
    return this.blocks;
  }

  private lexTail(): void {
    const lexer = newLexer();
    Object.assign(lexer.tokens.links, this.stableLinks);
    const tokens = lexer.lex(this.tailSrc);
    this.stats.charsLexed += this.tailSrc.length;
    const key = linksKey(tokens.links);
    if (this.stable.length > 0 && key !== this.stableLinksKey) {
      // A link definition appeared or changed in the tail: reference links in stable blocks
      // may now resolve differently. Rare in model output; start over.
      this.tailSrc = this.stableSrc + this.tailSrc;
      this.stable = [];
      this.stableSrc = '';
      this.stableLinks = Object.create(null) as Links;
      this.stats.fullLexes++;
      this.lexTail();
      return;
    }
    this.stableLinksKey = key;
    this.links = { ...tokens.links };

    // Find the last safe restart point in the tail.
    let cut = 0;
    for (let i = tokens.length - 1; i >= 1; i--) {
      const next = tokens[i];
      const space = tokens[i - 1];
      const prev = i >= 2 ? tokens[i - 2] : this.stable.at(-1);
      if (next && space && isSafeBoundary(prev, space, next)) {
        cut = i;
        break;
      }
    }
    if (cut > 0) {
      const promoted = tokens.slice(0, cut);
      let length = 0;
      for (const t of promoted) length += t.raw.length;
      this.stable.push(...promoted);
      this.stableSrc += this.tailSrc.slice(0, length);
      this.tailSrc = this.tailSrc.slice(length);
      collectDefs(promoted, this.stableLinks);
    }
    this.blocks = this.stable.concat(tokens.slice(cut));
  }
}
