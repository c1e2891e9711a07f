import path from 'node:path';
import tseslint from 'typescript-eslint';

// The layout (README "Architecture"): which folder may import which. Every side of lib/ is a
// folder; an arrow the table does not list is a lint error, so a wrong arrow fails `npm test`.
// Checked by tests/unit/layout.test.ts, which lints small samples against this very config.
//   lib/shared      ← imports nothing else from lib/
//   lib/protocol    ← shared
//   lib/playground  ← shared, protocol
//   lib/background  ← shared, protocol, playground
//   lib/pages       ← shared, protocol
//   components/     ← pages, protocol, shared
//   entrypoints/    wire everything (no rule)
/** For each folder: what it may not import, and the reason shown in the lint message. */
const LAYOUT = {
  'lib/shared': {
    forbidden: ['lib/protocol', 'lib/playground', 'lib/background', 'lib/pages', 'components', 'entrypoints'],
    why: 'lib/shared is the bottom layer: it imports nothing else from lib/ (move the shared piece down into lib/shared instead)',
  },
  'lib/protocol': {
    forbidden: ['lib/playground', 'lib/background', 'lib/pages', 'components', 'entrypoints'],
    why: 'the protocol owns its wire shapes: lib/protocol may import only lib/shared',
  },
  'lib/playground': {
    forbidden: ['lib/background', 'lib/pages', 'components', 'entrypoints'],
    why: 'the playground client knows nothing of its callers: lib/playground may import only lib/shared and lib/protocol',
  },
  'lib/background': {
    forbidden: ['lib/pages', 'components', 'entrypoints'],
    why: 'the background serves pages over ports and never imports them: lib/background may import only lib/shared, lib/protocol and lib/playground',
  },
  'lib/pages': {
    forbidden: ['lib/background', 'lib/playground', 'components', 'entrypoints'],
    why: 'pages reach data only through the port: lib/pages may import only lib/shared and lib/protocol (not lib/background, not lib/playground)',
  },
  components: {
    forbidden: ['lib/background', 'lib/playground', 'entrypoints'],
    why: 'components render page state: they may import only lib/pages, lib/protocol and lib/shared (background data comes through the port, playground types through lib/protocol or lib/shared)',
  },
};

/** WXT's source-root aliases (`@/lib/x`, `~/lib/x`, `@@/`, `~~/`). */
const ALIAS = '(?:@|~|@@|~~)/';
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const SOURCE = '*.{ts,tsx,js,jsx,mts,mjs}';
const MAX_DEPTH = 6;

/**
 * One config block per folder depth, so the relative spelling of each forbidden folder is exact
 * (from lib/pages/markdown/x.ts, lib/background is `../../background`). The rule matches the
 * specifier text: an alias path, or a relative path that lands in the forbidden folder.
 */
function layoutBlocks() {
  const blocks = [];
  for (const [from, { forbidden, why }] of Object.entries(LAYOUT)) {
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      const dir = path.posix.join(from, ...Array.from({ length: depth }, (_, i) => `d${i}`));
      const patterns = forbidden.map((target) => {
        const relative = path.posix.relative(dir, target);
        return {
          regex: `^(?:${ALIAS}${escape(target)}|${escape(relative)})(?:/|$)`,
          message: `Layout: ${why}. Allowed arrows: README.md "Architecture".`,
        };
      });
      blocks.push({
        name: `flarechat/layout/${from}/depth-${depth}`,
        files: [path.posix.join(from, ...Array.from({ length: depth }, () => '*'), SOURCE)],
        rules: { 'no-restricted-imports': ['error', { patterns }] },
      });
    }
  }
  return blocks;
}

const layoutConfigs = layoutBlocks();

// Type-aware lint. Two house rules on top of the recommended set:
// 1. model output is untrusted: innerHTML / dangerouslySetInnerHTML are banned outright
//    (components/Markdown.tsx builds VNodes from tokens and needs neither);
// 2. only lib/playground/ talks to the network: fetch and WebSocket are banned elsewhere.
const noRawHtml = [
  { selector: "MemberExpression[property.name='innerHTML']", message: 'No innerHTML: render model output through components/Markdown.tsx.' },
  { selector: "MemberExpression[property.name='outerHTML']", message: 'No outerHTML: render model output through components/Markdown.tsx.' },
  { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'No insertAdjacentHTML.' },
  { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'No dangerouslySetInnerHTML: render model output through components/Markdown.tsx.' },
];

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'bench-results/**', 'test-results/**', '*.config.*', 'eslint.config.js'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      'no-restricted-syntax': ['error', ...noRawHtml],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['entrypoints/**', 'components/**', 'lib/**'],
    ignores: ['lib/playground/**'],
    rules: {
      'no-restricted-globals': ['error',
        { name: 'fetch', message: 'Only lib/playground/ talks to the network.' },
        { name: 'WebSocket', message: 'Only lib/playground/ talks to the network.' },
      ],
    },
  },
  {
    // Tests drive fakes and browsers with loosely typed handles; keep the safety rules that matter.
    files: ['tests/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  ...layoutConfigs,
);
