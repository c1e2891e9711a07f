// Markdown to one line of plain text, for history previews (issue #12: previews showed "## Steps",
// "**bold**", "```js"). Not a Markdown parser: a preview is a short, possibly cut, fragment, so a few
// line-level and inline rules are enough, and this runs in the background and every page alike.

const LINE_RULES: [RegExp, string][] = [
  [/^\s{0,3}(`{3,}|~{3,}).*$/gm, ''], // code fences (the code itself stays)
  [/^\s{0,3}#{1,6}\s+/gm, ''], // headings
  [/^\s{0,3}(>\s?)+/gm, ''], // block quotes
  [/^\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?/gm, ''], // list markers and task boxes
  [/^\s{0,3}([-*_])(\s*\1){2,}\s*$/gm, ''], // thematic breaks
  [/^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)+\|?\s*$/gm, ''], // table delimiter rows
  [/^\s{0,3}\$\$\s*$/gm, ''], // display-math fences
];

const INLINE_RULES: [RegExp, string][] = [
  [/!\[([^\]]*)\]\([^)]*\)?/g, '$1'], // images: the alt text
  [/\[([^\]]+)\]\([^)]*\)?/g, '$1'], // links: the text
  [/\[([^\]]+)\]\[[^\]]*\]/g, '$1'], // reference links
  [/<\/?[a-zA-Z][^>]*>/g, ''], // inline HTML tags
  [/(`+)([^`]*?)\1/g, '$2'], // inline code
  [/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2'], // strong
  [/(\*|_)(?=\S)([\s\S]*?\S)\1(?![\p{L}\p{N}])/gu, '$2'], // emphasis
  [/~~(?=\S)([\s\S]*?\S)~~/g, '$1'], // strikethrough
  [/\s*\|\s*/g, ' '], // table cells
];

// Escaped characters are set aside first so no rule reads them as syntax, and put back last.
const ESCAPE = /\\([\\`*_{}[\]()#+\-.!|~>$])/g;
const HELD = /\uE000(\d+)\uE001/g;

/** `text` (Markdown) as one line of plain text, whitespace collapsed. */
export function plainText(text: string): string {
  let out = text.replace(ESCAPE, (_, char: string) => `\uE000${char.charCodeAt(0)}\uE001`);
  for (const [rule, replacement] of LINE_RULES) out = out.replace(rule, replacement);
  for (const [rule, replacement] of INLINE_RULES) out = out.replace(rule, replacement);
  // A preview cut in the middle leaves unmatched markers behind: drop the leftovers at word edges.
  out = out.replace(/(^|\s)(\*{1,3}|_{1,3}|`{1,3}|~~)(?=\S)/g, '$1').replace(/(\S)(\*{1,3}|_{1,3}|`{1,3}|~~)(?=\s|$)/g, '$1');
  return out.replace(HELD, (_, code: string) => String.fromCharCode(Number(code))).replace(/\s+/g, ' ').trim();
}
