// Locale catalogues stay in step, and no component hard-codes user-visible text.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { currentLanguage, format, setLanguageOverride, t, type LocaleMessages } from '@/lib/shared/i18n';
import ruCatalogue from '@/public/_locales/ru/messages.json';

const ROOT = join(__dirname, '../../..');
const locale = (lang: string): LocaleMessages => JSON.parse(readFileSync(join(ROOT, 'public/_locales', lang, 'messages.json'), 'utf8'));
const LANGS = readdirSync(join(ROOT, 'public/_locales'));

/** Placeholder names a message uses ($name$). */
const used = (message: string) => [...message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1].toLowerCase()).sort();

export function catalogueProblems(catalogues: Record<string, LocaleMessages>): string[] {
  const problems: string[] = [];
  const langs = Object.keys(catalogues);
  const allKeys = new Set(langs.flatMap((l) => Object.keys(catalogues[l])));
  for (const key of allKeys) {
    for (const lang of langs) {
      const entry = catalogues[lang][key];
      if (!entry) {
        problems.push(`${lang}: missing "${key}"`);
        continue;
      }
      if (!entry.message.trim()) problems.push(`${lang}: "${key}" is empty`);
      const declared = Object.keys(entry.placeholders ?? {}).map((p) => p.toLowerCase()).sort();
      for (const name of used(entry.message)) if (!declared.includes(name)) problems.push(`${lang}: "${key}" uses undeclared $${name}$`);
    }
    const shapes = langs.map((l) => catalogues[l][key]).filter(Boolean).map((e) => JSON.stringify(Object.keys(e.placeholders ?? {}).sort()));
    if (new Set(shapes).size > 1) problems.push(`"${key}": placeholders differ between locales`);
  }
  return problems;
}

// Strings that may appear literally in JSX (not words a user reads as UI copy).
const IGNORE = new Set<string>(['FlareChat']);
/** Attributes whose string values are shown to people. */
const VISIBLE_ATTRIBUTES = new Set(['title', 'aria-label', 'placeholder', 'alt', 'label', 'aria-description']);

function tsxFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsxFiles(path);
    return path.endsWith('.tsx') ? [path] : [];
  });
}

export function hardCodedStrings(source: string, fileName = 'file.tsx'): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const visible = (text: string) => /\p{L}/u.test(text) && !IGNORE.has(text.trim());
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && visible(node.text)) found.push(node.text.trim());
    if (ts.isJsxExpression(node) && node.expression && ts.isStringLiteralLike(node.expression) && ts.isJsxElement(node.parent) && visible(node.expression.text)) {
      found.push(node.expression.text);
    }
    if (ts.isJsxAttribute(node) && VISIBLE_ATTRIBUTES.has(node.name.getText(file)) && node.initializer) {
      const init = node.initializer;
      const literal = ts.isStringLiteral(init) ? init : ts.isJsxExpression(init) && init.expression && ts.isStringLiteralLike(init.expression) ? init.expression : null;
      if (literal && visible(literal.text)) found.push(literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('locale catalogues', () => {
  it('every key exists in every locale with the same placeholders (en, ru)', () => {
    expect(LANGS.sort()).toEqual(['en', 'ru']);
    const catalogues = Object.fromEntries(LANGS.map((l) => [l, locale(l)]));
    expect(catalogueProblems(catalogues)).toEqual([]);
    expect(catalogues.en.extName).toBeDefined();
    expect(catalogues.ru.extDescription).toBeDefined();
  });

  it('the check catches a key missing from one locale and a placeholder mismatch', () => {
    const en: LocaleMessages = { a: { message: 'A' }, b: { message: 'Hi $name$', placeholders: { name: { content: '$1' } } } };
    const ru: LocaleMessages = { b: { message: 'Привет $who$', placeholders: { who: { content: '$1' } } } };
    expect(catalogueProblems({ en, ru })).toEqual(['ru: missing "a"', '"b": placeholders differ between locales']);
    expect(catalogueProblems({ en: { c: { message: 'Hi $x$' } } })).toEqual(['en: "c" uses undeclared $x$']);
  });

  it('Russian is a real translation, not a copy of English', () => {
    const en = locale('en');
    const ru = locale('ru');
    const same = Object.keys(en).filter((k) => en[k].message === ru[k]?.message && /[a-z]{4,}/i.test(en[k].message));
    // Names and language labels may match; nothing else should.
    expect(same.filter((k) => !['extName', 'languageEnglish', 'modelOptionLabel'].includes(k))).toEqual([]);
  });
});

describe('t()', () => {
  afterEach(() => setLanguageOverride(null));

  it('falls back to the bundled English catalogue and substitutes placeholders', () => {
    expect(t('newChat')).toBe('New chat');
    expect(t('charCount', '10', '20')).toBe('10 / 20 characters');
  });

  it('uses the override dictionary for a language chosen in settings', () => {
    setLanguageOverride(ruCatalogue, 'ru');
    expect(currentLanguage()).toBe('ru');
    expect(t('newChat')).toBe('Новый чат');
    expect(t('toastDeleted', 'X')).toBe('«X» удалён');
  });

  it('format follows Chrome rules: $name$ → content, $1 → substitution, $$ → $', () => {
    expect(format({ message: 'Cost: $$$n$', placeholders: { n: { content: '$1' } } }, ['5'])).toBe('Cost: $5');
  });
});

describe('no hard-coded user-visible strings in components/ and entrypoints/', () => {
  it('the scanner finds JSX text, literal children and visible attributes, and skips the ignore list', () => {
    const found = hardCodedStrings(`const A = () => <div title="Close me" data-x="ok">Hello {'there'} {t('k')} FlareChat <b> 42 </b></div>;`);
    expect(found).toEqual(['Close me', 'Hello', 'there']);
  });

  it('no .tsx file has one', () => {
    const files = [...tsxFiles(join(ROOT, 'components')), ...tsxFiles(join(ROOT, 'entrypoints'))];
    expect(files.length).toBeGreaterThan(5);
    const offenders = files.flatMap((path) => hardCodedStrings(readFileSync(path, 'utf8'), path).map((s) => `${relative(ROOT, path)}: ${s}`));
    expect(offenders).toEqual([]);
  });
});
