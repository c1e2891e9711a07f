// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Token } from 'marked';
import { lexFull } from '../../../../lib/pages/markdown/lexer';
import { IncrementalLexer } from '../../../../lib/pages/markdown/incremental';
import { Markdown } from '../../../../components/Markdown';
import { mathNodes } from '../../../../components/markdown/math-dom';

/** Every math token (text, display) found anywhere in the lexed text. */
function maths(text: string): Array<[string, boolean]> {
  const found: Array<[string, boolean]> = [];
  const walk = (tokens: readonly Token[]): void => {
    for (const t of tokens) {
      if (t.type === 'math') { const m = t as unknown as { text: string; display: boolean }; found.push([m.text, m.display]); }
      if ('tokens' in t && Array.isArray(t.tokens)) walk(t.tokens);
      if (t.type === 'list') for (const item of t.items as Array<{ tokens: Token[] }>) walk(item.tokens);
    }
  };
  walk(lexFull(text).blocks);
  return found;
}

describe('math delimiters (issue #12)', () => {
  it('finds inline and display math', () => {
    expect(maths('Euler: $e^{i\\pi} + 1 = 0$.')).toEqual([['e^{i\\pi} + 1 = 0', false]]);
    expect(maths('$$\n\\int_0^1 x\\,dx = \\tfrac12\n$$')).toEqual([['\\int_0^1 x\\,dx = \\tfrac12', true]]);
    expect(maths('so $$a_1 * b_2$$ holds')).toEqual([['a_1 * b_2', true]]);
  });

  it('never treats prices as math', () => {
    expect(maths('It costs $5 and $10 with tax.')).toEqual([]);
    expect(maths('Pick $5, $10 or $20.')).toEqual([]);
    expect(maths('About US$5 or US$10 each.')).toEqual([]);
    expect(maths('It was $3.50, now $4.20 (or $5).')).toEqual([]);
    expect(maths('Paid $ 5 and 6 $ total.')).toEqual([]);
  });

  it('leaves escaped dollars, code spans and code blocks alone', () => {
    expect(maths('A \\$x\\$ escaped.')).toEqual([]);
    expect(maths('Shell: `echo $HOME$PATH` ok')).toEqual([]);
    expect(maths('```sh\necho $a$ $$b$$\n```')).toEqual([]);
    expect(maths('    indented $x$ code')).toEqual([]);
    expect(maths('costs $5 and $10, code `$x$` stays')).toEqual([]);
  });

  it('keeps underscores and stars inside math out of emphasis', () => {
    const blocks = lexFull('Here $a_1 * b_2 * c_3$ and _real emphasis_.').blocks;
    const para = blocks[0] as { tokens: Token[] };
    expect(para.tokens.map((t) => t.type)).toEqual(['text', 'math', 'text', 'em', 'text']);
  });

  it('does not span blank lines or newlines in inline math', () => {
    expect(maths('$$a\n\nb$$')).toEqual([]);
    expect(maths('$a\nb$')).toEqual([]);
  });

  it('streams: half an expression is text, the closed one is math, incremental equals a full lex', () => {
    const text = 'Mass-energy: $E = mc^2$ and\n\n$$\n\\sum_{k=1}^n k = \\frac{n(n+1)}{2}\n$$\n\nPrices $5 and $10.';
    const lexer = new IncrementalLexer();
    for (let i = 1; i <= text.length; i++) {
      const prefix = text.slice(0, i);
      expect(lexer.update(prefix)).toEqual(lexFull(prefix).blocks);
    }
    expect(maths('Mass-energy: $E = mc^')).toEqual([]);
    expect(maths(text).map(([, d]) => d)).toEqual([false, true]);
  });
});

describe('math rendering', () => {
  let container: HTMLElement | null = null;
  afterEach(() => {
    if (container) render(null, container);
    container?.remove();
  });

  it('builds allow-listed MathML nodes only, no KaTeX HTML, no annotation', () => {
    const fragment = mathNodes('\\frac{a}{b} + \\sqrt{x}', false);
    expect(fragment).not.toBeNull();
    const root = fragment!.firstChild as Element;
    expect(root.localName).toBe('math');
    expect(root.namespaceURI).toBe('http://www.w3.org/1998/Math/MathML');
    const names = new Set(Array.from(root.querySelectorAll('*')).map((e) => e.localName));
    expect(names.has('mfrac')).toBe(true);
    expect(names.has('annotation')).toBe(false);
    expect(names.has('span')).toBe(false);
  });

  it('never turns untrusted commands into links or images (trust off)', () => {
    for (const tex of ['\\href{javascript:alert(1)}{x}', '\\includegraphics{https://evil.example/x.png}', '\\url{https://evil.example}']) {
      const fragment = mathNodes(tex, false);
      const all = fragment ? Array.from((fragment.firstChild as Element).querySelectorAll('*')) : [];
      expect(all.every((e) => e.getAttributeNames().every((a) => !/href|src/i.test(a)))).toBe(true);
      expect(fragment?.textContent ?? '').not.toContain('evil');
    }
    expect(mathNodes('\\def\\a{\\a\\a}\\a', false)).toBeNull(); // maxExpand
  });

  it('renders the source as text first, then MathML once KaTeX is loaded', async () => {
    container = document.createElement('div');
    document.body.append(container);
    render(<Markdown text={'Area $\\pi r^2$ and $5 and $10.'} />, container);
    const span = container.querySelector('[data-testid=math]')!;
    expect(container.querySelectorAll('[data-testid=math]')).toHaveLength(1);
    await expect.poll(() => container!.querySelector('[data-testid=math]')?.getAttribute('data-state'), { timeout: 5000 }).toBe('rendered');
    expect(container.querySelector('[data-testid=math] math')).not.toBeNull();
    expect(container.textContent).toContain('$5 and $10.');
    expect(span).toBeTruthy();
  });
});
