// Splits a document into sections that each fit one request (issue #13). Sections break between
// paragraphs, preferably before a heading; a fenced code block is never cut unless it alone is
// larger than a section (then between its lines); a paragraph larger than a section is cut at a
// sentence end, else a space, and never inside a surrogate pair (a multi-byte character).
// Sections are offsets into the text, so a plan can be kept without copying the document.
import { estimateTokens } from './tokens';

export interface Span {
  start: number;
  end: number;
}

/** Paragraph-sized pieces (offsets), a fenced code block being one piece, in order, covering the text. */
export function units(text: string): Span[] {
  const out: Span[] = [];
  const lines = text.split('\n');
  let offset = 0;
  let start = 0;
  let fence: string | null = null;
  const close = (end: number) => {
    if (end > start) out.push({ start, end });
    start = end;
  };
  for (const line of lines) {
    const lineEnd = offset + line.length + 1; // the newline after it (or the text's end)
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) {
        fence = null;
        close(Math.min(lineEnd, text.length));
      }
    } else if (marker) {
      close(offset);
      fence = marker;
    } else if (line.trim() === '') {
      close(Math.min(lineEnd, text.length));
    } else if (/^#{1,6}\s/.test(line)) {
      close(offset);
    }
    offset = lineEnd;
  }
  close(text.length);
  return out;
}

function isHeading(text: string, span: Span): boolean {
  return /^#{1,6}\s/.test(text.slice(span.start, Math.min(span.end, span.start + 8)));
}

/** Never between the halves of a surrogate pair. */
function safeCut(text: string, at: number): number {
  const code = text.charCodeAt(at - 1);
  return code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}

/** Cuts one oversized piece: at line ends (code), sentence ends, spaces, else anywhere safe. */
function split(text: string, span: Span, maxTokens: number): Span[] {
  const out: Span[] = [];
  let start = span.start;
  while (start < span.end) {
    // Grow a window of characters to the budget (estimateTokens ≥ chars/3, so 3× tokens is an upper bound).
    let end = Math.min(span.end, start + maxTokens * 3);
    while (end > start + 1 && estimateTokens(text.slice(start, end)) > maxTokens) end = start + Math.floor((end - start) * 0.9);
    if (end < span.end) {
      const piece = text.slice(start, end);
      const floor = Math.floor(piece.length / 2);
      let sentence = 0;
      for (const m of piece.matchAll(/[.!?。！？]\s/g)) sentence = m.index + 2;
      const cut = [piece.lastIndexOf('\n') + 1, sentence, piece.lastIndexOf(' ') + 1].find((c) => c > floor) ?? piece.length;
      end = safeCut(text, start + cut);
      if (end <= start) end = Math.min(span.end, start + 2);
    }
    out.push({ start, end });
    start = end;
  }
  return out;
}

/**
 * Sections of at most `maxTokens` estimated tokens each, covering the text in order. A new
 * section starts before a heading once the current one is half full.
 */
export function chunkDocument(text: string, maxTokens: number): Span[] {
  if (!(maxTokens >= 1)) throw new RangeError('maxTokens must be at least 1');
  const sections: Span[] = [];
  let current: Span | null = null;
  let currentTokens = 0;
  const pieces = units(text).flatMap((u) => (estimateTokens(text.slice(u.start, u.end)) > maxTokens ? split(text, u, maxTokens) : [u]));
  for (const piece of pieces) {
    const tokens = estimateTokens(text.slice(piece.start, piece.end));
    const headingBreak = current !== null && isHeading(text, piece) && currentTokens > maxTokens / 2;
    if (current && (currentTokens + tokens > maxTokens || headingBreak)) {
      sections.push(current);
      current = null;
    }
    if (!current) {
      current = { start: piece.start, end: piece.end };
      currentTokens = tokens;
    } else {
      current.end = piece.end;
      currentTokens += tokens;
    }
  }
  if (current) sections.push(current);
  return sections;
}
