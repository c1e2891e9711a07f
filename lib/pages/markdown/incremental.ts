/**
 * Incremental markdown lexing for streamed answers.
 *
 * marked's block lexer is fed only the *unstable tail* of the text. Top-level blocks that can no
 * longer change, whatever is appended, are kept ("stable") and never re-lexed. A block is stable
 * once a later block has started after a blank line and that later block cannot be re-read as a
 * continuation of it (see `isSafeBoundary` in block-rules.ts). Everything else (an open fence, a
 * list that may go on, a table being built, a paragraph that may turn into a setext heading) stays
 * in the tail and is re-lexed from its start on the next update, unless a fast path in
 * grow-block.ts can extend the last block in place.
 *
 * The output is, at every step, deep-equal to `lexFull(text)` (a fresh lex with the same bounded
 * lexer): that invariant is what tests/unit/pages/markdown/incremental.test.ts checks for a corpus
 * of tricky inputs split at every offset.
 *
 * Only marked's LEXER is used; its HTML renderer/parser never runs.
 */
import type { Links, Token, Tokens } from 'marked';
import { collectDefs, isSafeBoundary } from './block-rules';
import { extendFence, extendList, extendParagraph, extendTable, type Grown } from './grow-block';
import { linksKey, newLexer, normalise } from './lexer';

export interface LexerStats {
  /** Calls to update() that changed the text. */
  updates: number;
  /** Characters handed to marked's (block) lexer, in total. */
  charsLexed: number;
  /** Characters handed to marked's inline lexer by the paragraph fast path, in total. */
  inlineCharsLexed: number;
  /** Updates served by a fast path (last block extended in place). */
  fastAppends: number;
  /** Times the whole text was lexed again (new text, edit, or a link definition changed). */
  fullLexes: number;
}

function rawLength(tokens: readonly Token[]): number {
  let length = 0;
  for (const t of tokens) length += t.raw.length;
  return length;
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
    // `slice(…) ===` rather than startsWith: V8 compares a sliced string with one memcmp, while
    // startsWith on a concatenated (cons) string walks it character by character (~50x slower on
    // an 80 KB answer, and it runs on every delta).
    if (text.length > previous.length && text.slice(0, previous.length) === previous) {
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

  /** Extend the last block by `appended` through a fast path; false to fall back to lexTail(). */
  private appendInPlace(appended: string): boolean {
    // The growing block: the last token, or a list/table followed only by blank lines.
    let at = this.tail.length - 1;
    while (at > 0 && this.tail[at]?.type === 'space') at--;
    const block = this.tail[at];
    if (!block) return false;
    let grown: Grown | null = null;
    if (block.type === 'list' || block.type === 'table') {
      const before = this.tail.slice(0, at);
      const site = {
        textLength: this.stableSrc.length + this.tailSrc.length,
        // Raws before the growing block are exact source (marked alters a raw only at the very end).
        source: () => this.tailSrc.slice(rawLength(before)),
      };
      grown =
        block.type === 'list'
          ? extendList(block as Tokens.List, appended, this.links, site)
          : extendTable(block as Tokens.Table, appended, this.links, site);
    } else if (at === this.tail.length - 1 && this.tailCovered === this.tailSrc.length) {
      if (block.type === 'code') grown = extendFence(block as Tokens.Code, appended);
      else if (block.type === 'paragraph') grown = extendParagraph(block as Tokens.Paragraph, appended, this.links);
    }
    if (grown === null) return false;
    this.stats.charsLexed += grown.lexed;
    this.stats.inlineCharsLexed += grown.inlineLexed;
    this.tailSrc += appended;
    const before = this.tail.slice(0, at);
    this.tail = [...before, grown.block, ...grown.rest];
    this.tailCovered = rawLength(before) + grown.block.raw.length + rawLength(grown.rest);
    this.blocks = this.stable.concat(this.tail);
    return true;
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
      const length = rawLength(promoted);
      this.stable.push(...promoted);
      this.stableSrc += this.tailSrc.slice(0, length);
      this.tailSrc = this.tailSrc.slice(length);
      collectDefs(promoted, this.stableLinks);
    }
    this.tail = tokens.slice(cut);
    this.tailCovered = rawLength(this.tail);
    this.blocks = this.stable.concat(this.tail);
  }
}
