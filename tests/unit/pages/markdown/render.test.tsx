// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { Token } from 'marked';
import { LONG_ANSWER_BLOCKS, Markdown } from '../../../../components/Markdown';
import { MAX_RENDER_DEPTH, renderBlocks } from '../../../../components/markdown/render';
import { whenHighlighterReady } from '../../../../lib/pages/markdown/highlight';

let container: HTMLElement | null = null;
afterEach(() => {
  if (container) render(null, container);
  container?.remove();
  container = null;
});

function mount(text: string, props: { streaming?: boolean; onCopyCode?: (code: string) => void } = {}): HTMLElement {
  container = document.createElement('div');
  document.body.append(container);
  render(<Markdown text={text} {...props} />, container);
  return container.firstElementChild as HTMLElement;
}

/** Structure without classes: tags and text, for exact-structure assertions. */
function shape(node: Node): string {
  if (node.nodeType === 3) return node.textContent ?? '';
  const el = node as Element;
  const tag = el.tagName.toLowerCase();
  return `<${tag}>${Array.from(el.childNodes).map(shape).join('')}</${tag}>`;
}
const inner = (el: Element): string => Array.from(el.childNodes).map(shape).join('');

describe('Markdown rendering', () => {
  it('paragraphs, emphasis, strong, del, inline code', () => {
    const root = mount('Hello *em* **strong** ***both*** ~~gone~~ `a<b`\n\nSecond');
    expect(inner(root)).toBe('<p>Hello <em>em</em> <strong>strong</strong> <em><strong>both</strong></em> <del>gone</del> <code>a<b</code></p><p>Second</p>');
    expect(root.querySelector('code')?.className).toBe('fc-md-inline-code');
  });

  it('headings h1-h6 (ATX and setext)', () => {
    const root = mount('# One\n## Two\n###### Six\n\nSet\n===\n\nSet2\n---');
    expect(inner(root)).toBe('<h1>One</h1><h2>Two</h2><h6>Six</h6><h1>Set</h1><h2>Set2</h2>');
  });

  it('line breaks and horizontal rules', () => {
    const root = mount('a  \nb\\\nc\nd\n\n---');
    expect(inner(root)).toBe('<p>a<br></br>b<br></br>c\nd</p><hr></hr>');
  });

  it('blockquotes (nested)', () => {
    const root = mount('> quote\n>> nested');
    expect(inner(root)).toBe('<blockquote><p>quote</p><blockquote><p>nested</p></blockquote></blockquote>');
  });

  it('tight and loose, ordered and unordered lists', () => {
    expect(inner(mount('- a\n- b'))).toBe('<ul><li>a</li><li>b</li></ul>');
    render(null, container!);
    expect(inner(mount('1. a\n\n2. b'))).toBe('<ol><li><p>a</p></li><li><p>b</p></li></ol>');
    render(null, container!);
    const ol = mount('3. three\n4. four').querySelector('ol');
    expect(ol?.getAttribute('start')).toBe('3');
  });

  it('task lists render disabled checkboxes', () => {
    const root = mount('- [ ] todo\n- [x] done');
    const boxes = root.querySelectorAll('input');
    expect(boxes.length).toBe(2);
    expect((boxes[0]).checked).toBe(false);
    expect((boxes[1]).checked).toBe(true);
    for (const box of Array.from(boxes)) {
      expect(box.getAttribute('type')).toBe('checkbox');
      expect(box.hasAttribute('disabled')).toBe(true);
    }
    expect(root.textContent).toContain('todo');
  });

  it('tables with alignment, th scope and a scroll wrapper', () => {
    const root = mount('| L | C | R |\n|:--|:-:|--:|\n| 1 | **2** | 3 |');
    const wrap = root.querySelector('.fc-md-table-wrap');
    expect(wrap?.getAttribute('tabindex')).toBe('0');
    expect(inner(wrap!)).toBe('<table><thead><tr><th>L</th><th>C</th><th>R</th></tr></thead><tbody><tr><td>1</td><td><strong>2</strong></td><td>3</td></tr></tbody></table>');
    const ths = Array.from(root.querySelectorAll('th'));
    expect(ths.map((th) => th.getAttribute('scope'))).toEqual(['col', 'col', 'col']);
    expect(ths.map((th) => th.className)).toEqual(['fc-md-align-left', 'fc-md-align-center', 'fc-md-align-right']);
    expect(root.querySelector('td')?.hasAttribute('style')).toBe(false);
  });

  it('safe links open in a new tab without opener; mailto allowed', () => {
    const root = mount('[site](https://example.com/a?b=1) <https://x.example> me@example.com [m](mailto:a@b.example)');
    const links = Array.from(root.querySelectorAll('a'));
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.com/a?b=1', 'https://x.example/', 'mailto:me@example.com', 'mailto:a@b.example']);
    for (const a of links) {
      expect(a.getAttribute('target')).toBe('_blank');
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    }
  });

  it('raw HTML blocks and inline tags are shown as text', () => {
    const root = mount('<div class="x">hi</div>\n\ntext <b>bold</b>');
    expect(root.querySelector('.fc-md-raw-html')?.textContent).toBe('<div class="x">hi</div>');
    expect(root.querySelector('b')).toBeNull();
    expect(root.textContent).toContain('<b>bold</b>');
  });

  it('decodes character references into text only', () => {
    const root = mount('&lt;b&gt; &amp; &#65; &copy; &unknownentity;');
    expect(root.textContent).toBe('<b> & A © &unknownentity;');
    expect(root.querySelector('b')).toBeNull();
  });
});

