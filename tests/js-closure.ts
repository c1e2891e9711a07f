// The JavaScript an extension entry loads up front: the HTML's <script src> and
// <link rel=modulepreload>, then static imports, transitively. Shared by the `npm test` size
// budget (tests/run-all.ts) and the benchmark's size measure (tests/bench/size.ts), so both
// count the same bytes.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Every JS file an entry loads up front: <script src>, <link rel=modulepreload>, then static imports, transitively. */
export function jsClosure(outDir: string, entry: string): string[] {
  const seen = new Set<string>();
  const queue: string[] = [];
  const add = (from: string, spec: string) => {
    if (/^[a-z]+:/i.test(spec)) return; // remote or chrome-extension://: not ours to count
    const file = spec.startsWith('/') ? path.resolve(outDir, `.${spec}`) : path.resolve(path.dirname(from), spec);
    if (!file.endsWith('.js') || seen.has(file)) return;
    seen.add(file);
    queue.push(file);
  };
  const entryFile = path.resolve(outDir, entry);
  if (entry.endsWith('.html')) {
    const html = readFileSync(entryFile, 'utf8');
    for (const m of html.matchAll(/<script\b[^>]*\bsrc=["']([^"']+)["']/g)) add(entryFile, m[1]);
    for (const m of html.matchAll(/<link\b[^>]*\brel=["']modulepreload["'][^>]*\bhref=["']([^"']+)["']/g)) add(entryFile, m[1]);
    for (const m of html.matchAll(/<link\b[^>]*\bhref=["']([^"']+)["'][^>]*\brel=["']modulepreload["']/g)) add(entryFile, m[1]);
  } else {
    add(entryFile, `./${path.basename(entry)}`);
  }
  while (queue.length) {
    const file = queue.shift()!;
    if (!existsSync(file)) continue;
    const code = readFileSync(file, 'utf8');
    // Static imports only: `import x from"./a.js"`, `export * from"./b.js"`, `import"./c.js"`.
    for (const m of code.matchAll(/\b(?:import|export)\b[^'"();]*?\bfrom\s*["']([^"']+)["']/g)) add(file, m[1]);
    for (const m of code.matchAll(/\bimport\s*["']([^"']+)["']/g)) add(file, m[1]);
  }
  return [...seen];
}
