/**
 * Syntax highlighting with refractor (Prism grammars returning a hast tree, never HTML strings).
 * Only the languages below are registered, individually, to keep the bundle small.
 */
import type { Element, Root, RootContent, Text } from 'hast';
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

for (const syntax of [markup, css, javascript, typescript, jsx, tsx, python, bash, json, c, cpp, java, go, rust, sql, yaml, diff, markdown]) {
  refractor.register(syntax);
}

/** Fence info string (first word, lower-cased) → registered grammar name. */
const ALIASES: Readonly<Record<string, string>> = {
  js: 'javascript', javascript: 'javascript', mjs: 'javascript', cjs: 'javascript', node: 'javascript',
  ts: 'typescript', typescript: 'typescript', mts: 'typescript', cts: 'typescript',
  jsx: 'jsx', tsx: 'tsx',
  py: 'python', python: 'python', python3: 'python', py3: 'python',
  sh: 'bash', bash: 'bash', shell: 'bash', zsh: 'bash', console: 'bash', shellsession: 'bash',
  json: 'json', jsonc: 'json', json5: 'json',
  css: 'css',
  html: 'markup', xml: 'markup', svg: 'markup', markup: 'markup', xhtml: 'markup', vue: 'markup',
  c: 'c', h: 'c',
  cpp: 'cpp', 'c++': 'cpp', cc: 'cpp', cxx: 'cpp', hpp: 'cpp',
  java: 'java',
  go: 'go', golang: 'go',
  rust: 'rust', rs: 'rust',
  sql: 'sql', postgres: 'sql', postgresql: 'sql', mysql: 'sql', sqlite: 'sql',
  yaml: 'yaml', yml: 'yaml',
  diff: 'diff', patch: 'diff',
  markdown: 'markdown', md: 'markdown',
};

/** First word of a fence info string, trimmed, at most 32 characters ("" when none). */
export function fenceLanguage(info: string | undefined): string {
  const word = (info ?? '').trim().split(/\s+/, 1)[0] ?? '';
  return word.slice(0, 32);
}

/** The refractor grammar for a fence language, or null (render as plain text). */
export function grammarFor(language: string): string | null {
  const key = language.toLowerCase();
  const name = Object.hasOwn(ALIASES, key) ? ALIASES[key] : undefined;
  return name !== undefined && refractor.registered(name) ? name : null;
}

export type HighlightNode = { kind: 'text'; value: string } | { kind: 'span'; className: string; children: HighlightNode[] };

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

/** Small LRU-ish cache: unchanged code blocks are not re-highlighted on every streamed delta. */
const cache = new Map<string, HighlightNode[]>();
const CACHE_LIMIT = 64;

/** Highlight `code` as `grammar` into a plain tree of spans and text; null if not highlightable. */
export function highlight(code: string, grammar: string | null): HighlightNode[] | null {
  if (grammar === null) return null;
  const key = grammar + '\u0000' + code;
  const hit = cache.get(key);
  if (hit) return hit;
  let root: Root;
  try {
    root = refractor.highlight(code, grammar);
  } catch {
    return null;
  }
  const out: HighlightNode[] = [];
  convert(root.children, out);
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  cache.set(key, out);
  return out;
}
