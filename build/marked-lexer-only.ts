// Build plugin: FlareChat uses only marked's Lexer (lib/pages/markdown/lexer.ts; rendering is our
// own Preact code, components/markdown/render.tsx), but marked ships as one file that ends with a
// module-level `new Marked()` instance and the `marked.*` function API built on it. Those
// statements have side effects as far as the bundler can tell, so they keep the Marked class, the
// Parser, the Renderer and the TextRenderer in every page: 3.2 KB gzip that no code calls
// (issue #16). This plugin cuts that tail (from `var <instance>=new <Marked>;` to the final export)
// and exports only the classes and defaults; tree-shaking then drops what the Lexer does not use.
// The lexer code itself is untouched, so lexing is byte-for-byte marked's own
// (tests/unit/build/marked-lexer-only.test.ts compares both on a corpus).
// If a marked upgrade changes this layout, the build fails with a message instead of silently
// growing; importing a cut name (`marked`, `parse`, `lexer`, …) fails the build too.
import type { Plugin } from 'vite';

/** Exports kept: declared before the cut, so they survive it. Everything else is built on the instance. */
export const KEPT_EXPORTS = ['Hooks', 'Lexer', 'Marked', 'Parser', 'Renderer', 'TextRenderer', 'Tokenizer', 'defaults', 'getDefaults'];

const MARKED_FILE = /[\\/]node_modules[\\/]marked[\\/]lib[\\/]marked\.esm\.js$/;

/** marked.esm.js without the default instance and the API built on it; throws when the layout is not the expected one. */
export function cutMarkedInstance(code: string): string {
  const exportMatch = /export\s*\{([^}]*)\};?\s*(?:\/\/# sourceMappingURL=\S*\s*)?$/.exec(code);
  if (!exportMatch) throw new Error('marked-lexer-only: no final export list in marked.esm.js');
  const entries = exportMatch[1].split(',').map((part) => {
    const [local, exported = local] = part.trim().split(/\s+as\s+/);
    return { local, exported };
  });
  const markedClass = entries.find((e) => e.exported === 'Marked')?.local;
  if (!markedClass) throw new Error('marked-lexer-only: marked.esm.js no longer exports Marked');
  const escaped = markedClass.replace(/\$/g, '\\$');
  const instance = new RegExp(`(?:var|let|const)\\s+[\\w$]+\\s*=\\s*new ${escaped}(?:\\(\\))?;`).exec(code);
  if (!instance || instance.index > exportMatch.index) throw new Error('marked-lexer-only: no module-level `new Marked()` before the exports');
  const kept = entries.filter((e) => KEPT_EXPORTS.includes(e.exported));
  if (!kept.some((e) => e.exported === 'Lexer')) throw new Error('marked-lexer-only: marked.esm.js no longer exports Lexer');
  const list = kept.map((e) => (e.local === e.exported ? e.local : `${e.local} as ${e.exported}`)).join(',');
  return `${code.slice(0, instance.index)}export{${list}};\n`;
}

export function markedLexerOnly(): Plugin {
  return {
    name: 'flarechat:marked-lexer-only',
    enforce: 'pre',
    apply: 'build',
    transform(code, id) {
      if (!MARKED_FILE.test(id.split('?')[0])) return null;
      // The kept code does not move (only a tail is cut), so `map: null` keeps the existing map valid.
      return { code: cutMarkedInstance(code), map: null };
    },
  };
}