describe('code blocks', () => {
  // The highlighter is a lazily loaded chunk (tests/unit/pages/markdown/lazy.test.tsx covers the
  // plain → highlighted transition); here it is loaded up front so the first render is highlighted.
  beforeAll(() => whenHighlighterReady(true));

  it('fenced code: <pre><code>, language label, hidden label, copy button', () => {
    const root = mount('```js\nconst a = "x"; // hi\n```');
    const block = root.querySelector('.fc-md-code')!;
    const pre = block.querySelector('pre')!;
    const code = pre.querySelector('code')!;
    expect(pre.firstElementChild).toBe(code);
    expect(code.className).toBe('language-javascript');
    expect(code.textContent).toBe('const a = "x"; // hi');
    expect(block.querySelector('.fc-md-code-lang')?.textContent).toBe('js');
    expect(block.querySelector('.fc-md-sr-only:not([role])')?.textContent).toBe('Code block, js');
    const button = block.querySelector('button')!;
    expect(button.getAttribute('type')).toBe('button');
    expect(button.getAttribute('aria-label')).toBe('Copy js code');
  });

  it('highlighting emits <span class="token …"> elements (not HTML strings)', () => {
    const root = mount('```ts\nconst x: number = 1 as const;\n```');
    const code = root.querySelector('code')!;
    const keyword = code.querySelector('span.token.keyword');
    expect(keyword?.textContent).toBe('const');
    expect(code.querySelectorAll('span.token').length).toBeGreaterThan(3);
    expect(code.textContent).toBe('const x: number = 1 as const;');
    for (const span of Array.from(code.querySelectorAll('*'))) {
      expect(span.tagName).toBe('SPAN');
      expect(Array.from(span.attributes).map((a) => a.name)).toEqual(['class']);
    }
  });

  it.each(['javascript', 'typescript', 'jsx', 'tsx', 'python', 'bash', 'json', 'css', 'html', 'c', 'cpp', 'java', 'go', 'rust', 'sql', 'yaml', 'diff', 'markdown'])(
    'highlights %s',
    (lang) => {
      const samples: Record<string, string> = { diff: '+ added\n- removed', json: '{"a": 1}', yaml: 'a: 1', markdown: '# title', css: 'a { color: red; }', html: '<p class="x">hi</p>', sql: 'SELECT 1 FROM t' };
      const source = samples[lang] ?? 'if (x) { return 1; }';
      const code = mount('```' + lang + '\n' + source + '\n```').querySelector('code')!;
      expect(code.querySelectorAll('span.token').length).toBeGreaterThan(0);
      expect(code.textContent).toBe(source);
    },
  );

  it('unknown languages and indented code render plain text', () => {
    const root = mount('```brainfuck\n+++[>+<-]\n```\n\n    indented <b>');
    const codes = root.querySelectorAll('pre code');
    expect(codes.length).toBe(2);
    expect(codes[0]?.children.length).toBe(0);
    expect(codes[0]?.hasAttribute('class')).toBe(false);
    expect(codes[0]?.textContent).toBe('+++[>+<-]');
    expect(codes[1]?.textContent).toBe('indented <b>');
  });

  it('an unclosed fence while streaming renders as a code block', () => {
    const root = mount('Here:\n\n```python\ndef f():\n    return `x`', { streaming: true });
    expect(root.getAttribute('aria-busy')).toBe('true');
    const code = root.querySelector('pre code');
    expect(code?.textContent).toBe('def f():\n    return `x`');
    expect(root.textContent).not.toContain('```');
  });

  it('copy button calls onCopyCode with the code and announces "Copied"', async () => {
    const onCopyCode = vi.fn();
    const root = mount('```\nline 1\nline 2\n```', { onCopyCode });
    const button = root.querySelector('button')!;
    button.click();
    expect(onCopyCode).toHaveBeenCalledWith('line 1\nline 2');
    await new Promise((r) => setTimeout(r, 0));
    expect(button.textContent).toBe('Copied');
    const status = root.querySelector('[role="status"]');
    expect(status?.getAttribute('aria-live')).toBe('polite');
    expect(status?.textContent).toBe('Copied to clipboard');
  });

  it('without a callback, copy uses navigator.clipboard.writeText', () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const root = mount('```sh\necho hi\n```');
    root.querySelector('button')!.click();
    expect(writeText).toHaveBeenCalledWith('echo hi');
  });
});

