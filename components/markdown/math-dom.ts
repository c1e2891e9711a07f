/**
 * Lazily loaded (only when an answer contains math): TeX → MathML DOM nodes via KaTeX.
 *
 * Part of the Markdown component (components/Markdown.tsx + components/markdown/), the one place
 * allowed to turn markup into DOM. KaTeX runs with `trust: false`, `strict: 'error'`, small
 * maxSize/maxExpand limits and `output: 'mathml'`; its markup is parsed by DOMParser into an inert
 * document (no scripts run, nothing is attached) and rebuilt node by node through an allow-list of
 * MathML elements and attributes: anything else is dropped. MathML is drawn by the browser with
 * system math fonts, so KaTeX's CSS and its ~1 MB of fonts are not packaged.
 */
import katex from 'katex';

const MATHML_NS = 'http://www.w3.org/1998/Math/MathML';

const ELEMENTS = new Set([
  'math', 'semantics', 'mrow', 'mi', 'mn', 'mo', 'ms', 'mtext', 'mspace', 'msup', 'msub', 'msubsup',
  'mfrac', 'msqrt', 'mroot', 'mover', 'munder', 'munderover', 'mtable', 'mtr', 'mtd', 'mlabeledtr',
  'mstyle', 'mpadded', 'mphantom', 'menclose', 'mmultiscripts', 'mprescripts', 'none', 'merror',
]);

const ATTRIBUTES = new Set([
  'mathvariant', 'displaystyle', 'scriptlevel', 'fence', 'stretchy', 'separator', 'lspace', 'rspace',
  'minsize', 'maxsize', 'accent', 'accentunder', 'columnalign', 'rowspacing', 'columnspacing',
  'rowlines', 'columnlines', 'width', 'height', 'depth', 'voffset', 'linethickness', 'notation',
  'display', 'movablelimits', 'symmetric', 'largeop', 'mathcolor', 'mathbackground', 'form',
]);

/** Attribute values: plain words, numbers, lengths, `#rrggbb` colours; never url(), never markup. */
const SAFE_VALUE = /^[\w.#%+\- ]{0,64}$/;

/** KaTeX options: no \href/\url/\includegraphics (trust), bounded macros and sizes. */
const OPTIONS = {
  output: 'mathml',
  throwOnError: true,
  trust: false,
  strict: 'error',
  maxSize: 20,
  maxExpand: 200,
  globalGroup: false,
} as const;

function copy(node: Node, into: Node, doc: Document, budget: { left: number }): void {
  if (--budget.left < 0) return;
  if (node.nodeType === 3) {
    into.appendChild(doc.createTextNode(node.textContent ?? ''));
    return;
  }
  if (node.nodeType !== 1) return;
  const source = node as Element;
  const name = source.localName;
  let target: Node = into;
  if (ELEMENTS.has(name)) {
    const element = doc.createElementNS(MATHML_NS, name);
    for (const attr of Array.from(source.attributes)) {
      if (ATTRIBUTES.has(attr.name) && SAFE_VALUE.test(attr.value)) element.setAttribute(attr.name, attr.value);
    }
    into.appendChild(element);
    target = element;
  } else if (name === 'annotation') {
    return; // the TeX source again; the <math> is what is read and shown
  }
  for (const child of Array.from(source.childNodes)) copy(child, target, doc, budget);
}

/** MathML nodes for `tex`, or null when KaTeX rejects it (the caller shows the source as text). */
export function mathNodes(tex: string, display: boolean, doc: Document = document): DocumentFragment | null {
  let markup: string;
  try {
    markup = katex.renderToString(tex, { ...OPTIONS, displayMode: display });
  } catch {
    return null; // unsupported or non-strict TeX: never logged (model output stays out of logs)
  }
  const parsed = new DOMParser().parseFromString(markup, 'text/html');
  const math = parsed.querySelector('math');
  if (!math) return null;
  const fragment = doc.createDocumentFragment();
  copy(math, fragment, doc, { left: 20_000 });
  const root = fragment.firstChild as Element | null;
  if (display) root?.setAttribute('display', 'block');
  return fragment;
}
