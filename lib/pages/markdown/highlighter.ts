/**
 * The lazily loaded half of syntax highlighting: refractor (Prism grammars returning a hast tree,
 * never HTML strings) with the languages below, registered individually. Only ever reached through
 * the dynamic import in ./highlight.ts, so Vite emits it (with refractor, hastscript and
 * parse-entities) as its own chunk, outside the side panel's initial JavaScript.
 *
 * Note on decode-named-character-reference (a parse-entities dependency): its browser build decodes
 * a named reference by assigning `"&" + name + ";"` to the innerHTML of a detached `<i>` element
 * that is never inserted into the document. refractor's core reaches it only through
 * `attributes()` → `parseEntities()` on attributes set by Prism `wrap` hooks: here only markup's
 * entity tokens (`title` = the entity text, e.g. `&lt;`, when highlighting html/xml/svg/markdown).
 * parse-entities only passes a run of ASCII alphanumerics as `name`, so the assigned string is
 * `&[A-Za-z0-9]+;` and cannot form an element; the `title` it produces is dropped by convert()
 * below (only class names are kept). Prism's markdown grammar also contains an innerHTML
 * assignment, in its autoloader branch, which needs `env.plugins.autoloader`: refractor defines no
 * plugins, so that branch is dead code.
 */
import type { Element, RootContent, Text } from 'hast';
import { refractor } from 'refractor/core';
import bash from 'refractor/bash';
import c from 'refractor/c';
import cpp from 'refractor/cpp';
import css from 'refractor/css';
import diff from 'refractor/diff';
import go from 'refractor/go';
import java from 'refractor/java';
import javascript from 'refractor/javascript';
import json from 'refractor/json';
import jsx from 'refractor/jsx';
import markdown from 'refractor/markdown';
import markup from 'refractor/markup';
import python from 'refractor/python';
import rust from 'refractor/rust';
import sql from 'refractor/sql';
import tsx from 'refractor/tsx';
import typescript from 'refractor/typescript';
import yaml from 'refractor/yaml';
import type { HighlightNode } from './highlight-types';

for (const syntax of [markup, css, javascript, typescript, jsx, tsx, python, bash, json, c, cpp, java, go, rust, sql, yaml, diff, markdown]) {
  refractor.register(syntax);
}

export function isRegistered(grammar: string): boolean {
  return refractor.registered(grammar);
}

function classString(element: Element): string {
  const value = element.properties.className;
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string').join(' ');
  return typeof value === 'string' ? value : '';
}

function convert(nodes: readonly (RootContent | Element | Text)[], out: HighlightNode[]): void {
  for (const node of nodes) {
    if (node.type === 'text') out.push({ kind: 'text', value: node.value });
    else if (node.type === 'element') {
      // Only the class list is kept; refractor's other properties (e.g. entity titles) are dropped.
      const children: HighlightNode[] = [];
      convert(node.children, children);
      out.push({ kind: 'span', className: classString(node), children });
    }
  }
}

/** Highlight `code` as `grammar` into a plain tree of spans and text; null if it cannot. */
export function highlightNodes(code: string, grammar: string): HighlightNode[] | null {
  if (!refractor.registered(grammar)) return null;
  try {
    const out: HighlightNode[] = [];
    convert(refractor.highlight(code, grammar).children, out);
    return out;
  } catch {
    return null;
  }
}
