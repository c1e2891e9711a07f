import tseslint from 'typescript-eslint';

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
);