describe('streaming re-render', () => {
  it('stable blocks keep their DOM nodes while the tail grows', () => {
    const root = mount('# Title\n\nFirst paragraph.\n\nSec', { streaming: true });
    const h1 = root.querySelector('h1');
    const p1 = root.querySelector('p');
    render(<Markdown text={'# Title\n\nFirst paragraph.\n\nSecond paragraph'} streaming />, container!);
    expect(root.querySelector('h1')).toBe(h1);
    expect(root.querySelector('p')).toBe(p1);
    expect(root.querySelectorAll('p')[1]?.textContent).toBe('Second paragraph');
  });

  it(`an answer of LONG_ANSWER_BLOCKS blocks or more is marked long (its blocks out of view skip layout); shorter ones are not`, () => {
    const paragraphs = (n: number) => Array.from({ length: n }, (_, i) => `Paragraph ${i + 1}.`).join('\n\n');
    const root = mount(paragraphs(LONG_ANSWER_BLOCKS - 1), { streaming: true });
    expect(root.classList.contains('fc-md-long')).toBe(false);
    const first = root.querySelector('p');
    render(<Markdown text={paragraphs(LONG_ANSWER_BLOCKS) + '\n\nTail'} streaming />, container!);
    expect(root.classList.contains('fc-md-long')).toBe(true);
    expect(root.classList.contains('fc-md-streaming')).toBe(true);
    // Becoming long re-renders no block: the first one is the same node.
    expect(root.querySelector('p')).toBe(first);
    render(<Markdown text={paragraphs(LONG_ANSWER_BLOCKS + 1)} />, container!);
    expect(root.className).toBe('fc-md fc-md-long');
  });

  it('rendered output equals a fresh render at every step', () => {
    const text = '# T\n\n- a\n- b\n\n```js\nlet x = 1;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n***bold em*** done';
    const fresh = document.createElement('div');
    const root = mount('', { streaming: true });
    // Each step 200 ms apart: the streaming fence's highlight throttle never holds back a render.
    let clock = 0;
    const now = vi.spyOn(performance, 'now').mockImplementation(() => (clock += 200));
    onTestFinished(() => now.mockRestore());
    for (let i = 1; i <= text.length; i++) {
      render(<Markdown text={text.slice(0, i)} streaming />, container!);
      render(<Markdown text={text.slice(0, i)} streaming />, fresh);
      expect(inner(root)).toBe(inner(fresh.firstElementChild!));
      render(null, fresh);
    }
  });
});

describe('render depth bound (issue #11)', () => {
  it('renders a token tree deeper than MAX_RENDER_DEPTH as text below the bound', () => {
    // A hand-built tree (not from the lexer): 5,000 nested blockquotes.
    let token: Token = { type: 'paragraph', raw: 'core', text: 'core', tokens: [{ type: 'text', raw: 'core', text: 'core' }] };
    for (let i = 0; i < 5_000; i++) token = { type: 'blockquote', raw: `>${token.raw}`, text: token.raw, tokens: [token] };
    const host = document.createElement('div');
    render(<div>{renderBlocks([token], {})}</div>, host);
    expect(host.querySelectorAll('blockquote').length).toBeLessThanOrEqual(MAX_RENDER_DEPTH);
    expect(host.textContent).toContain('core');
  });
});
