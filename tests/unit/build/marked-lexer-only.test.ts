// build/marked-lexer-only.ts cuts marked's default instance out of the bundle (issue #16). The cut
// module must lex exactly like marked itself, and must no longer carry the `marked.*` API.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { Lexer, type MarkedOptions } from 'marked';
import { describe, expect, it } from 'vitest';
import { cutMarkedInstance, KEPT_EXPORTS, markedLexerOnly } from '@/build/marked-lexer-only';

const MARKED_FILE = path.join(path.dirname(createRequire(import.meta.url).resolve('marked')), 'marked.esm.js');
const SOURCE = readFileSync(MARKED_FILE, 'utf8');

const CORPUS = [
  '# Title\n\nSome *emphasis*, **strong**, ~~gone~~ and `code`.',
  '- one\n- two\n  - nested\n\n1. first\n2. second',
  '> quote\n> > deeper\n\n```ts\nconst x = 1;\n```',
  '| a | b |\n|---|:-:|\n| 1 | 2 |',
  'A [link][ref] and <https://example.com>, www.example.org.\n\n[ref]: https://example.com "t"',
  '<div>html</div>\n\nline  \nbreak\\\nand &amp; entities',
  '- [ ] task\n- [x] done\n\n***\n\nSetext\n===',
];

function cutFile(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'marked-cut-')), 'marked-cut.mjs');
  writeFileSync(file, cutMarkedInstance(SOURCE));
  return file;
}

async function cutModule(): Promise<Record<string, unknown>> {
  return (await import(/* @vite-ignore */ pathToFileURL(cutFile()).href)) as Record<string, unknown>;
}

/** What a minifying bundler keeps of `markedFile` when only its Lexer is used. */
async function lexerOnlyBundle(markedFile: string): Promise<string> {
  const result = await build({
    stdin: { contents: `import { Lexer } from ${JSON.stringify(markedFile)};\nglobalThis.out = new Lexer().lex(String(globalThis.src));`, resolveDir: path.dirname(markedFile) },
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
  });
  return result.outputFiles[0].text;
}

const options = (): MarkedOptions => ({ async: false, breaks: false, gfm: true, pedantic: false, silent: false });

describe('marked without its default instance', () => {
  it('lexes every sample exactly like marked', async () => {
    const cut = await cutModule();
    const CutLexer = cut.Lexer as typeof Lexer;
    for (const sample of CORPUS) expect(new CutLexer(options()).lex(sample)).toEqual(new Lexer(options()).lex(sample));
  });

  it('exports only the classes and defaults, not the API built on the instance', async () => {
    const cut = await cutModule();
    expect(Object.keys(cut).sort()).toEqual([...KEPT_EXPORTS].sort());
  });

  it('lets the bundler drop the Marked class and the HTML renderer when only the Lexer is used', async () => {
    // Marked#onError's text and the Renderer's markup: present in the full bundle, gone from the cut one.
    const unused = ['Please report this to https://github.com/markedjs/marked', '<blockquote>'];
    const full = await lexerOnlyBundle(MARKED_FILE);
    const cut = await lexerOnlyBundle(cutFile());
    for (const text of unused) {
      expect(full).toContain(text);
      expect(cut).not.toContain(text);
    }
    expect(cut.length).toBeLessThan(full.length - 8000);
  });

  it('fails loudly when marked changes its layout', () => {
    expect(() => cutMarkedInstance('export { a as Lexer };')).toThrow(/Marked/);
    expect(() => cutMarkedInstance('class M {}\nexport { M as Marked, L as Lexer };')).toThrow(/new Marked/);
  });

  it('touches only marked.esm.js', () => {
    const plugin = markedLexerOnly();
    const transform = plugin.transform as (code: string, id: string) => { code: string } | null;
    expect(transform('export const x = 1;', '/p/node_modules/other/lib/marked.esm.js')).toBeNull();
    expect(transform(SOURCE, MARKED_FILE)?.code).toBe(cutMarkedInstance(SOURCE));
  });
});
