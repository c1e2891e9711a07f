/**
 * Fence info string → grammar name. Kept apart from the highlighter so that the initial bundle
 * knows which code blocks *will* be highlighted (and can load the highlighter chunk for them)
 * without containing refractor. Every target below is registered in ./highlighter.ts (a test
 * checks this once the chunk is loaded).
 */
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

/** All grammar names the aliases point to. */
export const GRAMMARS: readonly string[] = [...new Set(Object.values(ALIASES))];

/** First word of a fence info string, trimmed, at most 32 characters ("" when none). */
export function fenceLanguage(info: string | undefined): string {
  const word = (info ?? '').trim().split(/\s+/, 1)[0] ?? '';
  return word.slice(0, 32);
}

/** The grammar for a fence language, or null (render as plain text, never load the highlighter). */
export function grammarFor(language: string): string | null {
  const key = language.toLowerCase();
  return Object.hasOwn(ALIASES, key) ? (ALIASES[key] ?? null) : null;
}
