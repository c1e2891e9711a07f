/**
 * Fast paths of the incremental lexer: text appended to the last block of the answer is lexed
 * without re-lexing that whole block, when that is provably what a full lex would give.
 *
 * - open fenced code: appended lines that cannot be a closing fence only extend `raw`/`text`;
 * - paragraph: appended text without a newline, while its last line starts like plain prose,
 *   only re-runs the inline lexer on that paragraph;
 * - tight list: only the last item (from its bullet) plus the appended text is lexed, as a list of
 *   its own, and its items replace the last one. Earlier items end where the last one starts,
 *   whatever follows, and cannot change the list's looseness once it is tight;
 * - table: only header + delimiter row + the last row plus the appended text is lexed, and its rows
 *   replace the last one. Whether a line is a row depends on that line alone (and on the header's
 *   column count), so complete rows never change.
 * The last two keep a growing list or table linear (issue #11 item 14: a 2,000-row table was lexed
 * again from its first row on every delta). Each returns null to fall back to a block re-lex.
 */
import type { Links, Token, Tokens } from 'marked';
import { fenceOf, INERT_LINE, mayCloseFence, openFenceText } from './block-rules';
import { linksKey, newLexer } from './lexer';

/** The block that replaces the growing one, and the blank-line tokens that follow it. */
export interface Grown {
  block: Token;
  rest: Token[];
  /** Characters handed to the block lexer (0 when none was). */
  lexed: number;
  /** Characters handed to the inline lexer only. */
  inlineLexed: number;
}

export function extendFence(token: Tokens.Code, appended: string): Grown | null {
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
  return { block: { ...token, raw, text: openFenceText(raw.slice(firstBreak + 1)) }, rest: [], lexed: 0, inlineLexed: 0 };
}

export function extendParagraph(token: Tokens.Paragraph, appended: string, links: Links): Grown | null {
  if (appended.includes('\n') || token.raw !== token.text || token.raw.endsWith('\n')) return null;
  const raw = token.raw + appended;
  if (!INERT_LINE.test(raw.slice(raw.lastIndexOf('\n') + 1))) return null;
  const lexer = newLexer();
  Object.assign(lexer.tokens.links, links);
  return { block: { ...token, raw, text: raw, tokens: lexer.inlineTokens(raw) }, rest: [], lexed: 0, inlineLexed: raw.length };
}

/** Lex `src` with `links` known; null unless it gives one `type` block, then only blank lines, and no new link. */
function lexPart(src: string, links: Links, type: string): { block: Token; rest: Token[] } | null {
  const lexer = newLexer();
  Object.assign(lexer.tokens.links, links);
  const tokens = lexer.lex(src);
  const [block, ...rest] = tokens;
  if (block?.type !== type || rest.some((t) => t.type !== 'space')) return null;
  if (linksKey(tokens.links) !== linksKey(links)) return null;
  return { block, rest };
}

/**
 * A list or table being extended: `raw` is kept as `prefix + …` (a concatenation V8 keeps
 * unflattened) and only `lastSrc`, the source from the last item / row to the end of the text, is
 * lexed again, so no step reads or copies the whole block: that alone would make a long block
 * quadratic again. (Raws equal the source except at the very end of the text, where marked may
 * fold a one-character blank into the previous token's raw as "\n"; so offsets inside a raw are
 * source offsets, but the source after the last part comes from `lastSrc`, never from a raw.)
 */
interface Split {
  /** Raw before the last item / row. */
  prefix: string;
  /** Source from the last item / row to the end of the text when this split was made. */
  lastSrc: string;
  /** Table only: the header and delimiter rows, each with its "\n". */
  head: string;
  /** Length of the whole normalised text when this split was made. */
  textLength: number;
}
const splits = new WeakMap<Token, Split>();

/** Where the growing block sits: the text length before the delta, and (lazily) its source. */
export interface GrowSite {
  textLength: number;
  /** Normalised source from the block's first character to the end of the text before the delta. */
  source: () => string;
}

function knownSplit(block: Token, site: GrowSite): Split | null {
  const known = splits.get(block);
  return known && known.textLength === site.textLength ? known : null;
}

function listSplit(list: Tokens.List, site: GrowSite): Split | null {
  const known = knownSplit(list, site);
  if (known) return known;
  const item = list.items.at(-1);
  // list.raw = earlier items' raws + the last item's raw (+ "\n" when marked folded a trailing blank).
  const at = item ? list.raw.lastIndexOf(item.raw) : -1;
  if (!item || at < 0) return null;
  const lastSrc = site.source().slice(at);
  if (!lastSrc.startsWith(item.raw)) return null;
  return { prefix: list.raw.slice(0, at), lastSrc, head: '', textLength: site.textLength };
}

export function extendList(list: Tokens.List, appended: string, links: Links, site: GrowSite): Grown | null {
  const split = list.loose ? null : listSplit(list, site);
  if (!split) return null;
  const src = split.lastSrc + appended;
  const part = lexPart(src, links, 'list');
  if (!part) return null;
  const sub = part.block as Tokens.List;
  const lastItem = sub.items.at(-1);
  if (sub.loose || sub.ordered !== list.ordered || !lastItem) return null;
  const at = sub.raw.lastIndexOf(lastItem.raw);
  if (at < 0) return null;
  const prefix = split.prefix + sub.raw.slice(0, at);
  const block: Tokens.List = { ...list, raw: prefix + sub.raw.slice(at), items: [...list.items.slice(0, -1), ...sub.items] };
  splits.set(block, { prefix, lastSrc: src.slice(at), head: '', textLength: site.textLength + appended.length });
  return { block, rest: part.rest, lexed: src.length, inlineLexed: 0 };
}

function tableSplit(table: Tokens.Table, site: GrowSite): Split | null {
  const known = knownSplit(table, site);
  if (known) return known;
  const raw = table.raw;
  const end = raw.endsWith('\n') ? raw.length - 1 : raw.length;
  const keep = raw.lastIndexOf('\n', end - 1) + 1; // where the last row starts
  const headEnd = raw.indexOf('\n', raw.indexOf('\n') + 1) + 1; // after the delimiter row
  if (table.rows.length === 0 || headEnd <= 0 || keep < headEnd) return null;
  const lastSrc = site.source().slice(keep);
  if (!lastSrc.startsWith(raw.slice(keep, end))) return null;
  return { prefix: raw.slice(0, keep), lastSrc, head: raw.slice(0, headEnd), textLength: site.textLength };
}

export function extendTable(table: Tokens.Table, appended: string, links: Links, site: GrowSite): Grown | null {
  const split = tableSplit(table, site);
  if (!split) return null;
  const { head } = split;
  const src = head + split.lastSrc + appended;
  const part = lexPart(src, links, 'table');
  if (!part) return null;
  const sub = part.block as Tokens.Table;
  if (sub.rows.length === 0 || sub.header.length !== table.header.length || !sub.raw.startsWith(head)) return null;
  const end = sub.raw.endsWith('\n') ? sub.raw.length - 1 : sub.raw.length;
  const at = Math.max(head.length, sub.raw.lastIndexOf('\n', end - 1) + 1);
  const prefix = split.prefix + sub.raw.slice(head.length, at);
  const block: Tokens.Table = { ...table, raw: prefix + sub.raw.slice(at), rows: [...table.rows.slice(0, -1), ...sub.rows] };
  splits.set(block, { prefix, lastSrc: src.slice(at), head, textLength: site.textLength + appended.length });
  return { block, rest: part.rest, lexed: src.length, inlineLexed: 0 };
}
