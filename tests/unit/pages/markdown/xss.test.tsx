// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { Markdown } from '../../../../components/Markdown';
import { XSS_CORPUS } from './xss-corpus';
import { MAX_BLOCK_DEPTH, MAX_INLINE_DEPTH } from '../../../../lib/pages/markdown/lexer';

/** Tags the renderer may produce, and the attributes each may carry. */
const GLOBAL_ATTRS = new Set(['class']);
const ALLOWED: Readonly<Record<string, ReadonlySet<string>>> = {
  div: new Set(['aria-busy', 'tabindex']),
  p: new Set(), span: new Set(['aria-hidden', 'aria-live', 'role']),
  h1: new Set(), h2: new Set(), h3: new Set(), h4: new Set(), h5: new Set(), h6: new Set(),
  strong: new Set(), em: new Set(), del: new Set(), code: new Set(), pre: new Set(['tabindex']), br: new Set(), hr: new Set(),
  blockquote: new Set(), ul: new Set(), ol: new Set(['start']), li: new Set(),
  table: new Set(), thead: new Set(), tbody: new Set(), tr: new Set(), th: new Set(['scope']), td: new Set(),
  a: new Set(['href', 'title', 'target', 'rel']),
  button: new Set(['type', 'aria-label']),
  input: new Set(['type', 'disabled', 'checked']),
};

let container: HTMLElement | null = null;
afterEach(() => {
  if (container) render(null, container);
  container?.remove();
  container = null;
});

function mount(markdown: string, streaming = false): HTMLElement {
  container = document.createElement('div');
  document.body.append(container);
  render(<Markdown text={markdown} streaming={streaming} />, container);
  return container;
}

function assertSafe(root: HTMLElement): void {
  for (const el of Array.from(root.querySelectorAll('*'))) {
    const tag = el.tagName.toLowerCase();
    const allowed = ALLOWED[tag];
    expect(allowed, `unexpected <${tag}>`).toBeDefined();
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      expect(name.startsWith('on'), `event handler ${name} on <${tag}>`).toBe(false);
      expect(name, `src on <${tag}>`).not.toBe('src');
      expect(['style', 'id', 'name', 'srcdoc', 'action', 'formaction', 'xlink:href'].includes(name), `${name} on <${tag}>`).toBe(false);
      expect(GLOBAL_ATTRS.has(name) || allowed?.has(name), `attribute ${name} on <${tag}>`).toBe(true);
    }
    if (tag === 'a') {
      const href = el.getAttribute('href') ?? '';
      expect(/^(https?:\/\/|mailto:)/i.test(href), `href ${href}`).toBe(true);
      expect(new URL(href).protocol).toMatch(/^(https?|mailto):$/);
      expect(el.getAttribute('rel')).toBe('noopener noreferrer');
      expect(el.getAttribute('target')).toBe('_blank');
    }
    if (tag === 'input') {
      expect(el.getAttribute('type')).toBe('checkbox');
      expect(el.hasAttribute('disabled')).toBe(true);
    }
  }
  expect(root.querySelectorAll('script, style, iframe, object, embed, form, svg, math, link, meta, base, img, textarea, template, noscript').length).toBe(0);
}

describe('XSS corpus', () => {
  it('has at least 40 cases', () => {
    expect(XSS_CORPUS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(XSS_CORPUS.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    for (const streaming of [false, true]) {
      const root = mount(c.markdown, streaming);
      assertSafe(root);
      if (c.visible) expect(root.textContent).toContain(c.visible);
      render(null, root);
    }
    // Every prefix, as it would stream in, is safe too.
    const root = mount('', true);
    for (let i = 1; i <= c.markdown.length; i++) {
      render(<Markdown text={c.markdown.slice(0, i)} streaming />, root);
      assertSafe(root);
    }
  });

  it('the DOM checker itself rejects unsafe DOM', () => {
    for (const bad of ['<img src="x">', '<a href="javascript:alert(1)" rel="noopener noreferrer" target="_blank">x</a>', '<p onclick="x">x</p>', '<p id="x">x</p>', '<p style="color:red">x</p>']) {
      const root = document.createElement('div');
      const template = new DOMParser().parseFromString(bad, 'text/html');
      root.append(...Array.from(template.body.childNodes));
      expect(() => assertSafe(root), bad).toThrow();
    }
  });

  it('renders a remote image as a link, never as <img>', () => {
    const root = mount('![x](https://evil.example/?q=secret)');
    const a = root.querySelector('a');
    expect(a?.textContent).toBe('🖼 x (https://evil.example/?q=secret)');
    expect(a?.getAttribute('href')).toBe('https://evil.example/?q=secret');
    expect(root.querySelector('img')).toBeNull();
  });

  it('renders non-http links as plain text with their label', () => {
    const root = mount('[click me](javascript:alert(1)) [ok](https://ok.example/a)');
    const links = root.querySelectorAll('a');
    expect(links.length).toBe(1);
    expect(links[0]?.getAttribute('href')).toBe('https://ok.example/a');
    expect(root.textContent).toContain('click me');
  });
});

describe('nesting depth (issue #11)', () => {
  const cases = [
    ['quotes', '>'.repeat(5_000) + ' end'],
    ['lists', Array.from({ length: 200 }, (_, i) => `${'  '.repeat(i)}- end`).join('\n')],
    ['quotes in lists', '- > '.repeat(2_000) + 'end'],
    ['emphasis', '*_'.repeat(2_000) + 'end' + '_*'.repeat(2_000)],
    ['strong', '**'.repeat(3_000) + 'end' + '**'.repeat(3_000)],
  ] as const;

  it.each(cases)('deeply nested %s render without overflowing the stack, flat beyond the limit', (_name, markdown) => {
    const root = mount(markdown);
    assertSafe(root);
    expect(root.textContent).toContain('end');
    let deepest = 0;
    const walk = (el: Element, d: number): void => {
      deepest = Math.max(deepest, d);
      for (const child of Array.from(el.children)) walk(child, d + 1);
    };
    walk(root, 0);
    expect(deepest).toBeLessThanOrEqual(2 * (MAX_BLOCK_DEPTH + MAX_INLINE_DEPTH) + 8);
  });

  it('nesting up to the limit still renders as structure', () => {
    const root = mount('>'.repeat(MAX_BLOCK_DEPTH - 1) + ' inner');
    expect(root.querySelectorAll('blockquote').length).toBe(MAX_BLOCK_DEPTH - 1);
    expect(root.querySelector('.fc-md-flat')).toBeNull();
    render(null, root);
    const flat = mount('>'.repeat(MAX_BLOCK_DEPTH + 3) + ' inner');
    expect(flat.querySelectorAll('blockquote').length).toBe(MAX_BLOCK_DEPTH);
    expect(flat.querySelector('.fc-md-flat')?.textContent).toBe('>>> inner');
  });
});
