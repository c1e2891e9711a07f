// Text folding and tokenization shared by the indexer and the query side of search.
//
// Folding: lower-case, NFKD, drop combining marks → case- and diacritic-insensitive
// ("Café" ≈ "cafe", "Ёлка" ≈ "елка", "ÅNGSTRÖM" ≈ "angstrom").
//
// Tokens:
// - Words: maximal runs of letters/digits (\p{L}\p{N}), any script (Latin, Cyrillic, Greek, Hangul, …).
// - CJK (Han, Hiragana, Katakana) has no spaces, so runs are indexed as overlapping character
//   BIGRAMS, plus the run's last character as a unigram ("東京都" → 東京, 京都, 都). A one-character
//   query then prefix-matches every occurrence of that character (as a bigram start or the final
//   unigram); a longer query is split into bigrams that must all be present. Bigrams keep the index
//   small and precise enough; the price is rare false positives when every bigram occurs but not
//   contiguously (the snippet then shows the closest match).
// - Terms are capped at MAX_TERM_CHARS code points; longer query words are capped the same way, so
//   prefix matching still works.

export const MAX_TERM_CHARS = 32;

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;
const MARK = /\p{M}/gu;
 
const ASCII = /^[\u0000-\u007f]*$/;

function foldChar(char: string): string {
  return char.toLowerCase().normalize('NFKD').replace(MARK, '');
}

/** Folds a whole string (for tokenization). */
export function fold(text: string): string {
  if (ASCII.test(text)) return text.toLowerCase();
  let out = '';
  for (const char of text) out += foldChar(char);
  return out;
}

/** Folds a string and records, for each folded code unit, the index of its source in `text`. */
export function foldWithMap(text: string): { folded: string; map: number[] } {
  let folded = '';
  const map: number[] = [];
  let index = 0;
  for (const char of text) {
    const f = foldChar(char);
    folded += f;
    for (let i = 0; i < f.length; i++) map.push(index);
    index += char.length;
  }
  map.push(text.length);
  return { folded, map };
}

function cap(term: string): string {
  if (term.length <= MAX_TERM_CHARS) return term;
  return Array.from(term).slice(0, MAX_TERM_CHARS).join('');
}

type Run = { kind: 'word' | 'cjk'; chars: string[] };

function runs(folded: string): Run[] {
  const out: Run[] = [];
  let current: Run | null = null;
  for (const char of folded) {
    const kind = CJK.test(char) ? 'cjk' : WORD_CHAR.test(char) ? 'word' : null;
    if (kind === null) {
      current = null;
      continue;
    }
    if (!current || current.kind !== kind) {
      current = { kind, chars: [] };
      out.push(current);
    }
    current.chars.push(char);
  }
  return out;
}

/** Terms to index for a piece of text (title or message). */
export function indexTerms(text: string): Set<string> {
  const terms = new Set<string>();
  for (const run of runs(fold(text))) {
    if (run.kind === 'word') {
      terms.add(cap(run.chars.join('')));
    } else {
      for (let i = 0; i + 1 < run.chars.length; i++) terms.add(run.chars[i] + run.chars[i + 1]);
      terms.add(run.chars[run.chars.length - 1]);
    }
  }
  return terms;
}

/**
 * Prefixes a query needs, all of which must match. Redundant prefixes (a prefix of another query
 * prefix) are dropped, longest first.
 */
export function queryPrefixes(query: string): string[] {
  const prefixes = new Set<string>();
  for (const run of runs(fold(query))) {
    if (run.kind === 'word' || run.chars.length === 1) {
      prefixes.add(cap(run.chars.join('')));
    } else {
      for (let i = 0; i + 1 < run.chars.length; i++) prefixes.add(run.chars[i] + run.chars[i + 1]);
    }
  }
  const sorted = [...prefixes].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  return sorted.filter((p, i) => !sorted.slice(0, i).some((longer) => longer.startsWith(p)));
}

function isWordStart(folded: string, at: number): boolean {
  if (at === 0) return true;
  const before = folded.codePointAt(at - 1) ?? 0;
  // Low surrogate: look at the whole code point.
  const char =
    before >= 0xdc00 && before <= 0xdfff && at >= 2 ? String.fromCodePoint(folded.codePointAt(at - 2) ?? 0) : String.fromCodePoint(before);
  return !WORD_CHAR.test(char) || CJK.test(char);
}

/** First place in `folded` where `prefix` matches the way the index matches it. */
export function findPrefix(folded: string, prefix: string): number {
  const cjk = CJK.test(prefix);
  let from = 0;
  for (;;) {
    const at = folded.indexOf(prefix, from);
    if (at < 0) return -1;
    if (cjk || isWordStart(folded, at)) return at;
    from = at + 1;
  }
}

export interface Snippet {
  text: string;
  /** Where the first match sits inside `text` (for highlighting as text nodes, no HTML). */
  matchStart: number;
  matchLength: number;
}

const SNIPPET_BEFORE = 30;
const SNIPPET_LENGTH = 120;

/** A short, whitespace-collapsed excerpt around the first match of any prefix; null if none. */
export function makeSnippet(text: string, prefixes: string[]): Snippet | null {
  const { folded, map } = foldWithMap(text);
  let best = -1;
  let bestLength = 0;
  for (const prefix of prefixes) {
    const at = findPrefix(folded, prefix);
    if (at >= 0 && (best < 0 || at < best)) {
      best = at;
      bestLength = prefix.length;
    }
  }
  if (best < 0) return null;
  const start = map[best];
  const end = map[Math.min(best + bestLength, map.length - 1)];
  // Extend the match to the end of the word it prefixes.
  let wordEnd = end;
  while (wordEnd < text.length && WORD_CHAR.test(text[wordEnd]) && !CJK.test(text[wordEnd])) wordEnd++;
  if (CJK.test(text[start] ?? '')) wordEnd = end;

  let from = Math.max(0, start - SNIPPET_BEFORE);
  while (from > 0 && from < start && !/\s/.test(text[from - 1])) from++; // do not cut a word
  const to = Math.min(text.length, from + SNIPPET_LENGTH);
  const raw = text.slice(from, Math.max(to, wordEnd));
  // Collapse whitespace while tracking where the match lands.
  const head = raw.slice(0, start - from).replace(/\s+/g, ' ');
  const match = raw.slice(start - from, wordEnd - from).replace(/\s+/g, ' ');
  const tail = raw.slice(wordEnd - from).replace(/\s+/g, ' ');
  const prefix = from > 0 ? '…' : '';
  const suffix = from + raw.length < text.length ? '…' : '';
  const leading = (prefix + head).replace(/^\s+/, '');
  return {
    text: (leading + match + tail).replace(/\s+$/, '') + suffix,
    matchStart: leading.length,
    matchLength: match.length,
  };
}

/** Collapses whitespace and trims to `max` characters with an ellipsis. */
export function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const chars = Array.from(flat);
  if (chars.length <= max) return flat;
  return chars.slice(0, max - 1).join('').trimEnd() + '…';
}
