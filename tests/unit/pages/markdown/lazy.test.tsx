// @vitest-environment happy-dom
/**
 * The highlighter is a lazily loaded chunk. This file has its own module instance (vitest isolates
 * test files), so it starts with the highlighter not loaded; the tests run in order.
 */
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Markdown } from '../../../../components/Markdown';
import { LIVE_HIGHLIGHT_INTERVAL } from '../../../../components/markdown/CodeBlock';
import { highlighterState, highlightStats, whenHighlighterReady } from '../../../../lib/pages/markdown/highlight';
import { GRAMMARS } from '../../../../lib/pages/markdown/languages';

let container: HTMLElement | null = null;
afterEach(() => {
  if (container) render(null, container);
  container?.remove();
  container = null;
});

function mount(text: string, streaming = false): HTMLElement {
  container ??= document.body.appendChild(document.createElement('div'));
  render(<Markdown text={text} streaming={streaming} />, container);
  return container;
}

async function waitFor(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Only <span class> elements (and text) inside <code>, and the code text intact. */
function assertSpansOnly(code: Element, source: string): void {
  for (const el of Array.from(code.querySelectorAll('*'))) {
    expect(el.tagName, `<${el.tagName.toLowerCase()} ${Array.from(el.attributes).map((a) => a.name).join(" ")}>`).toBe('SPAN');
    expect(Array.from(el.attributes).map((a) => a.name)).toEqual(['class']);
  }
  expect(code.textContent).toBe(source);
}

describe('lazy highlighter', () => {
  it('is not requested by text, unknown languages or indented code', async () => {
    mount('# Title\n\nSome `code` and text.\n\n```brainfuck\n+++\n```\n\n    indented\n\n```\nno language\n```');
    await new Promise((r) => setTimeout(r, 20));
    expect(highlighterState()).toBe('idle');
  });

  it('a known language renders plain first, requests the chunk, then re-renders highlighted', async () => {
    const root = mount('```ts\nconst x: number = 1;\n```');
    const code = root.querySelector('code')!;
    expect(highlighterState()).toBe('loading');
    expect(code.className).toBe('language-typescript');
    expect(code.children.length).toBe(0);
    expect(code.textContent).toBe('const x: number = 1;');
    await whenHighlighterReady();
    await waitFor(() => root.querySelector('code span.token') !== null);
    expect(highlighterState()).toBe('ready');
    expect(root.querySelector('code span.token.keyword')?.textContent).toBe('const');
    assertSpansOnly(root.querySelector('code')!, 'const x: number = 1;');
  });

  it('registers every grammar the fence aliases point to', async () => {
    const { isRegistered } = await import('../../../../lib/pages/markdown/highlighter');
    for (const grammar of GRAMMARS) expect(isRegistered(grammar), grammar).toBe(true);
  });

  it('never produces markup from HTML strings in code: spans only (complete and streamed)', async () => {
    await whenHighlighterReady(true);
    const payload = '<img src=x onerror=alert(1)><script>alert(1)</script><a href="javascript:alert(1)">x</a> &lt;b&gt; &amp; &#60;svg onload=alert(1)&#62; <!-- c -->';
    const sources: Array<[string, string]> = [
      ['html', payload],
      ['svg', `<svg onload="alert(1)"><foreignObject>${payload}</foreignObject></svg>`],
      ['markdown', `# t\n\n${payload}\n\n\`\`\`html\n${payload}\n\`\`\``],
      ['js', `el.innerHTML = "${payload.replace(/"/g, '\\"')}"; // ${payload}`],
      ['css', `a::after { content: "${payload.replace(/"/g, "'")}"; }`],
    ];
    for (const [lang, source] of sources) {
      const md = '````' + lang + '\n' + source + '\n````';
      assertSpansOnly(mount(md).querySelector('code')!, source);
      expect(container!.querySelector('code span')).not.toBeNull();
      // Streamed: every prefix of the open fence, including throttled prefix + plain renders.
      render(null, container!);
      for (let i = lang.length + 6; i <= md.length; i += 3) {
        const root = mount(md.slice(0, i), true);
        const code = root.querySelector('pre code');
        if (code) expect(Array.from(code.querySelectorAll('*')).every((el) => el.tagName === 'SPAN' && el.attributes.length === 1)).toBe(true);
      }
      render(null, container!);
      expect(document.querySelectorAll('img, script, a[href^="javascript"], svg').length).toBe(0);
    }
  });

  it(`re-highlights a streaming fence at most every ${LIVE_HIGHLIGHT_INTERVAL} ms, fully once it closes`, async () => {
    await whenHighlighterReady(true);
    let clock = 1_000_000;
    const now = vi.spyOn(performance, 'now').mockImplementation(() => clock);
    try {
      const lines = Array.from({ length: 40 }, (_, i) => `  const v${i} = compute("x", ${i});`);
      const full = '```ts\n' + lines.join('\n') + '\n```';
      const before = highlightStats.calls;
      let text = '```ts\n';
      for (const line of lines) {
        for (const piece of line.match(/.{1,4}/g) ?? []) {
          text += piece;
          clock += 16; // one render per animation frame
          mount(text, true);
        }
        text += '\n';
      }
      const renders = (text.length - 6) / 4;
      const streamedCalls = highlightStats.calls - before;
      // ~16 ms per frame, one highlight per 150 ms: about one in ten renders highlights.
      expect(streamedCalls).toBeLessThan(renders / 5);
      // Between highlights the code is still complete: highlighted prefix + plain rest.
      expect(container!.querySelector('code')?.textContent).toBe(text.slice(6, -1));
      mount(full, true);
      const code = container!.querySelector('code')!;
      expect(code.textContent).toBe(lines.join('\n'));
      expect(code.querySelectorAll('span.token').length).toBeGreaterThan(200);
      console.info(`streaming fence: ${streamedCalls} highlight calls for ${Math.round(renders)} renders`);
    } finally {
      now.mockRestore();
    }
  });

  it('a throttled fence catches up by itself when no more text arrives', async () => {
    await whenHighlighterReady(true);
    mount('```js\nlet a = 1;', true);
    mount('```js\nlet a = 1;\nlet b = 2;', true);
    const code = (): Element => container!.querySelector('code')!;
    await waitFor(() => code().lastChild?.nodeType === 1, LIVE_HIGHLIGHT_INTERVAL * 4);
    expect(code().querySelectorAll('span.token.keyword').length).toBe(2);
  });
});
