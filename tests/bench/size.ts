// 7. Size: gzip (level 9) of each entrypoint's initial JavaScript — the HTML's <script src> and
// <link rel=modulepreload>, then static imports, transitively (same rule as the npm test budget) —
// and the size of the store zip (`wxt zip` output).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { jsClosure } from '../js-closure';

export interface SizeRow {
  entry: string;
  files: string[];
  rawBytes: number;
  gzipBytes: number;
  targetKB: number | null;
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
