import { describe, expect, it } from 'vitest';
import { chunkDocument, units, type Span } from '@/lib/background/documents/chunker';
import { estimateTokens, contextWindowOf, DEFAULT_CONTEXT_WINDOW } from '@/lib/background/documents/tokens';

const para = (i: number) => `Paragraph ${i} talks about lighthouses, tides and the weather on the northern coast. `.repeat(4).trim();
const code = (i: number) => ['```ts', ...Array.from({ length: 12 }, (_, k) => `const value${i}_${k} = ${k} * 2; // line ${k}`), '```'].join('\n');

/** A markdown-ish document: headings, paragraphs, fenced code (one with a blank line inside), emoji and CJK. */
function sample(): string {
  const parts: string[] = [];
  for (let i = 0; i < 40; i++) {
    if (i % 7 === 0) parts.push(`## Chapter ${i}`);
    parts.push(para(i));
    if (i % 5 === 0) parts.push(code(i).replace('line 5', 'line 5\n\n  // a blank line inside the fence'));
    if (i % 9 === 0) parts.push('灯台の記録。'.repeat(40) + '😀🚢'.repeat(30));
  }
  return parts.join('\n\n');
}

function fences(text: string): Span[] {
  return [...text.matchAll(/```ts\n[\s\S]*?\n```/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

function expectCover(text: string, sections: Span[]): void {
  expect(sections[0].start).toBe(0);
  expect(sections.at(-1)!.end).toBe(text.length);
  for (let i = 1; i < sections.length; i++) expect(sections[i].start).toBe(sections[i - 1].end);
}

describe('chunkDocument', () => {
  it('covers the text in order, every section within the token budget', () => {
    const text = sample();
    for (const max of [200, 500, 1500]) {
      const sections = chunkDocument(text, max);
      expectCover(text, sections);
      for (const s of sections) expect(estimateTokens(text.slice(s.start, s.end))).toBeLessThanOrEqual(max);
      expect(sections.length).toBeGreaterThan(1);
    }
  });

  it('never cuts inside a fenced code block (blank lines inside it included)', () => {
    const text = sample();
    const blocks = fences(text);
    expect(blocks.length).toBeGreaterThan(5);
    for (const max of [200, 350, 800]) {
      const cuts = chunkDocument(text, max).map((s) => s.end);
      for (const cut of cuts) for (const b of blocks) expect(cut > b.start && cut < b.end, `cut ${cut} inside ${b.start}-${b.end} (max ${max})`).toBe(false);
    }
    // The unit under the chunker keeps the fence whole.
    expect(units(code(1)).length).toBe(1);
  });

  it('never cuts between the halves of a surrogate pair, even with no spaces to cut at', () => {
    const text = 'a' + '😀'.repeat(5_000) + '\n\n' + 'x'.repeat(10_000);
    const sections = chunkDocument(text, 300);
    expectCover(text, sections);
    for (const s of sections) {
      const before = text.charCodeAt(s.end - 1);
      expect(before >= 0xd800 && before <= 0xdbff).toBe(false);
      expect(estimateTokens(text.slice(s.start, s.end))).toBeLessThanOrEqual(300);
    }
  });

  it('cuts an oversized paragraph at a sentence end or a space, not mid-word', () => {
    const text = Array.from({ length: 400 }, (_, i) => `Sentence number ${i} ends here.`).join(' ');
    const sections = chunkDocument(text, 250);
    expectCover(text, sections);
    for (const s of sections.slice(0, -1)) expect(text[s.end - 1]).toMatch(/\s/);
  });

  it('starts a new section at a heading once the current one is half full', () => {
    const text = `${'word '.repeat(300)}\n\n## Heading\n\n${'more '.repeat(50)}`;
    const sections = chunkDocument(text, 200);
    expect(sections.some((s) => text.slice(s.start).startsWith('## Heading'))).toBe(true);
  });
});

describe('estimates', () => {
  it('errs on the large side: ~3 ASCII characters a token, one token per other character', () => {
    expect(estimateTokens('abcdef')).toBe(2);
    expect(estimateTokens('灯台')).toBe(2);
    expect(estimateTokens('😀')).toBe(1);
  });

  it('contextWindowOf: the model list’s window, else a safe default', () => {
    expect(contextWindowOf({ id: 'a', label: 'a', family: 'x', contextWindow: 24_000 })).toBe(24_000);
    expect(contextWindowOf({ id: 'a', label: 'a', family: 'x' })).toBe(DEFAULT_CONTEXT_WINDOW);
    expect(contextWindowOf(undefined)).toBe(DEFAULT_CONTEXT_WINDOW);
    expect(contextWindowOf({ id: 'a', label: 'a', family: 'x', contextWindow: Number.NaN })).toBe(DEFAULT_CONTEXT_WINDOW);
  });
});
