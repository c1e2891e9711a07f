// 7. Size: gzip (level 9) of each entrypoint's initial JavaScript — the HTML's <script src> and
// <link rel=modulepreload>, then static imports, transitively (same rule as the npm test budget) —
// and the size of the store zip (`wxt zip` output).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface SizeRow {
  entry: string;
  files: string[];
  rawBytes: number;
  gzipBytes: number;
  targetKB: number | null;
}

function jsClosure(outDir: string, entry: string): string[] {
  const seen = new Set<string>();
  const queue: string[] = [];
  const add = (from: string, spec: string) => {
    if (/^[a-z]+:/i.test(spec)) return;
    const file = spec.startsWith('/') ? path.join(outDir, spec) : path.resolve(path.dirname(from), spec);
    if (!file.endsWith('.js') || seen.has(file)) return;
    seen.add(file);
    queue.push(file);
  };
  const entryFile = path.join(outDir, entry);
  if (entry.endsWith('.html')) {
    const html = readFileSync(entryFile, 'utf8');
    for (const m of html.matchAll(/<script\b[^>]*\bsrc=["']([^"']+)["']/g)) add(entryFile, m[1]);
    for (const m of html.matchAll(/<link\b[^>]*\brel=["']modulepreload["'][^>]*\bhref=["']([^"']+)["']/g)) add(entryFile, m[1]);
    for (const m of html.matchAll(/<link\b[^>]*\bhref=["']([^"']+)["'][^>]*\brel=["']modulepreload["']/g)) add(entryFile, m[1]);
  } else {
    add(entryFile, `./${path.basename(entry)}`);
  }
  while (queue.length) {
    const file = queue.shift() as string;
    if (!existsSync(file)) continue;
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(/\b(?:import|export)\b[^'"();]*?\bfrom\s*["']([^"']+)["']/g)) add(file, m[1]);
    for (const m of code.matchAll(/\bimport\s*["']([^"']+)["']/g)) add(file, m[1]);
  }
  return [...seen];
}

const TARGETS: Record<string, number> = { 'sidepanel.html': 60, 'background.js': 25, 'popup.html': 40 };

export function measureSizes(outDir: string, zipFile: string): { rows: SizeRow[]; zipBytes: number; missing: string[] } {
  const entries = [
    ...readdirSync(outDir).filter((f) => f.endsWith('.html')),
    ...readdirSync(outDir).filter((f) => f.endsWith('.js')),
  ];
  const rows: SizeRow[] = entries.map((entry) => {
    const files = jsClosure(outDir, entry).filter((f) => existsSync(f));
    const bufs = files.map((f) => readFileSync(f));
    return {
      entry,
      files: files.map((f) => path.relative(outDir, f)),
      rawBytes: bufs.reduce((s, b) => s + b.byteLength, 0),
      gzipBytes: bufs.reduce((s, b) => s + gzipSync(b, { level: 9 }).byteLength, 0),
      targetKB: TARGETS[entry] ?? null,
    };
  });
  const missing = Object.keys(TARGETS).filter((e) => !entries.includes(e));
  return { rows, zipBytes: existsSync(zipFile) ? statSync(zipFile).size : NaN, missing };
}
