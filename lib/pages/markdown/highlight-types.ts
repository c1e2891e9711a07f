/** Output of the highlighter: class names and text only, never markup. */
export type HighlightNode = { kind: 'text'; value: string } | { kind: 'span'; className: string; children: HighlightNode[] };
