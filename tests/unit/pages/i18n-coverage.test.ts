// Issue #7, languages: nothing a person reads escapes the catalogues. Complements i18n.test.ts
// (catalogue parity, JSX text) with the cases it does not see: literals inside conditionals,
// template literals and `??`/`||` fallbacks in JSX; the manifest's own strings; context-menu titles.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguageOverride, type LocaleMessages } from '@/lib/shared/i18n';
import { menuEntries } from '@/lib/background/surfaces/menus';
import { DEFAULT_TEMPLATES } from '@/lib/background/surfaces/templates';

const ROOT = join(__dirname, '../../..');
const catalogue = (lang: string): LocaleMessages => JSON.parse(readFileSync(join(ROOT, 'public/_locales', lang, 'messages.json'), 'utf8')) as LocaleMessages;
const VISIBLE_ATTRIBUTES = new Set(['title', 'aria-label', 'placeholder', 'alt', 'label', 'aria-description', 'aria-valuetext', 'aria-roledescription']);
const IGNORE = new Set(['FlareChat']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.tsx') ? [path] : [];
  });
}

/** Literal text reachable from a JSX child or visible attribute expression, not passing through a call (t('key') is fine). */
export function literalsInJsx(source: string, fileName = 'file.tsx'): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const visible = (text: string) => /\p{L}{2,}/u.test(text) && !IGNORE.has(text.trim());
  const collect = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node)) {
      if (visible(node.text)) found.push(node.text);
      return;
    }
    if (ts.isTemplateExpression(node)) {
      const parts = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
      if (visible(parts)) found.push(parts.trim());
      return;
    }
    if (ts.isConditionalExpression(node)) return [node.whenTrue, node.whenFalse].forEach(collect);
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      // `a ?? 'x'`, `a || 'x'`, `'x' + a`: both sides are shown; `cond && 'x'`: only the right; comparisons: neither.
      if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.PlusToken) [node.left, node.right].forEach(collect);
      else if (op === ts.SyntaxKind.AmpersandAmpersandToken) collect(node.right);
      return;
    }
    if (ts.isParenthesizedExpression(node)) return collect(node.expression);
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxExpression(node) && node.expression && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) collect(node.expression);
    if (ts.isJsxAttribute(node) && VISIBLE_ATTRIBUTES.has(node.name.getText(file)) && node.initializer && ts.isJsxExpression(node.initializer) && node.initializer.expression) {
      collect(node.initializer.expression);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('no user-visible literal in JSX expressions (components/, entrypoints/ incl. popup and options)', () => {
  it('the scanner sees conditionals, fallbacks and template literals, not t() calls', () => {
    const found = literalsInJsx(
      'const A = () => <p title={x ? "Open it" : t("k")} aria-label={`Copy ${l} code`}>{y ? "Copied" : ""}{name ?? "Untitled"}{t("ok")}{n + 1}{s === "history" && t("h")}{open && "Close"}</p>;',
    );
    expect(found).toEqual(['Open it', 'Copy   code', 'Copied', 'Untitled', 'Close']);
  });

  it('no .tsx file has one', () => {
    const files = [...sourceFiles(join(ROOT, 'components')), ...sourceFiles(join(ROOT, 'entrypoints'))];
    const offenders = files.flatMap((path) => literalsInJsx(readFileSync(path, 'utf8'), path).map((s) => `${relative(ROOT, path)}: ${s}`));
    expect(offenders).toEqual([]);
  });
});

describe('the manifest takes its strings from _locales', () => {
  it('name, description, action title and command descriptions are __MSG_ keys present in en and ru', () => {
    const config = readFileSync(join(ROOT, 'wxt.config.ts'), 'utf8');
    const values = [...config.matchAll(/\b(name|description|default_title)\s*:\s*'([^']*)'/g)].map((m) => ({ key: m[1], value: m[2] }));
    expect(values.length).toBeGreaterThanOrEqual(4);
    const en = catalogue('en');
    const ru = catalogue('ru');
    for (const { key, value } of values) {
      const match = /^__MSG_(\w+)__$/.exec(value);
      expect(match, `${key}: '${value}' is not a __MSG_ key`).not.toBeNull();
      expect(en[match![1]], `en lacks ${match![1]}`).toBeDefined();
      expect(ru[match![1]], `ru lacks ${match![1]}`).toBeDefined();
    }
  });
});

describe('context-menu titles (lib/background/surfaces/menus.ts) come from the catalogue in effect', () => {
  afterEach(() => setLanguageOverride(null));

  it('every built-in entry is translated: English catalogue in English, Russian in Russian', () => {
    const en = catalogue('en');
    const ru = catalogue('ru');
    setLanguageOverride(en);
    const english = menuEntries(DEFAULT_TEMPLATES, 'English').map((e) => e.title);
    setLanguageOverride(ru);
    const russian = menuEntries(DEFAULT_TEMPLATES, 'русский').map((e) => e.title);
    expect(english).toHaveLength(russian.length);
    expect(english.length).toBeGreaterThanOrEqual(3);
    const enMessages = new Set(Object.values(en).map((e) => e.message.replace(/\$\w+\$/g, '')));
    for (const [i, title] of english.entries()) {
      expect(russian[i], `menu entry ${i} is the same in both languages`).not.toBe(title);
      expect(russian[i], `menu entry ${i} has no Cyrillic`).toMatch(/\p{Script=Cyrillic}/u);
      // An English title is a catalogue message (placeholders filled in).
      expect([...enMessages].some((m) => m && title.startsWith(m.split('$')[0].trim().slice(0, 6))), title).toBe(true);
    }
  });
});
