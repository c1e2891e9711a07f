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
 * that invariant is what tests/unit/pages/markdown/incremental.test.ts checks for a corpus of tricky
 * inputs split at every offset.
 *
 * Fast path (appendInPlace): when the text grows inside the last block and the appended text
 * cannot change any block boundary, the last token is extended without calling the block lexer:
 * - an open fenced code block: appended lines that cannot be a closing fence only extend `raw` and
 *   `text` (no lexing at all);
 * - a paragraph: appended text without a newline, while its last line starts like plain prose
 *   (so it can become neither a setext underline, a table delimiter row, nor any block that
 *   interrupts a paragraph), only re-runs the inline lexer on that paragraph's text.
 * Anything else falls back to re-lexing the unstable tail.
 *
 * Only marked's LEXER is used; its HTML renderer/parser never runs.
 */
import { Lexer, type Links, type MarkedOptions, type MarkedToken, type Token, type Tokens } from 'marked';

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

/**
 * A paragraph's last line that starts like this cannot turn into (or start) another block, whatever
 * is appended to it on the same line: not a list item, heading, quote, fence, HTML block, link
 * definition, thematic break, setext underline, table delimiter row or indented code.
 */
const INERT_LINE = /^(?:[*_`]{0,2}[\p{L}"'(]|\d+[^\d.)\s])/u;

/** Text of an unclosed fence whose body (after the info line's newline) is `body`, as marked computes it. */
function openFenceText(body: string): string {
  if (body === '') return '';
  const content = body.endsWith('\n') ? body.slice(0, -1) : body;
  return content === '' || content.endsWith('\n') ? content + '\n' : content;
}

/** The fence string (e.g. "```" or "~~~~") of a fenced code token starting at column 0, else null. */
function fenceOf(token: Tokens.Code): string | null {
  if (token.codeBlockStyle === 'indented') return null;
  return /^(`{3,}|~{3,})/.exec(token.raw)?.[1] ?? null;
}

/**
 * Might `line` close a fence of `char`? Conservative: any run of the fence character after at most
 * three spaces, followed by spaces or tabs only (marked also requires the run to be at least as long
 * as the opening fence). Only the current text matters: the next update checks its last line again.
 */
function mayCloseFence(line: string, char: string): boolean {
  let i = 0;
  while (i < 3 && line.charCodeAt(i) === 32) i++;
  if (line[i] !== char) return false;
  while (line[i] === char) i++;
  return /^[ \t]*$/.test(line.slice(i));
}

export interface LexerStats {
  /** Calls to update() that changed the text. */
  updates: number;
  /** Characters handed to marked's (block) lexer, in total. */
  charsLexed: number;
  /** Characters handed to marked's inline lexer by the paragraph fast path, in total. */
  inlineCharsLexed: number;
  /** Updates served by the fast path (last token extended in place). */
  fastAppends: number;
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
  /** The unstable tail's tokens (the blocks after `stable`), and how much of tailSrc their raws cover. */
  private tail: Token[] = [];
  private tailCovered = 0;
  readonly stats: LexerStats = { updates: 0, charsLexed: 0, inlineCharsLexed: 0, fastAppends: 0, fullLexes: 0 };

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
      const appended = normalise(delta);
      if (appended !== '' && this.appendInPlace(appended)) {
        this.stats.fastAppends++;
        return this.blocks;
      }
      this.tailSrc += appended;
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

  /**
   * Extend the last token by `appended` without re-lexing the block, when that is provably what a
   * full lex would give (see the module comment). Returns false to fall back to lexTail().
   */
  private appendInPlace(appended: string): boolean {
    const last = this.tail.at(-1);
    if (!last) return false;
    if (last.type === 'list') return this.extendList(last as Tokens.List, appended);
    if (this.tailCovered !== this.tailSrc.length) return false;
    let next: Token | null = null;
    if (last.type === 'code') next = this.extendFence(last as Tokens.Code, appended);
    else if (last.type === 'paragraph') next = this.extendParagraph(last as Tokens.Paragraph, appended);
    if (next === null) return false;
    this.tailSrc += appended;
    this.tailCovered += appended.length;
    this.tail[this.tail.length - 1] = next;
    const blocks = this.blocks.slice();
    blocks[blocks.length - 1] = next;
    this.blocks = blocks;
    return true;
  }

  /**
   * Tight list, text appended on the last item's last line: re-lex only the last item (from its
   * bullet to the end) as a list of its own and splice it in. Earlier items end where the last one
   * starts, whatever follows; a tight list stays tight without a new line. Falls back (re-lexing
   * the tail) unless the item lexes as exactly one tight single-item list with the same links.
   */
  private extendList(list: Tokens.List, appended: string): boolean {
    const item = list.items.at(-1);
    if (appended.includes('\n') || list.loose || !item) return false;
    // list.raw = earlier items' raws + the last item's raw (+ "\n" when marked folded a one-character
    // trailing blank into it).
    const at = list.raw.lastIndexOf(item.raw);
    const prefixEnd = this.tailCovered - list.raw.length;
    const itemStart = prefixEnd + at;
    if (at < 0 || prefixEnd < 0 || this.tailSrc.slice(itemStart, itemStart + item.raw.length) !== item.raw) return false;
    const src = this.tailSrc.slice(itemStart) + appended;
    const lexer = newLexer();
    Object.assign(lexer.tokens.links, this.links);
    const tokens = lexer.lex(src);
    this.stats.charsLexed += src.length;
    const only = tokens[0];
    if (tokens.length !== 1 || only?.type !== 'list') return false;
    const single = only as Tokens.List;
    const newItem = single.items[0];
    if (single.items.length !== 1 || single.loose || single.ordered !== list.ordered || !newItem) return false;
    if (linksKey(tokens.links) !== linksKey(this.links)) return false;
    const next: Tokens.List = {
      ...list,
      raw: list.raw.slice(0, at) + single.raw,
      items: [...list.items.slice(0, -1), newItem],
    };
    this.tailSrc += appended;
    this.tailCovered = prefixEnd + next.raw.length;
    this.tail[this.tail.length - 1] = next;
    const blocks = this.blocks.slice();
    blocks[blocks.length - 1] = next;
    this.blocks = blocks;
    return true;
  }

  private extendFence(token: Tokens.Code, appended: string): Tokens.Code | null {
    const fence = fenceOf(token);
    const firstBreak = token.raw.indexOf('\n');
    if (fence === null || firstBreak < 0) return null; // the info line (language) may still change
    const char = fence[0] ?? '`';
    // Still open? (For an open fence the lexer ran to the end of the text.) The last line of the
    // body, ignoring one trailing newline, must not be a closing fence.
    const body = token.raw.endsWith('\n') ? token.raw.slice(0, -1) : token.raw;
    const lastBreak = body.lastIndexOf('\n');
    if (lastBreak >= firstBreak && mayCloseFence(body.slice(lastBreak + 1), char)) return null;
    // No line touched by the appended text may be (or become) a closing fence.
    const touched = token.raw.slice(token.raw.lastIndexOf('\n') + 1) + appended;
    for (const line of touched.split('\n')) {
      if (line !== '' && mayCloseFence(line, char)) return null;
    }
    const raw = token.raw + appended;
    return { ...token, raw, text: openFenceText(raw.slice(firstBreak + 1)) };
  }

  private extendParagraph(token: Tokens.Paragraph, appended: string): Tokens.Paragraph | null {
    if (appended.includes('\n') || token.raw !== token.text || token.raw.endsWith('\n')) return null;
    const raw = token.raw + appended;
    if (!INERT_LINE.test(raw.slice(raw.lastIndexOf('\n') + 1))) return null;
    const lexer = newLexer();
    Object.assign(lexer.tokens.links, this.links);
    this.stats.inlineCharsLexed += raw.length;
    return { ...token, raw, text: raw, tokens: lexer.inlineTokens(raw) };
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
    this.tail = tokens.slice(cut);
    let covered = 0;
    for (const t of this.tail) covered += t.raw.length;
    this.tailCovered = covered;
    this.blocks = this.stable.concat(this.tail);
  }
}
